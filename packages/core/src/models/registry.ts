import { ScenarioError } from '../errors.js';
import type { tf } from '../tf.js';
import { buildMlp } from './mlp.js';
import { buildReferenceCnn } from './reference-cnn.js';
import { buildResnetSmall } from './resnet-small.js';

/** A model builder: takes its options object (every field optional) and returns an uncompiled model. */
// `never` accepts builders of any options type: a builder of `MlpOptions` is a builder of `never`.
export type ModelBuilder = (options?: never) => tf.LayersModel;

/** Named builders. */
export type ModelBuilders = Readonly<Record<string, ModelBuilder>>;

/** The options object of a builder. */
export type BuilderOptions<B extends ModelBuilder> = NonNullable<Parameters<B>[0]>;

/** A frozen set of named builders. */
export interface ModelRegistry<B extends ModelBuilders = ModelBuilders> {
  /** The builders by name, frozen: spread them into `createModelRegistry` to extend the set. */
  readonly builders: B;
  /** Registered names, sorted. */
  readonly names: readonly string[];
  has(name: string): name is keyof B & string;
  /** Builds the named model; an unknown name is an INVALID_ARGUMENT error that lists the known names. */
  build<K extends keyof B & string>(name: K, options?: BuilderOptions<B[K]>): tf.LayersModel;
  build(name: string, options?: object): tf.LayersModel;
}

/**
 * Creates a frozen registry. Registries are never changed after creation; to add models,
 * make a new one from the default builders plus your own:
 *
 * @example
 * const registry = createModelRegistry({ ...MODEL_BUILDERS, 'my-net': buildMyNet });
 * registry.build('my-net', { numClasses: 3 });
 */
export function createModelRegistry<B extends ModelBuilders>(builders: B): ModelRegistry<B> {
  const frozen = Object.freeze({ ...builders });
  for (const [name, builder] of Object.entries(frozen)) {
    if (name.trim() === '' || typeof builder !== 'function') {
      throw new ScenarioError(
        'INVALID_ARGUMENT',
        `model registry entry "${name}" must be a non-empty name and a builder function`,
      );
    }
  }
  const names = Object.freeze(Object.keys(frozen).sort());
  const has = (name: string): name is keyof B & string => Object.hasOwn(frozen, name);
  return Object.freeze({
    builders: frozen,
    names,
    has,
    build(name: string, options?: object): tf.LayersModel {
      if (!has(name)) {
        throw new ScenarioError('INVALID_ARGUMENT', `unknown model "${name}"; known models: ${names.join(', ')}`, {
          details: { model: name, known: [...names] },
        });
      }
      return (frozen[name] as (options?: object) => tf.LayersModel)(options);
    },
  });
}

/** The toolkit's builders: `mlp`, `reference-cnn`, `resnet-small`. */
export const MODEL_BUILDERS = Object.freeze({
  mlp: buildMlp,
  'reference-cnn': buildReferenceCnn,
  'resnet-small': buildResnetSmall,
});

export type ModelName = keyof typeof MODEL_BUILDERS;

/** The default registry, over `MODEL_BUILDERS`. */
export const modelRegistry: ModelRegistry<typeof MODEL_BUILDERS> = createModelRegistry(MODEL_BUILDERS);

/**
 * Builds a model of the default registry by name.
 *
 * @example
 * buildModel('reference-cnn').countParams(); // 93322
 * buildModel('vgg'); // throws ScenarioError INVALID_ARGUMENT: unknown model "vgg"; known models: mlp, reference-cnn, resnet-small
 */
export function buildModel<K extends ModelName>(
  name: K,
  options?: BuilderOptions<(typeof MODEL_BUILDERS)[K]>,
): tf.LayersModel;
export function buildModel(name: string, options?: object): tf.LayersModel;
export function buildModel(name: string, options?: object): tf.LayersModel {
  return modelRegistry.build(name, options);
}

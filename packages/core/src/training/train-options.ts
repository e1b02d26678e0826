import type { Dataset, TensorSpec } from '../data/dataset.js';
import { ScenarioError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import type { tf } from '../tf.js';
import type { Callback } from './callback.js';
import { type ClassWeights, classWeightVector } from './class-weights.js';
import { type LossFunction, type LossName, resolveLoss } from './losses.js';
import { type Metric, type MetricName, resolveMetrics } from './metrics.js';
import { createOptimizer, type OptimizerName } from './optimizer.js';

/** What an augmentation hook learns about the batch it transforms. */
export interface AugmentContext {
  readonly epoch: number;
  readonly batch: number;
  /**
   * A seed for this batch, derived from the training seed, the epoch and the batch: build
   * the hook's random generator from it (for example the data module's `createRng(seed)`).
   */
  readonly seed: number;
}

/**
 * Transforms a batch of training inputs; runs inside `tf.tidy`, so intermediate tensors are
 * freed. It may return its input unchanged. Validation data is never augmented.
 */
export type AugmentFunction = (xs: tf.Tensor, context: AugmentContext) => tf.Tensor;

export interface TrainOptions {
  /** Training examples; shuffled every epoch with a seed derived from `seed` and the epoch. */
  trainData: Dataset;
  /** Evaluated after every epoch into `val_loss` and `val_<metric>`; never shuffled or augmented. Default none. */
  validationData?: Dataset;
  /** Passes over `trainData`. Default 1. */
  epochs?: number;
  /** Examples per training step (and per validation batch); the last batch may be smaller. Default 32. */
  batchSize?: number;
  /**
   * Seeds the shuffle order, the dropout masks and the `augment` hook's per-batch seeds.
   * Initial weights are seeded by the model builder (its own `seed` option), not here.
   * With the same model seed, data and backend, the same seed gives the same losses.
   * Default 0.
   */
  seed?: number;
  /**
   * An optimizer name or a tfjs optimizer. A named one is created here and disposed when
   * training ends; an instance stays the caller's (pass one to keep its state across calls).
   * Default 'adam'.
   */
  optimizer?: OptimizerName | tf.Optimizer;
  /** Learning rate of a named optimizer. Default: `DEFAULT_LEARNING_RATES[optimizer]` (0.001 for adam). */
  learningRate?: number;
  /** A loss name or a function of (yTrue, yPred) giving one loss per example. Default 'sparseCategoricalCrossentropy'. */
  loss?: LossName | LossFunction;
  /** Metrics reported per batch and per epoch. Default ['accuracy']. */
  metrics?: readonly (MetricName | Metric)[];
  /** Called in order; see `Callback`. Default none. */
  callbacks?: readonly Callback[];
  /** Applied to every training batch's inputs. Default none. */
  augment?: AugmentFunction;
  /**
   * Multiplies each example's training loss by the weight of its class; the batch loss is
   * then the mean over the batch (as Keras does). Validation losses are not weighted. Default none.
   */
  classWeights?: ClassWeights;
  /** Aborting ends training before the next batch; `train()` then resolves with stopReason 'aborted'. */
  signal?: AbortSignal;
  /** Receives a debug line per epoch and an info line at the end. Default silent. */
  logger?: Logger;
}

/** `TrainOptions` checked, with defaults applied. */
export interface TrainPlan {
  trainData: Dataset;
  validationData: Dataset | undefined;
  epochs: number;
  batchSize: number;
  seed: number;
  loss: LossFunction;
  metrics: Metric[];
  callbacks: readonly Callback[];
  augment: AugmentFunction | undefined;
  /** Dense weight per class index. */
  classWeights: number[] | undefined;
  signal: AbortSignal | undefined;
  logger: Logger;
}

/** Checks the options against the model; creates nothing, so a refusal leaks nothing. */
export function resolveTrainOptions(model: tf.LayersModel, options: TrainOptions): TrainPlan {
  const epochs = options.epochs ?? 1;
  const batchSize = options.batchSize ?? 32;
  const seed = options.seed ?? 0;
  checkPositiveInt('epochs', epochs);
  checkPositiveInt('batchSize', batchSize);
  if (!Number.isSafeInteger(seed)) invalid(`seed must be an integer, got ${seed}`);
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    invalid(
      `train() needs a model with one input and one output, got ${model.inputs.length} and ${model.outputs.length}`,
    );
  }
  checkData('trainData', options.trainData, model);
  if (options.trainData.size === 0) invalid('trainData is empty');
  if (options.validationData !== undefined) {
    checkData('validationData', options.validationData, model);
    if (options.validationData.size === 0) invalid('validationData is empty');
  }
  if (options.learningRate !== undefined && typeof options.optimizer === 'object') {
    invalid('learningRate applies to a named optimizer; set the rate on the optimizer instance instead');
  }
  const outputs = model.outputs[0]?.shape.at(-1) ?? 1;
  return {
    trainData: options.trainData,
    validationData: options.validationData,
    epochs,
    batchSize,
    seed,
    loss: resolveLoss(options.loss ?? 'sparseCategoricalCrossentropy'),
    metrics: resolveMetrics(options.metrics ?? ['accuracy']),
    callbacks: options.callbacks ?? [],
    augment: options.augment,
    // One sigmoid output still has two classes, 0 and 1.
    classWeights: options.classWeights && classWeightVector(options.classWeights, Math.max(2, outputs)),
    signal: options.signal,
    logger: options.logger ?? silentLogger,
  };
}

/** Creates the named optimizer, or hands back the caller's instance. */
export function resolveOptimizer(options: TrainOptions): { optimizer: tf.Optimizer; owned: boolean } {
  const optimizer = options.optimizer ?? 'adam';
  if (typeof optimizer === 'object') return { optimizer, owned: false };
  return { optimizer: createOptimizer(optimizer, options.learningRate), owned: true };
}

/** The data's example shape must fit the model's input (a `null` model dimension fits any size). */
function checkData(name: string, data: Dataset, model: tf.LayersModel): void {
  const expected = model.inputs[0]?.shape.slice(1) ?? [];
  const actual = data.elementSpec.x.shape;
  const fits = expected.length === actual.length && expected.every((size, i) => size === null || size === actual[i]);
  if (!fits) {
    invalid(`${name} examples have shape ${formatShape(actual)} but the model expects ${formatShape(expected)}`, {
      expected,
      actual,
    });
  }
}

const formatShape = (shape: TensorSpec['shape'] | readonly (number | null)[]) =>
  `[${shape.map((size) => size ?? '?').join(', ')}]`;

function checkPositiveInt(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) invalid(`${name} must be a positive integer, got ${value}`);
}

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new ScenarioError('INVALID_ARGUMENT', message, details ? { details } : {});
}

import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import { buildMlp } from './mlp.js';
import { buildModel, createModelRegistry, MODEL_BUILDERS, modelRegistry } from './registry.js';

describe('model registry', () => {
  it('names the three toolkit models and builds each by name with its options', () => {
    expect(modelRegistry.names).toEqual(['mlp', 'reference-cnn', 'resnet-small']);
    const mlp = buildModel('mlp', { inputShape: [4], hiddenUnits: [], numClasses: 2 });
    expect(mlp.countParams()).toBe(10);
    const cnn = buildModel('reference-cnn');
    expect(cnn.countParams()).toBe(93322);
    const resnet = buildModel('resnet-small', {
      inputShape: [8, 8, 1],
      numClasses: 3,
      widths: [4, 8],
      blocksPerStage: 1,
    });
    expect(resnet.countParams()).toBe(1391);
    for (const model of [mlp, cnn, resnet]) model.dispose();
  });

  it('refuses an unknown name with INVALID_ARGUMENT listing the known names', () => {
    let thrown: unknown;
    try {
      buildModel('vgg16');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ScenarioError);
    const error = thrown as ScenarioError;
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toBe('unknown model "vgg16"; known models: mlp, reference-cnn, resnet-small');
    expect(error.details).toEqual({ model: 'vgg16', known: ['mlp', 'reference-cnn', 'resnet-small'] });
    // Inherited object properties are not models.
    expect(() => buildModel('toString')).toThrow(/unknown model "toString"/);
  });

  it('is frozen: the default set cannot be changed in place', () => {
    expect(Object.isFrozen(modelRegistry)).toBe(true);
    expect(Object.isFrozen(modelRegistry.builders)).toBe(true);
    expect(Object.isFrozen(MODEL_BUILDERS)).toBe(true);
    expect(() => {
      (MODEL_BUILDERS as Record<string, unknown>).extra = buildMlp;
    }).toThrow(TypeError);
    expect(modelRegistry.has('extra')).toBe(false);
  });

  it('extends by creating a new registry from the defaults plus your own builders', () => {
    const buildTiny = (options: { units?: number } = {}) =>
      tf.sequential({ layers: [tf.layers.dense({ units: options.units ?? 1, inputShape: [2] })] });
    const registry = createModelRegistry({ ...MODEL_BUILDERS, tiny: buildTiny });
    expect(registry.names).toEqual(['mlp', 'reference-cnn', 'resnet-small', 'tiny']);
    const tiny = registry.build('tiny', { units: 3 });
    expect(tiny.countParams()).toBe(2 * 3 + 3);
    tiny.dispose();
    expect(modelRegistry.has('tiny')).toBe(false);
    expect(() => modelRegistry.build('tiny')).toThrow(ScenarioError);
  });

  it('refuses entries that are not builders', () => {
    expect(() => createModelRegistry({ broken: 42 as never })).toThrow(
      /"broken" must be a non-empty name and a builder/,
    );
    expect(() => createModelRegistry({ '': buildMlp })).toThrow(ScenarioError);
  });
});

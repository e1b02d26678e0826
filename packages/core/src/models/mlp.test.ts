import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import { buildMlp } from './mlp.js';

describe('buildMlp', () => {
  let tensorsBefore = 0;
  beforeEach(() => {
    tensorsBefore = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('flattens a 28x28x1 image into one hidden layer of 128 and a softmax of 10 by default', () => {
    const model = buildMlp();
    // 784*128 + 128 = 100480 for the hidden layer, 128*10 + 10 = 1290 for the output.
    expect(model.countParams()).toBe(101770);
    expect(model.layers.map((layer) => layer.getClassName())).toEqual(['Flatten', 'Dense', 'Dense']);
    const probabilities = tf.tidy(() => model.predict(tf.ones([2, 28, 28, 1])) as tf.Tensor);
    expect(probabilities.shape).toEqual([2, 10]);
    const rowSums = tf.tidy(() => probabilities.sum(1).arraySync() as number[]);
    for (const sum of rowSums) expect(sum).toBeCloseTo(1, 5);
    probabilities.dispose();
    model.dispose();
  });

  it('takes a flat input without a Flatten layer and any number of hidden layers', () => {
    const model = buildMlp({ inputShape: [5], hiddenUnits: [16, 8], numClasses: 3 });
    // (5*16 + 16) + (16*8 + 8) + (8*3 + 3) = 96 + 136 + 27
    expect(model.countParams()).toBe(259);
    expect(model.layers.map((layer) => layer.getClassName())).toEqual(['Dense', 'Dense', 'Dense']);
    model.dispose();

    const logistic = buildMlp({ inputShape: [4], hiddenUnits: [], numClasses: 3 });
    expect(logistic.countParams()).toBe(4 * 3 + 3);
    logistic.dispose();
  });

  it('puts dropout after every hidden layer when asked', () => {
    const model = buildMlp({ inputShape: [5], hiddenUnits: [16, 8], dropout: 0.25 });
    expect(model.layers.map((layer) => layer.getClassName())).toEqual([
      'Dense',
      'Dropout',
      'Dense',
      'Dropout',
      'Dense',
    ]);
    expect(model.layers[1]?.getConfig().rate).toBe(0.25);
    model.dispose();
  });

  it('builds the same initial weights from the same seed and different ones from another seed', () => {
    const weightsOf = (seed: number) => {
      const model = buildMlp({ inputShape: [6], hiddenUnits: [6, 6], seed });
      const values = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return values;
    };
    const first = weightsOf(7);
    expect(weightsOf(7)).toEqual(first);
    expect(weightsOf(8)[0]).not.toEqual(first[0]);
    // The two 6x6 hidden kernels of one model get seeds of their own, so they differ.
    expect(first[2]).toHaveLength(36);
    expect(first[2]).not.toEqual(first[0]);
  });

  it.each([
    [{ numClasses: 1 }, /numClasses must be at least 2/],
    [{ dropout: 1 }, /dropout must be in \[0, 1\)/],
    [{ hiddenUnits: [0] }, /hiddenUnits\[0\] must be a positive integer/],
    [{ inputShape: [] }, /inputShape must have at least one dimension/],
    [{ inputShape: [28, 2.5] }, /inputShape\[1\] must be a positive integer/],
    [{ seed: 0.5 }, /seed must be an integer/],
  ])('rejects %o with INVALID_ARGUMENT', (options, message) => {
    const build = () => buildMlp(options);
    expect(build).toThrow(ScenarioError);
    expect(build).toThrow(message);
    try {
      build();
    } catch (error) {
      expect((error as ScenarioError).code).toBe('INVALID_ARGUMENT');
    }
  });
});

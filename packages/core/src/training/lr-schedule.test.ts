import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import { cosineDecay, LearningRateScheduler, stepDecay } from './lr-schedule.js';
import { TensorDataset } from './test-support/tensor-dataset.js';
import { train } from './train.js';

describe('learning-rate schedules', () => {
  it('step decay multiplies by factor every stepEpochs epochs', () => {
    const schedule = stepDecay({ initial: 0.1, factor: 0.5, stepEpochs: 2 });
    const rates = [0, 1, 2, 3, 4].map(schedule);
    expect(rates).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
    expect(stepDecay({ initial: 1 })(25)).toBeCloseTo(0.01, 12); // 0.1^floor(25 / 10)
  });

  it('cosine decay warms up linearly, then follows half a cosine down to the minimum', () => {
    const schedule = cosineDecay({ initial: 0.1, epochs: 6, warmupEpochs: 2 });
    // warm-up 0.1 * 1/2, 0.1 * 2/2; then t = 0, 1/4, 2/4, 3/4: 0.05 * (1 + cos(pi t))
    const expected = [0.05, 0.1, 0.1, 0.05 * (1 + Math.SQRT1_2), 0.05, 0.05 * (1 - Math.SQRT1_2)];
    [0, 1, 2, 3, 4, 5].forEach((epoch, i) => {
      expect(schedule(epoch)).toBeCloseTo(expected[i] as number, 12);
    });
    const withFloor = cosineDecay({ initial: 0.1, epochs: 4, minimum: 0.02 });
    expect(withFloor(2)).toBeCloseTo(0.06, 12); // 0.02 + 0.08 * (1 + cos(pi / 2)) / 2
    expect(withFloor(10)).toBeCloseTo(0.02, 12);
  });

  it.each([
    [() => stepDecay({ initial: 0 }), /initial must be a finite number > 0/],
    [() => stepDecay({ initial: 0.1, factor: 2 }), /factor must be in \(0, 1\]/],
    [() => stepDecay({ initial: 0.1, stepEpochs: 0 }), /stepEpochs must be a positive integer/],
    [
      () => cosineDecay({ initial: 0.1, epochs: 2, warmupEpochs: 2 }),
      /epochs must be an integer greater than warmupEpochs/,
    ],
    [() => cosineDecay({ initial: 0.1, epochs: 5, minimum: 0.1 }), /minimum must be in \[0, initial\)/],
  ])('refuses bad options (%#)', (make, message) => {
    expect(make).toThrow(ScenarioError);
    expect(make).toThrow(message);
  });
});

describe('LearningRateScheduler', () => {
  // One example x = 1, y = 0, and one weight w = 1 with no bias: the loss is w^2, its gradient 2w.
  const data = new TensorDataset({
    x: Float32Array.of(1),
    y: Float32Array.of(0),
    elementSpec: { x: { shape: [1], dtype: 'float32' }, y: { shape: [1], dtype: 'float32' } },
  });
  const linear = () =>
    tf.sequential({
      layers: [tf.layers.dense({ units: 1, inputShape: [1], useBias: false, kernelInitializer: 'ones' })],
    });
  const weight = (model: tf.LayersModel) => (model.getWeights()[0] as tf.Tensor).dataSync()[0];
  const rates = [0.1, 0.05];

  it.each([
    // sgd: w = 1 - 0.1 * 2 = 0.8, then 0.8 - 0.05 * 1.6 = 0.72
    ['sgd', 0.72],
    // adam: the first step moves by the rate (m/sqrt(v) = 1): 0.9; the second by 0.05 * 0.995878: 0.850206
    ['adam', 0.850206],
  ] as const)('sets the rate of %s each epoch, and the steps use it', async (optimizer, expected) => {
    const model = linear();
    const history = await train(model, {
      trainData: data,
      epochs: 2,
      batchSize: 1,
      optimizer,
      loss: 'meanSquaredError',
      metrics: [],
      callbacks: [new LearningRateScheduler((epoch) => rates[epoch] as number)],
    });
    expect(history.epochs.map((e) => e.lr)).toEqual(rates);
    expect(weight(model)).toBeCloseTo(expected, 5);
    model.dispose();
  });
});

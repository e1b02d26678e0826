import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import {
  createOptimizer,
  DEFAULT_LEARNING_RATES,
  getLearningRate,
  type OptimizerName,
  setLearningRate,
} from './optimizer.js';

describe('optimizers', () => {
  it.each(Object.keys(DEFAULT_LEARNING_RATES) as OptimizerName[])(
    'creates %s with its default rate and changes it',
    (name) => {
      const optimizer = createOptimizer(name);
      expect(getLearningRate(optimizer)).toBe(DEFAULT_LEARNING_RATES[name]);
      setLearningRate(optimizer, 0.5);
      expect(getLearningRate(optimizer)).toBe(0.5);
      optimizer.dispose();
    },
  );

  it('applies a new SGD rate to the next step (SGD caches -rate as a tensor)', () => {
    // Minimising w^2 from w = 1: the gradient is 2, so one step moves w by 2 * rate.
    const w = tf.variable(tf.scalar(1));
    const optimizer = createOptimizer('sgd', 0.1);
    const step = () => optimizer.minimize(() => w.square() as tf.Scalar);
    step();
    expect(w.dataSync()[0]).toBeCloseTo(0.8, 6);
    setLearningRate(optimizer, 0.01);
    step(); // gradient 1.6
    expect(w.dataSync()[0]).toBeCloseTo(0.784, 6);
    optimizer.dispose();
    w.dispose();
  });

  it('refuses unknown names, bad rates and optimizers without a rate', () => {
    expect(() => createOptimizer('lbfgs' as never)).toThrow(/unknown optimizer "lbfgs"; known optimizers: adam, sgd/);
    expect(() => createOptimizer('adam', 0)).toThrow(ScenarioError);
    const adam = createOptimizer('adam');
    expect(() => setLearningRate(adam, Number.POSITIVE_INFINITY)).toThrow(/finite number > 0/);
    adam.dispose();
    const bare = Object.create(tf.Optimizer.prototype) as tf.Optimizer;
    Object.defineProperty(bare, 'getClassName', { value: () => 'Bare' });
    expect(getLearningRate(bare)).toBeNaN();
    expect(() => setLearningRate(bare, 0.1)).toThrow(/Bare has no learning rate to set/);
  });
});

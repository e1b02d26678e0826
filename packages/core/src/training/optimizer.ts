import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';

/** Learning rates used when none is given: Keras's defaults. */
export const DEFAULT_LEARNING_RATES = Object.freeze({
  adam: 0.001,
  sgd: 0.01,
  momentum: 0.01,
  rmsprop: 0.001,
  adagrad: 0.01,
});

export type OptimizerName = keyof typeof DEFAULT_LEARNING_RATES;

/**
 * Creates a tfjs optimizer by name. `momentum` is SGD with momentum 0.9. `learningRate`
 * defaults to the entry of `DEFAULT_LEARNING_RATES`.
 */
export function createOptimizer(name: OptimizerName, learningRate?: number): tf.Optimizer {
  if (!Object.hasOwn(DEFAULT_LEARNING_RATES, name)) {
    throw new ScenarioError(
      'INVALID_ARGUMENT',
      `unknown optimizer "${name}"; known optimizers: ${Object.keys(DEFAULT_LEARNING_RATES).join(', ')}`,
    );
  }
  const rate = learningRate ?? DEFAULT_LEARNING_RATES[name];
  checkLearningRate(rate);
  switch (name) {
    case 'adam':
      return tf.train.adam(rate);
    case 'sgd':
      return tf.train.sgd(rate);
    case 'momentum':
      return tf.train.momentum(rate, 0.9);
    case 'rmsprop':
      return tf.train.rmsprop(rate);
    case 'adagrad':
      return tf.train.adagrad(rate);
  }
}

// tfjs optimizers keep the rate in a protected `learningRate` field; SGD and momentum also
// cache `-learningRate` as a tensor that only `setLearningRate` refreshes.
interface LearningRateFields {
  learningRate?: unknown;
  setLearningRate?: (learningRate: number) => void;
}

/** The optimizer's current learning rate, or NaN when it does not expose one. */
export function getLearningRate(optimizer: tf.Optimizer): number {
  const { learningRate } = optimizer as unknown as LearningRateFields;
  return typeof learningRate === 'number' ? learningRate : Number.NaN;
}

/** Sets the learning rate used by the optimizer's next steps. */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  checkLearningRate(learningRate);
  const fields = optimizer as unknown as LearningRateFields;
  if (typeof fields.setLearningRate === 'function') {
    fields.setLearningRate(learningRate);
  } else if (typeof fields.learningRate === 'number') {
    fields.learningRate = learningRate;
  } else {
    throw new ScenarioError('INVALID_ARGUMENT', `${optimizer.getClassName()} has no learning rate to set`);
  }
}

function checkLearningRate(learningRate: number): void {
  if (!(Number.isFinite(learningRate) && learningRate > 0)) {
    throw new ScenarioError('INVALID_ARGUMENT', `learning rate must be a finite number > 0, got ${learningRate}`);
  }
}

import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import type { LossFunction } from './losses.js';

/**
 * Sparse categorical crossentropy against smoothed targets (Szegedy et al., 2016): the label
 * gets `1 - smoothing + smoothing / classes` and every other class `smoothing / classes`, so
 * the loss is `-sum_k q_k log p_k`. It keeps a network from driving its softmax to certainty
 * on the training set. Labels are integers of shape [n] or [n, 1]; probabilities are clipped to
 * [1e-7, 1 - 1e-7] as the plain loss does. `smoothing` 0 gives the plain loss.
 *
 * @example
 * train(model, { trainData, loss: labelSmoothingCrossentropy(0.1) });
 * // label 0 of 2 classes, p = [0.9, 0.1]: -(0.95 ln 0.9 + 0.05 ln 0.1) = 0.2152
 */
export function labelSmoothingCrossentropy(smoothing: number): LossFunction {
  if (!(smoothing >= 0 && smoothing < 1)) {
    throw new ScenarioError('INVALID_ARGUMENT', `label smoothing must be in [0, 1), got ${smoothing}`);
  }
  return (yTrue, yPred) => {
    const classes = yPred.shape[yPred.rank - 1] as number;
    const oneHot = tf.oneHot(yTrue.reshape([-1]).toInt(), classes);
    const targets = tf.add(tf.mul(oneHot, 1 - smoothing), smoothing / classes);
    return tf.neg(tf.sum(tf.mul(targets, tf.log(tf.clipByValue(yPred, 1e-7, 1 - 1e-7))), -1));
  };
}

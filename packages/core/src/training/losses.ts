import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import { perExampleMean } from './targets.js';

/**
 * A loss: takes a batch of targets and of predictions and returns one loss per example
 * (shape [n]); `train()` weights and averages them.
 */
export type LossFunction = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/** Keras's fuzz factor: probabilities are clipped to [EPSILON, 1 - EPSILON] before the log. */
const EPSILON = 1e-7;

const clipProbabilities = (p: tf.Tensor) => tf.clipByValue(p, EPSILON, 1 - EPSILON);

/** -log p(label) for integer labels of shape [n] or [n, 1] against softmax probabilities [n, classes]. */
export const sparseCategoricalCrossentropy: LossFunction = (yTrue, yPred) => {
  const numClasses = yPred.shape[yPred.rank - 1] as number;
  const oneHot = tf.oneHot(yTrue.reshape([-1]).toInt(), numClasses);
  return tf.neg(tf.log(clipProbabilities(tf.sum(tf.mul(oneHot, yPred), -1))));
};

/** -sum(y log p) for one-hot (or soft) targets of the predictions' shape. */
export const categoricalCrossentropy: LossFunction = (yTrue, yPred) =>
  tf.neg(tf.sum(tf.mul(yTrue, tf.log(clipProbabilities(yPred))), -1));

/** -(y log p + (1 - y) log(1 - p)) for sigmoid outputs, averaged over outputs of one example. */
export const binaryCrossentropy: LossFunction = (yTrue, yPred) => {
  const y = yTrue.reshape(yPred.shape).toFloat();
  const p = clipProbabilities(yPred);
  const terms = tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p))));
  return perExampleMean(tf.neg(terms));
};

/** (y - p)^2, averaged over the outputs of one example. */
export const meanSquaredError: LossFunction = (yTrue, yPred) =>
  perExampleMean(tf.squaredDifference(yTrue.reshape(yPred.shape).toFloat(), yPred));

/** The built-in losses by name. */
export const LOSSES = Object.freeze({
  sparseCategoricalCrossentropy,
  categoricalCrossentropy,
  binaryCrossentropy,
  meanSquaredError,
});

export type LossName = keyof typeof LOSSES;

export function resolveLoss(loss: LossName | LossFunction): LossFunction {
  if (typeof loss === 'function') return loss;
  if (Object.hasOwn(LOSSES, loss)) return LOSSES[loss];
  throw new ScenarioError(
    'INVALID_ARGUMENT',
    `unknown loss "${loss}"; known losses: ${Object.keys(LOSSES).join(', ')}`,
  );
}

import { tf } from '../tf.js';

/**
 * How targets relate to predictions, which decides how losses, accuracy and class weights
 * read them: 'binary' for one probability per example (shape [n] or [n, 1]), 'one-hot' when
 * targets have the predictions' shape, 'sparse' for integer class labels ([n] or [n, 1]).
 */
export type TargetKind = 'binary' | 'one-hot' | 'sparse';

export function targetKind(yTrue: tf.Tensor, yPred: tf.Tensor): TargetKind {
  if (yPred.rank === 1 || yPred.shape[yPred.rank - 1] === 1) return 'binary';
  return tf.util.arraysEqual(yTrue.shape, yPred.shape) ? 'one-hot' : 'sparse';
}

/** The class index of each example's target, as int32 of shape [n]. */
export function targetClasses(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    switch (targetKind(yTrue, yPred)) {
      case 'binary':
        return tf.greater(yTrue.reshape([-1]), 0.5).toInt() as tf.Tensor1D;
      case 'one-hot':
        return tf.argMax(yTrue, -1).reshape([-1]) as tf.Tensor1D;
      case 'sparse':
        return yTrue.reshape([-1]).toInt() as tf.Tensor1D;
    }
  });
}

/** The predicted class of each example, as int32 of shape [n]: argmax, or probability > 0.5 when binary. */
export function predictedClasses(yPred: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    if (yPred.rank === 1 || yPred.shape[yPred.rank - 1] === 1)
      return tf.greater(yPred.reshape([-1]), 0.5).toInt() as tf.Tensor1D;
    return tf.argMax(yPred, -1).reshape([-1]) as tf.Tensor1D;
  });
}

/** The mean over every axis but the first: one value per example. */
export function perExampleMean(values: tf.Tensor): tf.Tensor1D {
  if (values.rank === 1) return values as tf.Tensor1D;
  const axes = Array.from({ length: values.rank - 1 }, (_, i) => i + 1);
  return tf.mean(values, axes) as tf.Tensor1D;
}

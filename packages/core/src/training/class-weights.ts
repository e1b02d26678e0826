import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import { targetClasses } from './targets.js';

/** A weight per class index, as an object (`{ 1: 5 }`) or an array; classes left out weigh 1. */
export type ClassWeights = Readonly<Record<number, number>> | readonly number[];

/** The weights as a dense vector over `numClasses` classes, checked. */
export function classWeightVector(classWeights: ClassWeights, numClasses: number): number[] {
  const vector = Array<number>(numClasses).fill(1);
  for (const [key, weight] of Object.entries(classWeights)) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index >= numClasses) {
      throw new ScenarioError(
        'INVALID_ARGUMENT',
        `classWeights has class ${key}, but the model has classes 0..${numClasses - 1}`,
      );
    }
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw new ScenarioError('INVALID_ARGUMENT', `classWeights[${key}] must be a finite number >= 0, got ${weight}`);
    }
    vector[index] = weight;
  }
  return vector;
}

/** Each example's weight: the weight of its target class. */
export function exampleWeights(weights: tf.Tensor1D, yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => tf.gather(weights, targetClasses(yTrue, yPred)));
}

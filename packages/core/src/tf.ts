/**
 * The single TensorFlow.js instance used by the toolkit. Import `tf` from here (or from
 * `@scenarios/core`) so that models, tensors and backends all live in one engine.
 */
import * as tf from '@tensorflow/tfjs';

export { tf };

import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import type { NamedTensors, OipDatatype, ServedModel, TensorData, TensorMetadata } from './served-model.js';

export interface LayersServedModelOptions {
  name: string;
  version: string;
  model: tf.LayersModel;
  /** Names clients use for the model's inputs, in `model.inputs` order. Default: the layers' own names. */
  inputNames?: string[];
  /** Names of the model's outputs, in `model.outputs` order. Default: the layers' own names. */
  outputNames?: string[];
}

type NumericDtype = 'float32' | 'int32';

const DATATYPE_OF: Readonly<Record<NumericDtype, OipDatatype>> = { float32: 'FP32', int32: 'INT32' };

/**
 * Serves a tfjs `LayersModel` with float32 or int32 inputs and outputs. Metadata comes from the model
 * (unknown dimensions become -1). A batch of requests becomes one `predict` call: each input is
 * concatenated along its first (batch) dimension and each output is split back into the rows of each
 * request, so requests batched together must agree on their other dimensions. Every tensor is disposed.
 *
 * @example
 * const served = layersServedModel({ name: 'iris', version: '1', model, inputNames: ['x'], outputNames: ['probs'] });
 * const [out] = await served.predict([{ x: { datatype: 'FP32', shape: [1, 4], data: [5.1, 3.5, 1.4, 0.2] } }]);
 * // out.probs: { datatype: 'FP32', shape: [1, 3], data: Float32Array [...] }
 */
export function layersServedModel(options: LayersServedModelOptions): ServedModel {
  const { model } = options;
  const inputs = model.inputs.map((input, i) => metadataOf(input, options.inputNames?.[i]));
  const outputs = model.outputs.map((output, i) => metadataOf(output, options.outputNames?.[i]));
  return {
    name: options.name,
    version: options.version,
    platform: 'tensorflowjs',
    inputs,
    outputs,
    isReady: () => true,
    predict: async (batch) => {
      if (batch.length === 0) return [];
      const ys = tf.tidy(() => {
        const xs = inputs.map((meta) => concatenate(batch.map((item) => tensorOf(item, meta.name))));
        const predicted = model.predict(xs.length === 1 ? (xs[0] as tf.Tensor) : xs);
        return Array.isArray(predicted) ? predicted : [predicted];
      });
      try {
        const values = await Promise.all(ys.map((y) => y.data<NumericDtype>()));
        const rows = batch.map((item) => tensorOf(item, (inputs[0] as TensorMetadata).name).shape[0] ?? 1);
        const results: NamedTensors[] = batch.map(() => ({}));
        ys.forEach((y, o) => {
          const name = (outputs[o] as TensorMetadata).name;
          const datatype = DATATYPE_OF[y.dtype as NumericDtype];
          const rest = y.shape.slice(1);
          let row = 0;
          rows.forEach((count, i) => {
            const data = (values[o] as Float32Array | Int32Array).subarray(
              row * size(rest),
              (row + count) * size(rest),
            );
            (results[i] as NamedTensors)[name] = { datatype, shape: [count, ...rest], data };
            row += count;
          });
        });
        return results;
      } finally {
        tf.dispose(ys);
      }
    },
  };
}

function metadataOf(symbolic: tf.SymbolicTensor, name: string | undefined): TensorMetadata {
  const datatype = DATATYPE_OF[symbolic.dtype as NumericDtype];
  if (datatype === undefined) {
    throw new ScenarioError(
      'MODEL_INVALID',
      `tensor ${symbolic.name} has dtype ${symbolic.dtype}; only float32 and int32 are served`,
    );
  }
  return { name: name ?? symbolic.name, datatype, shape: symbolic.shape.map((dim) => dim ?? -1) };
}

function tensorOf(item: NamedTensors, name: string): TensorData {
  const tensor = item[name];
  if (tensor === undefined) throw new ScenarioError('INVALID_ARGUMENT', `missing input '${name}'`);
  return tensor;
}

/** Stacks one input of every request along the batch dimension into one tensor. */
function concatenate(tensors: TensorData[]): tf.Tensor {
  const first = tensors[0] as TensorData;
  const rest = first.shape.slice(1);
  if (
    tensors.some((t) => t.shape.length !== first.shape.length || t.shape.some((d, i) => i > 0 && d !== rest[i - 1]))
  ) {
    throw new ScenarioError('INVALID_ARGUMENT', 'requests batched together disagree on an input shape');
  }
  const total = tensors.reduce((sum, t) => sum + (t.shape[0] ?? 1), 0);
  const float = first.datatype === 'FP32';
  const values = float ? new Float32Array(total * size(rest)) : new Int32Array(total * size(rest));
  let offset = 0;
  for (const t of tensors) {
    values.set(t.data as ArrayLike<number>, offset);
    offset += t.data.length;
  }
  return tf.tensor(values, [total, ...rest], float ? 'float32' : 'int32');
}

function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

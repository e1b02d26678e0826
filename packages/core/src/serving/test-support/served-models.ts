import type { Logger } from '../../logger.js';
import { tf } from '../../tf.js';
import { layersServedModel } from '../layers-served-model.js';
import type { NamedTensors, ServedModel } from '../served-model.js';

/** A promise with its resolve function, for models whose predict waits on the test. */
export interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

export function deferred(): Deferred {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

export interface RowSumModel extends ServedModel {
  /** Sizes of the batches `predict` received, in order. */
  batches: number[];
  ready: boolean;
  /** When set, every `predict` call waits for it before answering. */
  hold: Deferred | undefined;
}

/**
 * A plain JavaScript model: input `x` FP32 [-1, 2], output `sum` FP32 [-1, 1] with `x0 + x1` per row.
 * It records batch sizes and can be held, to make requests slow on demand.
 */
export function rowSumModel(): RowSumModel {
  const model: RowSumModel = {
    name: 'row-sum',
    version: '3',
    inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 2] }],
    outputs: [{ name: 'sum', datatype: 'FP32', shape: [-1, 1] }],
    batches: [],
    ready: true,
    hold: undefined,
    isReady: () => model.ready,
    predict: async (batch: NamedTensors[]) => {
      model.batches.push(batch.length);
      if (model.hold) await model.hold.promise;
      return batch.map((item) => {
        const x = item.x?.data as number[];
        const rows = x.length / 2;
        const data = Array.from({ length: rows }, (_, r) => (x[2 * r] as number) + (x[2 * r + 1] as number));
        return { sum: { datatype: 'FP32', shape: [rows, 1], data } };
      });
    },
  };
  return model;
}

/**
 * A tfjs dense layer y = 1*x0 + 2*x1 + 0.5, served through `layersServedModel` as model `dense`
 * version 1 with input `x` [-1, 2] and output `y` [-1, 1].
 */
export function denseServedModel(): { served: ServedModel; model: tf.Sequential } {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
  const weights = [tf.tensor2d([[1], [2]]), tf.tensor1d([0.5])];
  model.setWeights(weights);
  tf.dispose(weights);
  const served = layersServedModel({ name: 'dense', version: '1', model, inputNames: ['x'], outputNames: ['y'] });
  return { served, model };
}

/** A logger that keeps what it is given, to check what a server logged. */
export function recordingLogger(): Logger & { entries: { level: string; obj: unknown; msg?: string }[] } {
  const entries: { level: string; obj: unknown; msg?: string }[] = [];
  const at = (level: string) => (obj: object | string, msg?: string) => {
    entries.push({ level, obj, ...(msg === undefined ? {} : { msg }) });
  };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

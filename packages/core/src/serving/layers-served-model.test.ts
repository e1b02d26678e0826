import { describe, expect, it } from 'vitest';
import { tf } from '../tf.js';
import { layersServedModel } from './layers-served-model.js';
import type { TensorData } from './served-model.js';

const numbers = (tensor: TensorData | undefined) => Array.from((tensor?.data ?? []) as ArrayLike<number>);

/** ids (int32 [-1, 1]) -> embedding rows [[0, 0], [1, 2], [3, 4]] -> flattened to [-1, 2]. */
function embeddingModel(): tf.LayersModel {
  const ids = tf.input({ shape: [1], dtype: 'int32', name: 'ids' });
  const embedding = tf.layers.embedding({ inputDim: 3, outputDim: 2, name: 'embed' });
  const vectors = tf.layers.flatten({ name: 'vectors' }).apply(embedding.apply(ids)) as tf.SymbolicTensor;
  const model = tf.model({ inputs: ids, outputs: vectors });
  const table = tf.tensor2d([
    [0, 0],
    [1, 2],
    [3, 4],
  ]);
  embedding.setWeights([table]);
  table.dispose();
  return model;
}

describe('layersServedModel', () => {
  it("takes its metadata from the model, using the layers' names unless told otherwise", () => {
    const model = embeddingModel();
    const served = layersServedModel({ name: 'emb', version: '2', model });
    expect(served.inputs).toEqual([{ name: 'ids', datatype: 'INT32', shape: [-1, 1] }]);
    expect(served.outputs).toEqual([{ name: model.outputs[0]?.name, datatype: 'FP32', shape: [-1, 2] }]);
    expect(served.isReady()).toBe(true);
    model.dispose();
  });

  it('runs several requests as one batch and splits the rows back, leaking no tensors', async () => {
    const model = embeddingModel();
    const served = layersServedModel({
      name: 'emb',
      version: '2',
      model,
      inputNames: ['ids'],
      outputNames: ['vector'],
    });
    const batch = [
      { ids: { datatype: 'INT32' as const, shape: [1, 1], data: [2] } },
      { ids: { datatype: 'INT32' as const, shape: [2, 1], data: [1, 0] } },
    ];
    await served.predict(batch);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const [first, second] = await served.predict(batch);
      expect(first?.vector?.shape).toEqual([1, 2]);
      expect(numbers(first?.vector)).toEqual([3, 4]);
      expect(second?.vector).toMatchObject({ datatype: 'FP32', shape: [2, 2] });
      expect(numbers(second?.vector)).toEqual([1, 2, 0, 0]);
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('refuses to batch requests whose non-batch dimensions differ', async () => {
    const input = tf.input({ shape: [null], name: 'seq' });
    const model = tf.model({
      inputs: input,
      outputs: tf.layers.activation({ activation: 'relu' }).apply(input) as tf.SymbolicTensor,
    });
    const served = layersServedModel({ name: 'seq', version: '1', model, inputNames: ['seq'], outputNames: ['out'] });
    expect(served.inputs[0]?.shape).toEqual([-1, -1]);
    const before = tf.memory().numTensors;
    await expect(
      served.predict([
        { seq: { datatype: 'FP32', shape: [1, 2], data: [1, -1] } },
        { seq: { datatype: 'FP32', shape: [1, 3], data: [1, 2, 3] } },
      ]),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const [out] = await served.predict([{ seq: { datatype: 'FP32', shape: [1, 3], data: [-1, 0, 2] } }]);
    expect(numbers(out?.out)).toEqual([0, 0, 2]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

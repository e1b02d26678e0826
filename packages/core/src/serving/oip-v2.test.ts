import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { tf } from '../tf.js';
import { createServer } from './create-server.js';
import { denseServedModel, rowSumModel } from './test-support/served-models.js';

const backend = { name: 'wasm', reason: 'test' };
let app: Express;
let dispose = () => {};
// Built in beforeAll: the setup file initialises the backend before tests, not before imports.
beforeAll(() => {
  const { served, model } = denseServedModel();
  app = createServer({
    model: served,
    backend,
    logger: silentLogger,
    batching: { maxBatchSize: 4, maxDelayMs: 100 },
  }).app;
  dispose = () => model.dispose();
});
afterAll(() => dispose());

const infer = (body: unknown, name = 'dense') =>
  request(app)
    .post(`/v2/models/${name}/infer`)
    .send(body as object);
const batchStats = async () => {
  const text = (await request(app).get('/metrics')).text;
  const read = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
  return { count: read('inference_batch_size_count'), sum: read('inference_batch_size_sum') };
};
const x = (data: unknown[], shape = [data.length / 2, 2], datatype = 'FP32') => ({ name: 'x', datatype, shape, data });

describe('OIP v2 model metadata', () => {
  it('describes the model, with -1 for the batch dimension', async () => {
    const res = await request(app).get('/v2/models/dense');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      name: 'dense',
      versions: ['1'],
      platform: 'tensorflowjs',
      inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 2] }],
      outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, 1] }],
    });
    expect((await request(app).get('/v2/models/dense/versions/1')).status).toBe(200);
    expect((await request(app).get('/v2/models/dense/versions/1/ready')).body).toEqual({ name: 'dense', ready: true });
  });

  it('answers 404 MODEL_NOT_FOUND for another model name or version', async () => {
    for (const path of ['/v2/models/other', '/v2/models/other/ready', '/v2/models/dense/versions/2']) {
      const res = await request(app).get(path);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('MODEL_NOT_FOUND');
    }
    const res = await infer({ inputs: [x([1, 1])] }, 'other');
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ code: 'MODEL_NOT_FOUND', message: 'no model other; this server serves dense' });
  });
});

describe('OIP v2 infer', () => {
  it('runs the dense model: y = x0 + 2 x1 + 0.5 for every row', async () => {
    const res = await infer({ id: 'r1', inputs: [x([1, 1, 3, -1])] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      model_name: 'dense',
      model_version: '1',
      id: 'r1',
      outputs: [{ name: 'y', datatype: 'FP32', shape: [2, 1], data: [3.5, 1.5] }],
    });
  });

  it('batches concurrent requests and hands each its own rows, without leaking tensors', async () => {
    await infer({ inputs: [x([0, 0])] }); // the first predict creates lasting backend state
    const before = tf.memory().numTensors;
    const batchesBefore = await batchStats();
    const rows = [
      [1, 0],
      [0, 1, 2, 2],
      [10, 10],
      [-1, -1, 0, 0, 4, 0],
    ];
    const responses = await Promise.all(rows.map((data) => infer({ inputs: [x(data)] })));
    // x0 + 2 x1 + 0.5 per row, worked out by hand.
    const expected = [[1.5], [2.5, 6.5], [30.5], [-2.5, 0.5, 4.5]];
    expect(responses.map((r) => r.body.outputs[0].data)).toEqual(expected);
    expect(responses.map((r) => r.body.outputs[0].shape)).toEqual([
      [1, 1],
      [2, 1],
      [1, 1],
      [3, 1],
    ]);
    // With max batch size 4 and 100 ms to fill, the four requests share one predict call.
    const batchesAfter = await batchStats();
    expect(batchesAfter.count - batchesBefore.count).toBe(1);
    expect(batchesAfter.sum - batchesBefore.sum).toBe(4);
    for (let i = 0; i < 3; i++) await infer({ inputs: [x([i, i])] });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('returns only the requested outputs', async () => {
    const res = await infer({ inputs: [x([2, 0])], outputs: [{ name: 'y' }] });
    expect(res.body.outputs).toEqual([{ name: 'y', datatype: 'FP32', shape: [1, 1], data: [2.5] }]);
  });
});

describe('OIP v2 infer validation', () => {
  const rejects = async (body: unknown, message: RegExp) => {
    const res = await infer(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_ARGUMENT');
    expect(res.body.error.message).toMatch(message);
    expect(res.body.error.details.issues.length).toBeGreaterThan(0);
  };

  it('rejects a shape that does not match the data length', async () => {
    await rejects(
      { inputs: [x([1, 2, 3], [2, 2])] },
      /inputs\[0\]\.data: shape \[2, 2\] holds 4 elements but data has 3/,
    );
  });

  it('rejects an unknown datatype', async () => {
    await rejects({ inputs: [x([1, 2], [1, 2], 'FLOAT')] }, /inputs\[0\]\.datatype/);
  });

  it('rejects an unknown input name and reports the missing one', async () => {
    await rejects(
      { inputs: [{ ...x([1, 2]), name: 'features' }] },
      /unknown input 'features'; the model takes: x.*missing input 'x'/,
    );
  });

  it('rejects a datatype or shape that differs from the model metadata', async () => {
    await rejects({ inputs: [x([1, 2], [1, 2], 'INT32')] }, /inputs\[0\]\.datatype: expected FP32, got INT32/);
    await rejects({ inputs: [x([1, 2, 3], [1, 3])] }, /inputs\[0\]\.shape: expected \[-1, 2\]/);
  });

  it('rejects elements that are not values of the datatype', async () => {
    await rejects({ inputs: [x([1, 'two'])] }, /inputs\[0\]\.data\[1\]: "two" is not a valid FP32/);
    await rejects({ inputs: [x([1, 2.5], [1, 2], 'INT32')] }, /data\[1\]: 2.5 is not a valid INT32/);
    await rejects({ inputs: [x([1, 300], [1, 2], 'UINT8')] }, /data\[1\]: 300 is not a valid UINT8/);
  });

  it('rejects a body without inputs, duplicate inputs and unknown outputs', async () => {
    await rejects({}, /inputs/);
    await rejects({ inputs: [x([1, 2]), x([3, 4])] }, /input 'x' is given more than once/);
    await rejects({ inputs: [x([1, 2])], outputs: [{ name: 'z' }] }, /unknown output 'z'; the model has: y/);
  });

  it('answers 503 NOT_READY while the model is not ready', async () => {
    const slow = rowSumModel();
    slow.ready = false;
    const server = createServer({ model: slow, backend, logger: silentLogger });
    const res = await request(server.app)
      .post('/v2/models/row-sum/infer')
      .send({ inputs: [x([1, 2])] });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('NOT_READY');
    expect(slow.batches).toEqual([]);
  });
});

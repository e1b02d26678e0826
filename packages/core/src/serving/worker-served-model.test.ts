import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMlp } from '../models/index.js';
import { saveModelDir } from '../persistence/index.js';
import { tf } from '../tf.js';
import { layersServedModel } from './layers-served-model.js';
import type { NamedTensors } from './served-model.js';
import { workerServedModel } from './worker-served-model.js';

// The worker runs core's build (a worker thread loads JavaScript): turbo builds core before testing it.
const script = fileURLToPath(new URL('../../dist/serving/served-model-worker.js', import.meta.url));

let root: string;
let expected: NamedTensors[];
const batch: NamedTensors[] = [
  { x: { datatype: 'FP32', shape: [1, 3], data: [0.5, -1, 2] } },
  { x: { datatype: 'FP32', shape: [2, 3], data: [1, 1, 1, -2, 0, 0.25] } },
];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'core-worker-model-'));
  const model = buildMlp({ inputShape: [3], numClasses: 2, hiddenUnits: [4], seed: 3 });
  await saveModelDir(join(root, 'model'), {
    model,
    manifest: { scenario: 'test', model: { name: 'mlp', version: '5' }, labels: ['a', 'b'] },
  });
  // What the same model answers in this thread.
  expected = await layersServedModel({
    name: 'mlp',
    version: '5',
    model,
    inputNames: ['x'],
    outputNames: ['p'],
  }).predict(batch);
  model.dispose();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('workerServedModel', () => {
  it('loads the directory in a worker and answers batches as the model does in this thread', async () => {
    const served = await workerServedModel({
      dir: join(root, 'model'),
      inputNames: ['x'],
      outputNames: ['p'],
      expectScenario: 'test',
      threads: 1,
      script,
    });
    try {
      expect(served).toMatchObject({ name: 'mlp', version: '5', platform: 'tensorflowjs' });
      expect(served.inputs).toEqual([{ name: 'x', datatype: 'FP32', shape: [-1, 3] }]);
      expect(served.outputs).toEqual([{ name: 'p', datatype: 'FP32', shape: [-1, 2] }]);
      expect(served.backend).toMatchObject({ name: tf.getBackend(), threads: 1 });
      expect(served.isReady()).toBe(true);
      const [first, second] = await Promise.all([served.predict(batch), served.predict(batch.slice(1))]).then(
        ([both, secondAlone]) => {
          expect(secondAlone[0]?.p?.data).toEqual(both[1]?.p?.data);
          return both;
        },
      );
      expect(first?.p?.shape).toEqual([1, 2]);
      expect(second?.p?.shape).toEqual([2, 2]);
      const close = (actual: NamedTensors | undefined, wanted: NamedTensors | undefined) => {
        const values = Array.from(actual?.p?.data as Float32Array);
        Array.from(wanted?.p?.data as Float32Array).forEach((value, i) => {
          expect(values[i]).toBeCloseTo(value, 5);
        });
      };
      close(first, expected[0]);
      close(second, expected[1]);
    } finally {
      await served.close();
    }
    expect(served.isReady()).toBe(false);
    await expect(served.predict(batch)).rejects.toMatchObject({ code: 'NOT_READY' });
  });

  it("passes the model's errors back with their codes", async () => {
    const served = await workerServedModel({ dir: join(root, 'model'), inputNames: ['x'], threads: 1, script });
    try {
      const mismatched: NamedTensors[] = [
        batch[0] as NamedTensors,
        { x: { datatype: 'FP32', shape: [1, 2], data: [1, 2] } },
      ];
      await expect(served.predict(mismatched)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      // The worker goes on serving.
      expect((await served.predict(batch.slice(0, 1)))[0]?.x).toBeUndefined();
    } finally {
      await served.close();
    }
  });

  it('rejects a directory that does not load, and a scenario that does not match', async () => {
    await expect(workerServedModel({ dir: join(root, 'missing'), threads: 1, script })).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
    });
    await expect(
      workerServedModel({ dir: join(root, 'model'), expectScenario: 'other', threads: 1, script }),
    ).rejects.toMatchObject({ code: 'MODEL_INVALID' });
  });
});

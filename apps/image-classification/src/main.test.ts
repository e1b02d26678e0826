import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, tf } from '@scenarios/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from './image-decode.js';
import { startServer } from './main.js';
import { toModelInput } from './predict-images.js';
import { savedClassifier, TEST_LABELS } from './test-support/classifier.js';
import { solidImage } from './test-support/images.js';

let root: string;
let png: Buffer;
/** The model's probabilities for `png`, computed in this thread. */
let expected: number[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ic-main-'));
  const classifier = await savedClassifier(join(root, 'model'));
  png = await solidImage({ rgb: [90, 160, 30], format: 'png', width: 20, height: 20 });
  const pixels = await decodeImage(png, { shape: { height: 28, width: 28, channels: 1 } });
  expected = tf.tidy(() =>
    Array.from(
      (classifier.model.predict(tf.tensor4d(toModelInput([pixels], 1 / 255), [1, 28, 28, 1])) as tf.Tensor).dataSync(),
    ),
  );
  classifier.model.dispose();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('startServer', () => {
  it.each(['worker', 'main'] as const)(
    'classifies over HTTP with the model computing in the %s thread',
    async (inference) => {
      const before = tf.memory().numTensors;
      const server = await startServer({ model: join(root, 'model'), port: 0, logger: silentLogger, inference });
      try {
        const ready = await (await fetch(`${server.url}/readyz`)).json();
        expect(ready).toMatchObject({
          status: 'ready',
          model: { name: 'test-cnn', version: '7' },
          backend: { name: 'wasm' },
        });
        const answers = await Promise.all(
          [1, 2, 3].map(async () => {
            const res = await fetch(`${server.url}/v1/classify?top_k=10`, {
              method: 'POST',
              headers: { 'content-type': 'image/png' },
              body: png,
            });
            expect(res.status).toBe(200);
            return (await res.json()) as { predictions: { label: string; probability: number }[] };
          }),
        );
        for (const answer of answers) {
          for (const { label, probability } of answer.predictions) {
            expect(probability).toBeCloseTo(expected[TEST_LABELS.indexOf(label)] as number, 5);
          }
        }
      } finally {
        await server.close();
      }
      // The model loaded in this thread is freed again.
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});

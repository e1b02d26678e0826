import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, tf } from '@scenarios/core';
import sharp from 'sharp';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Classifier } from './classifier.js';
import { decodeImage } from './image-decode.js';
import { toModelInput } from './predict-images.js';
import { createApp, type ImageApp } from './server.js';
import { savedClassifier, TEST_LABELS } from './test-support/classifier.js';
import { solidImage } from './test-support/images.js';

let dir: string;
let classifier: Classifier;
let imageApp: ImageApp;
let png: Buffer;
let jpeg: Buffer;
let webp: Buffer;
/** The model's own probabilities for `png`, computed in-process. */
let expected: number[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ic-server-'));
  classifier = await savedClassifier(join(dir, 'model'));
  imageApp = createApp(classifier, { logger: silentLogger, maxImages: 4 });
  png = await solidImage({ rgb: [200, 120, 40], format: 'png', width: 40, height: 30 });
  jpeg = await solidImage({ rgb: [200, 120, 40], format: 'jpeg', width: 40, height: 30 });
  webp = await solidImage({ rgb: [200, 120, 40], format: 'webp', width: 40, height: 30 });
  const pixels = await decodeImage(png, { shape: { height: 28, width: 28, channels: 1 } });
  expected = tf.tidy(() =>
    Array.from(
      (classifier.model.predict(tf.tensor4d(toModelInput([pixels], 1 / 255), [1, 28, 28, 1])) as tf.Tensor).dataSync(),
    ),
  );
});
afterAll(async () => {
  await imageApp.server.close();
  classifier.model.dispose();
  await rm(dir, { recursive: true, force: true });
});

const app = () => imageApp.app;
const top5 = () =>
  expected
    .map((probability, i) => ({ label: TEST_LABELS[i], probability }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, 5);

function expectTop5(body: { predictions: { label: string; probability: number }[] }) {
  expect(body.predictions.map((p) => p.label)).toEqual(top5().map((p) => p.label));
  body.predictions.forEach((p, i) => {
    expect(p.probability).toBeCloseTo(top5()[i]?.probability as number, 5);
  });
}

describe('POST /v1/classify', () => {
  it('takes multipart/form-data, answering the top 5 labels, their probabilities and the model version', async () => {
    const res = await request(app()).post('/v1/classify').attach('image', png, 'a.png');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ model_name: 'test-cnn', model_version: '7' });
    expectTop5(res.body);
  });

  it('takes a raw PNG body and honours top_k', async () => {
    const res = await request(app()).post('/v1/classify?top_k=2').set('Content-Type', 'image/png').send(png);
    expect(res.status).toBe(200);
    expect(res.body.predictions).toHaveLength(2);
    expect(res.body.predictions[0].label).toBe(top5()[0]?.label);
  });

  it('takes raw JPEG and WebP bodies', async () => {
    for (const [type, body] of [
      ['image/jpeg', jpeg],
      ['image/webp', webp],
    ] as const) {
      const res = await request(app()).post('/v1/classify').set('Content-Type', type).send(body);
      expect(res.status).toBe(200);
      expect(res.body.predictions).toHaveLength(5);
    }
  });

  it('takes JSON image_base64, and a batch of images as a list of results', async () => {
    const single = await request(app())
      .post('/v1/classify')
      .send({ image_base64: png.toString('base64') });
    expect(single.status).toBe(200);
    expectTop5(single.body);

    const batch = await request(app())
      .post('/v1/classify')
      .send({ images: [png.toString('base64'), { image_base64: webp.toString('base64') }, png.toString('base64')] });
    expect(batch.status).toBe(200);
    expect(batch.body.results).toHaveLength(3);
    expectTop5(batch.body.results[0]);
    expectTop5(batch.body.results[2]);

    const parts = await request(app())
      .post('/v1/classify')
      .attach('image', png, 'a.png')
      .attach('image', jpeg, 'b.jpg');
    expect(parts.status).toBe(200);
    expect(parts.body.results).toHaveLength(2);
  });

  it('batches concurrent single-image requests through the micro-batcher', async () => {
    // A batch waits up to a second for six requests, so a slow machine still batches them.
    const batching = createApp(classifier, { logger: silentLogger, batching: { maxDelayMs: 1000, maxBatchSize: 6 } });
    try {
      const answers = await Promise.all(
        Array.from({ length: 6 }, () =>
          request(batching.app).post('/v1/classify').set('Content-Type', 'image/png').send(png),
        ),
      );
      expect(answers.map((r) => r.status)).toEqual(Array(6).fill(200));
      answers.forEach((r) => {
        expectTop5(r.body);
      });
      const { sum, count } = await batchHistogram(batching.app);
      expect(sum).toBe(6);
      expect(count).toBeLessThan(6);
    } finally {
      await batching.server.close();
    }
  });

  it('leaks no tensors over repeated requests', async () => {
    await request(app()).post('/v1/classify').set('Content-Type', 'image/png').send(png);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 8; i++) {
      const res = await request(app()).post('/v1/classify').attach('image', png, 'a.png');
      expect(res.status).toBe(200);
    }
    await request(app())
      .post('/v1/classify')
      .send({ images: [png.toString('base64'), png.toString('base64')] });
    await request(app()).post('/v1/classify').set('Content-Type', 'text/plain').send('nope');
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** Items and batches the micro-batcher has run, from the app's Prometheus metrics. */
async function batchHistogram(target: ImageApp['app']): Promise<{ sum: number; count: number }> {
  const text = (await request(target).get('/metrics')).text;
  const value = (name: string) => Number(text.match(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm'))?.[1] ?? 0);
  return { sum: value('inference_batch_size_sum'), count: value('inference_batch_size_count') };
}

describe('bad input', () => {
  let bomb: Buffer;
  beforeAll(async () => {
    // 5000 x 5000 gray pixels (25 megapixels, over the 16.7 M default) compress to a few kilobytes.
    bomb = await sharp({ create: { width: 5000, height: 5000, channels: 3, background: '#000' } })
      .toColourspace('b-w')
      .png({ compressionLevel: 9 })
      .toBuffer();
  });

  const cases: [string, () => request.Test, number, string][] = [
    [
      'non-image bytes',
      () =>
        request(app())
          .post('/v1/classify')
          .set('Content-Type', 'image/png')
          .send(Buffer.from('hello, this is plain text')),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'a truncated image',
      () =>
        request(app())
          .post('/v1/classify')
          .set('Content-Type', 'image/png')
          .send(png.subarray(0, png.length - 40)),
      422,
      'UNPROCESSABLE',
    ],
    [
      'an image over the pixel limit',
      () => request(app()).post('/v1/classify').set('Content-Type', 'image/png').send(bomb),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'a wrong content type',
      () => request(app()).post('/v1/classify').set('Content-Type', 'text/plain').send('hello'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['an empty body', () => request(app()).post('/v1/classify'), 400, 'BAD_REQUEST'],
    [
      'an empty raw image body',
      () => request(app()).post('/v1/classify').set('Content-Type', 'image/png').send(Buffer.alloc(0)),
      400,
      'BAD_REQUEST',
    ],
    [
      'too many images',
      () =>
        request(app())
          .post('/v1/classify')
          .send({ images: Array(5).fill(png.toString('base64')) }),
      400,
      'INVALID_ARGUMENT',
    ],
    [
      'too many multipart images',
      () =>
        ['a', 'b', 'c', 'd', 'e'].reduce(
          (r, n) => r.attach('image', png, `${n}.png`),
          request(app()).post('/v1/classify'),
        ),
      400,
      'INVALID_ARGUMENT',
    ],
    [
      'malformed base64',
      () => request(app()).post('/v1/classify').send({ image_base64: 'not base64!!' }),
      400,
      'BAD_REQUEST',
    ],
    [
      'malformed JSON',
      () => request(app()).post('/v1/classify').set('Content-Type', 'application/json').send('{"image_base64":'),
      400,
      'BAD_REQUEST',
    ],
    [
      'a multipart body without an image field',
      () => request(app()).post('/v1/classify').field('other', 'x'),
      400,
      'BAD_REQUEST',
    ],
    [
      'a bad top_k',
      () => request(app()).post('/v1/classify?top_k=0').set('Content-Type', 'image/png').send(png),
      400,
      'INVALID_ARGUMENT',
    ],
  ];

  it.each(cases)('answers %s with a JSON error, then serves the next request', async (_name, send, status, code) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(Object.keys(res.body)).toEqual(['error']);
    expect(res.body.error).toMatchObject({ code, message: expect.any(String) });
    const next = await request(app()).post('/v1/classify').set('Content-Type', 'image/png').send(png);
    expect(next.status).toBe(200);
  });

  it('refuses a body over the byte limit with 413', async () => {
    const small = createApp(classifier, { logger: silentLogger, maxBodyBytes: 1000 });
    const res = await request(small.app)
      .post('/v1/classify')
      .set('Content-Type', 'image/png')
      .send(Buffer.alloc(5000, 1));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    await small.server.close();
  });
});

describe('core routes', () => {
  it('serves readiness and OIP v2 infer with a tensor input', async () => {
    expect((await request(app()).get('/readyz')).body).toMatchObject({
      status: 'ready',
      model: { name: 'test-cnn', version: '7' },
    });
    const pixels = await decodeImage(png, { shape: { height: 28, width: 28, channels: 1 } });
    const res = await request(app())
      .post('/v2/models/test-cnn/infer')
      .send({
        inputs: [
          { name: 'image', datatype: 'FP32', shape: [1, 28, 28, 1], data: Array.from(toModelInput([pixels], 1 / 255)) },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body.outputs[0]).toMatchObject({ name: 'probabilities', shape: [1, 10] });
    (res.body.outputs[0].data as number[]).forEach((p, i) => {
      expect(p).toBeCloseTo(expected[i] as number, 5);
    });
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, tf } from '@scenarios/core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TextClassifier } from './classifier.js';
import { startServer } from './main.js';
import { createApp } from './server.js';
import { topicClassifier, trainTopicModel } from './test-support/classifier.js';

let dir: string;
let classifier: TextClassifier;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'text-server-'));
  classifier = await topicClassifier(dir);
});
afterAll(async () => {
  classifier.dispose();
  await rm(dir, { recursive: true, force: true });
});

const SPORTS = 'the striker and the coach of the team';
const POLITICS = 'senate vote on the budget';

describe('POST /v1/classify', () => {
  it('answers a label and every class score per text, in order', async () => {
    const { app } = createApp(classifier, { logger: silentLogger });
    const res = await request(app)
      .post('/v1/classify')
      .send({ texts: [SPORTS, POLITICS] });
    expect(res.status).toBe(200);
    expect(res.body.model_name).toBe('topics-ngram');
    expect(res.body.results.map((r: { label: string }) => r.label)).toEqual(['sports', 'politics']);
    for (const { scores } of res.body.results) {
      expect(Object.keys(scores)).toEqual(['politics', 'science', 'sports']);
      expect(Object.values(scores as Record<string, number>).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
  });

  it('answers repeated texts from the embedding cache', async () => {
    const { app, encoder } = createApp(classifier, { logger: silentLogger, cacheSize: 10 });
    const first = await request(app)
      .post('/v1/classify')
      .send({ texts: [SPORTS, SPORTS] });
    const second = await request(app)
      .post('/v1/classify')
      .send({ texts: [SPORTS] });
    expect(second.body.results[0]).toEqual(first.body.results[0]);
    expect(encoder.stats).toMatchObject({ hits: 1, misses: 2, size: 1 });
  });

  it('answers bad input with a 4xx JSON error and stays up', async () => {
    const { app } = createApp(classifier, { logger: silentLogger, maxTexts: 3, maxTextChars: 40 });
    const cases: [unknown, number, string, RegExp][] = [
      [{ texts: [] }, 400, 'INVALID_ARGUMENT', /no texts/],
      [{ texts: ['ok', 5] }, 400, 'BAD_REQUEST', /texts\[1\] must be a string/],
      [{ texts: 'one text' }, 400, 'BAD_REQUEST', /array of strings/],
      [{ text: 'one text' }, 400, 'BAD_REQUEST', /array of strings/],
      [['a'], 400, 'BAD_REQUEST', /JSON object/],
      [{ texts: ['a', 'b', 'c', 'd'] }, 400, 'INVALID_ARGUMENT', /limit is 3/],
      [{ texts: ['short', 'x'.repeat(41)] }, 413, 'PAYLOAD_TOO_LARGE', /texts\[1\] has 41 characters/],
    ];
    for (const [body, status, code, message] of cases) {
      const res = await request(app)
        .post('/v1/classify')
        .send(body as object);
      expect([res.status, res.body.error?.code]).toEqual([status, code]);
      expect(res.body.error.message).toMatch(message);
    }
    const plain = await request(app).post('/v1/classify').set('Content-Type', 'text/plain').send('hello');
    expect([plain.status, plain.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const malformed = await request(app)
      .post('/v1/classify')
      .set('Content-Type', 'application/json')
      .send('{"texts": [');
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'BAD_REQUEST']);
    expect((await request(app).get('/healthz')).status).toBe(200);
    expect(
      (
        await request(app)
          .post('/v1/classify')
          .send({ texts: [SPORTS] })
      ).status,
    ).toBe(200);
  });
});

describe('Open Inference Protocol v2', () => {
  it('declares a BYTES text input and answers probabilities and labels equal to /v1/classify', async () => {
    const { app } = createApp(classifier, { logger: silentLogger });
    const meta = await request(app).get('/v2/models/topics-ngram');
    expect(meta.body.inputs).toEqual([{ name: 'text', datatype: 'BYTES', shape: [-1] }]);
    expect(meta.body.outputs).toEqual([
      { name: 'probabilities', datatype: 'FP32', shape: [-1, 3] },
      { name: 'label', datatype: 'BYTES', shape: [-1] },
    ]);
    const infer = await request(app)
      .post('/v2/models/topics-ngram/infer')
      .send({ id: 'r1', inputs: [{ name: 'text', datatype: 'BYTES', shape: [2], data: [SPORTS, POLITICS] }] });
    expect(infer.status).toBe(200);
    const [probabilities, label] = infer.body.outputs;
    expect(label).toEqual({ name: 'label', datatype: 'BYTES', shape: [2], data: ['sports', 'politics'] });
    expect(probabilities.shape).toEqual([2, 3]);
    const v1 = await request(app)
      .post('/v1/classify')
      .send({ texts: [SPORTS, POLITICS] });
    const scores = v1.body.results.flatMap((r: { scores: Record<string, number> }) => Object.values(r.scores));
    for (const [i, p] of (probabilities.data as number[]).entries()) expect(p).toBeCloseTo(scores[i], 6);
  });

  it('applies the same limits to infer requests, each failing alone', async () => {
    const { app } = createApp(classifier, { logger: silentLogger, maxTextChars: 10, batching: { maxDelayMs: 20 } });
    const infer = (data: unknown[], shape = [data.length]) =>
      request(app)
        .post('/v2/models/topics-ngram/infer')
        .send({ inputs: [{ name: 'text', datatype: 'BYTES', shape, data }] });
    const [tooLong, fine] = await Promise.all([infer(['x'.repeat(11)]), infer(['goal'])]);
    expect([tooLong.status, tooLong.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(fine.status).toBe(200);
    expect((await infer([])).body.error.code).toBe('INVALID_ARGUMENT');
    expect((await infer([1, 2])).status).toBe(400);
  });
});

describe('a multi-label model', () => {
  it('answers the set of labels at or above the threshold', async () => {
    const multi = await topicClassifier(join(dir, 'multi'), { multiLabel: true });
    try {
      const { app } = createApp(multi, { logger: silentLogger });
      const res = await request(app)
        .post('/v1/classify')
        .send({ texts: ['goal team striker coach match league'] });
      expect(res.status).toBe(200);
      expect(res.body.results[0].labels).toContain('sports');
      expect(res.body.results[0].label).toBeUndefined();
    } finally {
      multi.dispose();
    }
  });
});

describe('startServer', () => {
  it('listens on 127.0.0.1, refuses invalid UTF-8, serves concurrent clients, and frees the model on close', async () => {
    const before = tf.memory().numTensors;
    const model = await trainTopicModel(join(dir, 'served'));
    const server = await startServer({ model, port: 0, logger: silentLogger });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const body = Buffer.concat([Buffer.from('{"texts": ["caf'), Buffer.from([0xe9]), Buffer.from('"]}')]);
      const bad = await post(`${server.url}/v1/classify`, body);
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.text).error.code).toBe('BAD_REQUEST');
      const answers = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          post(`${server.url}/v1/classify`, Buffer.from(JSON.stringify({ texts: [i % 2 ? SPORTS : POLITICS] }))),
        ),
      );
      expect(answers.map((a) => JSON.parse(a.text).results[0].label)).toEqual(
        Array.from({ length: 16 }, (_, i) => (i % 2 ? 'sports' : 'politics')),
      );
    } finally {
      await server.close({ graceMs: 500 });
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

function post(url: string, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

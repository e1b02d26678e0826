import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@scenarios/core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedbackStore } from './feedback/feedback-store.js';
import { loadRecommender } from './model/model-dir.js';
import { Recommender } from './recommender.js';
import { createApp, type RecommendationApp } from './server.js';
import { itemId, userId } from './test-support/synthetic-data.js';
import { trainTinyModel } from './test-support/tiny-model.js';

let root: string;
let modelDir: string;
let store: FeedbackStore;
let built: RecommendationApp;

async function build(storePath: string): Promise<{ app: RecommendationApp; store: FeedbackStore }> {
  const opened = FeedbackStore.open(storePath);
  const recommender = new Recommender(await loadRecommender(modelDir));
  return { app: createApp(recommender, { store: opened, logger: silentLogger }), store: opened };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'rec-server-'));
  ({ modelDir } = await trainTinyModel(root));
  ({ app: built, store } = await build(join(root, 'feedback.sqlite')));
});
afterAll(async () => {
  store.close();
  await rm(root, { recursive: true, force: true });
});

const get = (path: string) => request(built.app).get(path);
const postFeedback = (body: unknown) =>
  request(built.app)
    .post('/v1/feedback')
    .send(body as object);

describe('recommendation server', () => {
  it('answers health, readiness and model metadata', async () => {
    expect((await get('/healthz')).status).toBe(200);
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    const name = built.server.context.model.name;
    const meta = await get(`/v2/models/${name}`);
    expect(meta.body).toMatchObject({
      name,
      inputs: [
        { name: 'user', datatype: 'INT32', shape: [-1] },
        { name: 'item', datatype: 'INT32', shape: [-1] },
      ],
      outputs: [
        { name: 'score', datatype: 'FP32', shape: [-1] },
        { name: 'rating', datatype: 'FP32', shape: [-1] },
      ],
    });
  });

  it('recommends k items with titles, and popular ones within genres for an unknown user', async () => {
    const res = await get(`/v1/users/${userId(2)}/recommendations?k=3`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user: userId(2), strategy: 'personalised', model_name: 'data-recommender' });
    expect(res.body.recommendations).toHaveLength(3);
    expect(res.body.recommendations[0]).toEqual({
      item: expect.any(Number),
      title: expect.stringMatching(/^Movie /),
      genres: [expect.any(String)],
      score: expect.any(Number),
      predicted_rating: expect.any(Number),
    });
    const cold = await get('/v1/users/424242/recommendations?genre=Horror&genre=Comedy&k=4');
    expect(cold.body.strategy).toBe('popular');
    for (const item of cold.body.recommendations) expect(['Horror', 'Comedy']).toContain(item.genres[0]);
    const listed = await get('/v1/users/424242/recommendations?genre=Horror,Comedy&k=4');
    expect(listed.body.recommendations).toEqual(cold.body.recommendations);
    const defaultK = await get(`/v1/users/${userId(2)}/recommendations`);
    expect(defaultK.body.recommendations).toHaveLength(10);
  });

  it('excludes the ids in ?exclude=', async () => {
    const top = (await get(`/v1/users/${userId(5)}/recommendations?k=2`)).body.recommendations;
    const res = await get(`/v1/users/${userId(5)}/recommendations?k=2&exclude=${top[0].item},${top[1].item}`);
    const items = res.body.recommendations.map((r: { item: number }) => r.item);
    expect(items).not.toContain(top[0].item);
    expect(items).not.toContain(top[1].item);
  });

  it('answers bad ids, k out of range and unknown genres with 400 JSON errors', async () => {
    for (const path of [
      '/v1/users/abc/recommendations',
      '/v1/users/1.5/recommendations',
      '/v1/users/-3/recommendations',
      '/v1/users/99999999999/recommendations',
      '/v1/users/1/recommendations?k=0',
      '/v1/users/1/recommendations?k=101',
      '/v1/users/1/recommendations?k=2.5',
      '/v1/users/1/recommendations?k=ten',
      '/v1/users/1/recommendations?exclude=7,x',
      '/v1/users/1/recommendations?genre=Western',
      '/v1/items/x/similar',
      `/v1/items/${itemId(1)}/similar?k=1000`,
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code, path).toBe('BAD_REQUEST');
      expect(res.body.error.message, path).toEqual(expect.any(String));
    }
  });

  it('returns similar items, and 404 for an unknown item', async () => {
    const res = await get(`/v1/items/${itemId(3)}/similar?k=5`);
    expect(res.status).toBe(200);
    expect(res.body.item).toMatchObject({ item: itemId(3), title: 'Movie 3, part 4 (1993)' });
    expect(res.body.similar).toHaveLength(5);
    const missing = await get('/v1/items/8/similar');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'item 8 is not in the catalogue' });
  });

  it('stores feedback and applies it to the very next recommendation for that user', async () => {
    const user = userId(7);
    const before = (await get(`/v1/users/${user}/recommendations?k=1`)).body.recommendations[0].item;
    const rowsBefore = store.count();
    const res = await postFeedback({ user, item: before, rating: 4.5, timestamp: 2_000_000 });
    expect(res.status).toBe(201);
    expect(res.body.feedback).toEqual({
      id: expect.any(Number),
      user,
      item: before,
      rating: 4.5,
      timestamp: 2_000_000,
    });
    expect(store.count()).toBe(rowsBefore + 1);
    const after = (await get(`/v1/users/${user}/recommendations?k=10`)).body.recommendations;
    expect(after.map((r: { item: number }) => r.item)).not.toContain(before);

    const newcomer = await postFeedback({ user: 5_000_000, item: itemId(4) });
    expect(newcomer.status).toBe(201);
    expect(newcomer.body.feedback.timestamp).toBeGreaterThan(1_700_000_000);
    const recs = await get('/v1/users/5000000/recommendations?k=3');
    expect(recs.body.strategy).toBe('personalised');
  });

  it('refuses malformed, out-of-range, unknown-item and duplicate feedback', async () => {
    const cases: [unknown, number, string][] = [
      [{ item: itemId(1) }, 400, 'user must be an integer id'],
      [{ user: '5', item: itemId(1) }, 400, 'user must be an integer id'],
      [{ user: 5, item: 2.5 }, 400, 'item must be an integer id'],
      [{ user: 5, item: itemId(1), rating: 9 }, 400, 'rating must be a number in [1, 5]'],
      [{ user: 5, item: itemId(1), rating: 'good' }, 400, 'rating must be a number'],
      [{ user: 5, item: itemId(1), timestamp: -1 }, 400, 'timestamp must be whole seconds'],
      [{ user: 5, item: itemId(1), userId: 5 }, 400, 'unknown field(s) userId'],
      [[{ user: 5, item: itemId(1) }], 400, 'must be a JSON object'],
      [{ user: 5, item: 8 }, 404, 'item 8 is not in the catalogue'],
    ];
    for (const [body, status, message] of cases) {
      const res = await postFeedback(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.message).toContain(message);
    }
    const malformed = await request(built.app)
      .post('/v1/feedback')
      .set('Content-Type', 'application/json')
      .send('{"user": 5,');
    expect(malformed.status).toBe(400);
    const first = await postFeedback({ user: 6, item: itemId(9), timestamp: 1234 });
    expect(first.status).toBe(201);
    const again = await postFeedback({ user: 6, item: itemId(9), timestamp: 1234, rating: 2 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
  });

  it('scores pairs through the Open Inference Protocol', async () => {
    const name = built.server.context.model.name;
    const res = await request(built.app)
      .post(`/v2/models/${name}/infer`)
      .send({
        inputs: [
          { name: 'user', datatype: 'INT32', shape: [2], data: [userId(1), 31337] },
          { name: 'item', datatype: 'INT32', shape: [2], data: [itemId(1), itemId(2)] },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body.outputs.map((o: { name: string; shape: number[] }) => [o.name, o.shape])).toEqual([
      ['score', [2]],
      ['rating', [2]],
    ]);
    const unknown = await request(built.app)
      .post(`/v2/models/${name}/infer`)
      .send({
        inputs: [
          { name: 'user', datatype: 'INT32', shape: [1], data: [1] },
          { name: 'item', datatype: 'INT32', shape: [1], data: [8] },
        ],
      });
    expect(unknown.status).toBe(404);
  });
  // Listening and closing drains the app: the tests after this one build their own.
  it('loses no feedback written in parallel over HTTP', async () => {
    const running = await built.server.listen({ port: 0, host: '127.0.0.1' });
    try {
      const before = store.count();
      const writes = 300;
      const responses = await Promise.all(
        Array.from({ length: writes }, (_, i) =>
          fetch(`${running.url}/v1/feedback`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ user: 9000 + (i % 30), item: itemId(i % 30), timestamp: 5_000 + i }),
          }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(writes).fill(201));
      const ids = await Promise.all(
        responses.map(async (r) => ((await r.json()) as { feedback: { id: number } }).feedback.id),
      );
      expect(new Set(ids).size).toBe(writes);
      expect(store.count()).toBe(before + writes);
    } finally {
      await running.close({ graceMs: 1000 });
    }
  });

  it('replays the stored feedback when a new server opens the store', async () => {
    const { app, store: reopened } = await build(join(root, 'feedback.sqlite'));
    try {
      expect(app.replayed).toEqual({ applied: store.count(), skipped: 0 });
      const recs = await request(app.app).get('/v1/users/9003/recommendations?k=30');
      expect(recs.body.strategy).toBe('personalised');
      expect(recs.body.recommendations.map((r: { item: number }) => r.item)).not.toContain(itemId(3));
    } finally {
      reopened.close();
    }
  });
});

import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { silentLogger } from '../logger.js';
import { createServer } from './create-server.js';
import { recordingLogger, rowSumModel } from './test-support/served-models.js';

const backend = { name: 'wasm', reason: 'test' };

describe('health and readiness', () => {
  it('is live at once and ready only once the model is', async () => {
    const model = rowSumModel();
    model.ready = false;
    const { app } = createServer({ model, backend, logger: silentLogger });

    expect((await request(app).get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await request(app).get('/v2/health/live')).body).toEqual({ live: true });
    const before = await request(app).get('/readyz');
    expect(before.status).toBe(503);
    expect(before.body).toEqual({ error: { code: 'NOT_READY', message: 'model row-sum is not ready' } });
    expect((await request(app).get('/v2/health/ready')).status).toBe(503);
    expect((await request(app).get('/v2/models/row-sum/ready')).status).toBe(503);

    model.ready = true;
    const after = await request(app).get('/readyz');
    expect(after.status).toBe(200);
    expect(after.body).toEqual({
      status: 'ready',
      model: { name: 'row-sum', version: '3' },
      backend: { name: 'wasm', reason: 'test' },
    });
    expect((await request(app).get('/v2/health/ready')).body).toEqual({ ready: true });
    expect((await request(app).get('/v2/models/row-sum/ready')).body).toEqual({ name: 'row-sum', ready: true });
  });

  it("reports core's current backend by default and is not ready without one", async () => {
    const { app } = createServer({ model: rowSumModel(), logger: silentLogger });
    const ready = await request(app).get('/readyz');
    // The vitest setup file initialised the default backend.
    expect(ready.body.backend.name).toBe('wasm');

    const none = createServer({ model: rowSumModel(), backend: () => undefined, logger: silentLogger });
    expect((await request(none.app).get('/readyz')).status).toBe(503);
  });
});

describe('request ids', () => {
  it('echoes a sane X-Request-Id and replaces anything else with a UUID', async () => {
    const { app } = createServer({ model: rowSumModel(), backend, logger: silentLogger });
    const sane = await request(app).get('/healthz').set('X-Request-Id', 'abc-123.x');
    expect(sane.headers['x-request-id']).toBe('abc-123.x');
    for (const bad of ['has spaces', 'x'.repeat(200), '<script>']) {
      const res = await request(app).get('/healthz').set('X-Request-Id', bad);
      expect(res.headers['x-request-id']).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
    const none = await request(app).get('/healthz');
    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('errors', () => {
  const make = () => {
    const logger = recordingLogger();
    const server = createServer({
      model: rowSumModel(),
      backend,
      logger,
      limits: { jsonBodyBytes: 200 },
      routes: (router) => {
        router.post('/echo', (req, res) => {
          res.json({ got: req.body });
        });
        router.get('/teapot', () => {
          throw new ScenarioError('UNPROCESSABLE', 'cannot brew', { details: { pot: 'tea' } });
        });
        router.get('/bug', async () => {
          throw new TypeError('secret internals at 0xdeadbeef');
        });
      },
    });
    return { app: server.app, logger };
  };

  it('answers unknown routes with a JSON 404', async () => {
    const res = await request(make().app).get('/nope');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: 'no route for GET /nope' } });
  });

  it('answers malformed JSON with 400 BAD_REQUEST', async () => {
    const res = await request(make().app).post('/v1/echo').set('Content-Type', 'application/json').send('{"a": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_REQUEST');
    expect(res.body.error.message).toMatch(/^malformed JSON body/);
  });

  it('answers a body over the limit with 413 and accepts one under it', async () => {
    const { app } = make();
    const big = await request(app)
      .post('/v1/echo')
      .send({ text: 'x'.repeat(300) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const small = await request(app).post('/v1/echo').send({ text: 'hi' });
    expect(small.body).toEqual({ got: { text: 'hi' } });
  });

  it('answers a body of another content type with 415', async () => {
    const res = await request(make().app).post('/v1/echo').set('Content-Type', 'text/plain').send('hello');
    expect(res.status).toBe(415);
    expect(res.body.error).toEqual({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'expected Content-Type application/json, got text/plain',
    });
  });

  it('maps a ScenarioError to its status with its details', async () => {
    const res = await request(make().app).get('/v1/teapot');
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ error: { code: 'UNPROCESSABLE', message: 'cannot brew', details: { pot: 'tea' } } });
  });

  it('hides an unexpected error behind 500 INTERNAL and logs it with the request id', async () => {
    const { app, logger } = make();
    const res = await request(app).get('/v1/bug').set('X-Request-Id', 'req-42');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: 'internal error (request id req-42)' } });
    expect(JSON.stringify(res.body)).not.toContain('secret');
    const logged = logger.entries.find((e) => e.level === 'error');
    expect(logged?.obj).toMatchObject({ requestId: 'req-42' });
    expect((logged?.obj as { err?: Error } | undefined)?.err?.message).toContain('secret internals');
  });
});

describe('metrics', () => {
  it('counts requests by route, method and status, and exposes the serving gauges', async () => {
    const { app } = createServer({
      model: rowSumModel(),
      backend,
      logger: silentLogger,
      metrics: { defaultMetrics: false },
    });
    await request(app).get('/healthz');
    await request(app).get('/healthz');
    await request(app).get('/missing');
    await request(app)
      .post('/v2/models/row-sum/infer')
      .send({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 2], data: [1, 2] }] });
    const res = await request(app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.text;
    expect(text).toContain('http_requests_total{method="GET",route="/healthz",status="200"} 2');
    expect(text).toContain('http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(text).toContain(
      'http_requests_total{method="POST",route="/v2/models/:name{/versions/:version}/infer",status="200"} 1',
    );
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="/healthz",status="200"} 2');
    expect(text).toContain('inference_batch_size_count 1');
    expect(text).toContain('inference_batch_size_sum 1');
    expect(text).toContain('queue_depth{queue="batcher"} 0');
    expect(text).toContain('queue_depth{queue="gate"} 0');
    // The scrape itself is the one request in flight.
    expect(text).toContain('http_requests_in_flight 1');
  });

  it("keeps each server's metrics in its own registry", async () => {
    const one = createServer({
      model: rowSumModel(),
      backend,
      logger: silentLogger,
      metrics: { defaultMetrics: false },
    });
    const two = createServer({ model: rowSumModel(), backend, logger: silentLogger });
    await request(one.app).get('/healthz');
    const text = (await request(two.app).get('/metrics')).text;
    expect(text).not.toContain('route="/healthz"');
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});

describe('app routes', () => {
  it("mounts the app's routes under /v1 with the context, sharing the batcher", async () => {
    const model = rowSumModel();
    const { app } = createServer({
      model,
      backend,
      logger: silentLogger,
      routes: (router, context) => {
        router.post('/add', async (req, res) => {
          const { a, b } = req.body as { a: number; b: number };
          const out = await context.infer({ x: { datatype: 'FP32', shape: [1, 2], data: [a, b] } });
          res.json({ sum: out.sum?.data[0] });
        });
      },
    });
    const res = await request(app).post('/v1/add').send({ a: 2, b: 40 });
    expect(res.body).toEqual({ sum: 42 });
    expect(model.batches).toEqual([1]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { createServer, type RunningServer } from './create-server.js';
import { send, until } from './test-support/http-client.js';
import { deferred, recordingLogger, rowSumModel } from './test-support/served-models.js';

const backend = { name: 'wasm', reason: 'test' };
const body = (data: number[]) => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [data.length / 2, 2], data }] });

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close({ graceMs: 200 });
  running = undefined;
});

describe('request timeout', () => {
  it('answers 504 to a slow request, drops the late result and keeps serving', async () => {
    const model = rowSumModel();
    const hold = deferred();
    model.hold = hold;
    const server = createServer({ model, backend, logger: silentLogger, limits: { requestTimeoutMs: 150 } });
    running = await server.listen({ port: 0 });
    const infer = `${running.url}/v2/models/row-sum/infer`;

    const start = Date.now();
    const slow = send(infer, { json: body([1, 2]) });
    await until(() => model.batches.length === 1);
    // Queued behind the running batch: it times out before its batch starts, so it never runs.
    const queued = send(infer, { json: body([3, 4]) });
    const [first, second] = await Promise.all([slow, queued]);
    expect(Date.now() - start).toBeLessThan(1_000);
    expect(first.status).toBe(504);
    expect(first.body).toEqual({ error: { code: 'TIMEOUT', message: 'request not answered within 150 ms' } });
    expect(second.status).toBe(504);
    expect(server.context.batcher.queueDepth).toBe(0);

    model.hold = undefined;
    hold.resolve();
    const next = await send(infer, { json: body([5, 6]) });
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ outputs: [{ name: 'sum', data: [11] }] });
    expect(model.batches).toEqual([1, 1]);
  });

  it('survives an app handler that answers after its request timed out', async () => {
    const logger = recordingLogger();
    const late = deferred();
    const server = createServer({
      model: rowSumModel(),
      backend,
      logger,
      limits: { requestTimeoutMs: 100 },
      routes: (router) => {
        router.get('/late', async (_req, res) => {
          await late.promise;
          res.json({ too: 'late' }); // throws ERR_HTTP_HEADERS_SENT: the 504 went out already
        });
      },
    });
    running = await server.listen({ port: 0 });
    const res = await send(`${running.url}/v1/late`);
    expect(res.status).toBe(504);
    late.resolve();
    await until(() => logger.entries.some((e) => e.msg === 'error after the response started; dropped'));
    expect((await send(`${running.url}/healthz`)).status).toBe(200);
  });
});

describe('bounded concurrency', () => {
  it('queues up to maxQueue, answers 503 with Retry-After beyond, and keeps health routes open', async () => {
    const model = rowSumModel();
    const hold = deferred();
    model.hold = hold;
    const server = createServer({
      model,
      backend,
      logger: silentLogger,
      limits: { maxInFlight: 1, maxQueue: 1, retryAfterSeconds: 2 },
    });
    running = await server.listen({ port: 0 });
    const { url } = running;
    const infer = `${url}/v2/models/row-sum/infer`;

    const first = send(infer, { json: body([1, 2]) });
    await until(() => model.batches.length === 1);
    const second = send(infer, { json: body([3, 4]) });
    await until(async () => String((await send(`${url}/metrics`)).body).includes('queue_depth{queue="gate"} 1'));

    const rejected = await send(infer, { json: body([5, 6]) });
    expect(rejected.status).toBe(503);
    expect(rejected.headers['retry-after']).toBe('2');
    expect(rejected.body).toMatchObject({ error: { code: 'OVERLOADED' } });
    expect((await send(`${url}/readyz`)).status).toBe(200);

    hold.resolve();
    const answered = await Promise.all([first, second]);
    expect(answered.map((r) => r.status)).toEqual([200, 200]);
    expect(answered.map((r) => (r.body as { outputs: { data: number[] }[] }).outputs[0]?.data)).toEqual([[3], [7]]);
  });
});

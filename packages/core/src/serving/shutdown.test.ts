import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { createServer } from './create-server.js';
import { installShutdown } from './shutdown.js';
import { send, until } from './test-support/http-client.js';
import { deferred, rowSumModel } from './test-support/served-models.js';

const backend = { name: 'wasm', reason: 'test' };
const body = { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 2], data: [20, 22] }] };

async function startHeld() {
  const model = rowSumModel();
  const hold = deferred();
  model.hold = hold;
  const server = createServer({ model, backend, logger: silentLogger });
  const running = await server.listen({ port: 0 });
  const inFlight = send(`${running.url}/v2/models/row-sum/infer`, { json: body });
  await until(() => model.batches.length === 1);
  return { server, running, hold, inFlight };
}

describe('graceful shutdown', () => {
  it('lets an in-flight request finish while refusing new connections', async () => {
    const { server, running, hold, inFlight } = await startHeld();
    const closed = running.close({ graceMs: 2_000 });
    let done = false;
    void closed.then(() => {
      done = true;
    });

    await expect(send(`${running.url}/healthz`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(server.context.notReadyReason()).toBe('the server is shutting down');
    expect(done).toBe(false);

    hold.resolve();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outputs: [{ name: 'sum', data: [42] }] });
    await closed;
    expect(running.server.listening).toBe(false);
    await expect(server.context.batcher.submit({})).rejects.toMatchObject({ code: 'NOT_READY' });
    expect(running.close()).toBe(closed);
  });

  it('cuts requests still running when the grace period ends', async () => {
    const { running, hold, inFlight } = await startHeld();
    const cut = expect(inFlight).rejects.toMatchObject({ code: 'ECONNRESET' });
    const start = Date.now();
    await running.close({ graceMs: 100 });
    expect(Date.now() - start).toBeLessThan(1_000);
    await cut;
    hold.resolve();
  });

  it('installShutdown closes the target on a signal and removes its handlers', async () => {
    const { running, hold, inFlight } = await startHeld();
    const listeners = process.listenerCount('SIGUSR2');
    const handle = installShutdown(running, { signals: ['SIGUSR2'], graceMs: 2_000 });
    expect(process.listenerCount('SIGUSR2')).toBe(listeners + 1);

    process.emit('SIGUSR2', 'SIGUSR2');
    expect(process.listenerCount('SIGUSR2')).toBe(listeners);
    hold.resolve();
    expect((await inFlight).status).toBe(200);
    expect(await handle.done).toBe('SIGUSR2');
    expect(running.server.listening).toBe(false);
  });

  it('uninstall removes the handlers without closing anything', () => {
    const listeners = process.listenerCount('SIGUSR2');
    let closed = false;
    const handle = installShutdown(
      {
        close: async () => {
          closed = true;
        },
      },
      { signals: ['SIGUSR2'] },
    );
    handle.uninstall();
    expect(process.listenerCount('SIGUSR2')).toBe(listeners);
    expect(closed).toBe(false);
  });
});

describe('listen', () => {
  it('binds 127.0.0.1 by default and rejects with INVALID_ARGUMENT when the port is taken', async () => {
    const first = await createServer({ model: rowSumModel(), backend, logger: silentLogger }).listen({ port: 0 });
    expect(first.host).toBe('127.0.0.1');
    expect(first.url).toBe(`http://127.0.0.1:${first.port}`);
    const second = createServer({ model: rowSumModel(), backend, logger: silentLogger });
    await expect(second.listen({ port: first.port })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('EADDRINUSE'),
    });
    await first.close({ graceMs: 100 });
  });
});

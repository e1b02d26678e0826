import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { errorHandler } from './error-handler.js';
import { requestSignalOf, requestTimeout } from './request-timeout.js';
import { send, until } from './test-support/http-client.js';
import { deferred } from './test-support/served-models.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A server whose `/wait` answers only when `release` resolves, recording what its signal saw. */
async function waitingServer(timeoutMs: number) {
  const release = deferred();
  const reasons: string[] = [];
  const app = express();
  app.use(requestTimeout({ timeoutMs, logger: silentLogger }));
  app.get('/wait', async (req, res) => {
    // Asked for late on purpose: a signal handed out after the request gave up is already aborted.
    if (req.query.late !== undefined) await release.promise;
    const signal = requestSignalOf(res);
    if (signal?.aborted) reasons.push(String((signal.reason as Error).message));
    signal?.addEventListener('abort', () => reasons.push(String((signal.reason as Error).message)));
    await release.promise;
    if (!res.headersSent) res.json({ answered: true });
  });
  app.use(errorHandler({ logger: silentLogger }));
  server = createServer(app);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, release, reasons };
}

describe('requestTimeout', () => {
  it('times out each request its own timeout after it arrived, with one shared timer', async () => {
    const { url, release } = await waitingServer(300);
    const started = Date.now();
    const first = send(`${url}/wait`).then((res) => ({ res, ms: Date.now() - started }));
    await new Promise((resolve) => setTimeout(resolve, 250));
    const second = send(`${url}/wait`).then((res) => ({ res, ms: Date.now() - started }));
    const [a, b] = await Promise.all([first, second]);
    expect(a.res.status).toBe(504);
    expect(b.res.status).toBe(504);
    expect(b.res.body).toEqual({ error: { code: 'TIMEOUT', message: 'request not answered within 300 ms' } });
    // Each on its own deadline: the second about 250 ms after the first, not at the same moment.
    expect(a.ms).toBeGreaterThanOrEqual(290);
    expect(b.ms - a.ms).toBeGreaterThanOrEqual(150);
    release.resolve();
  });

  it('answers requests that finish in time and aborts the signal of those that do not', async () => {
    const { url, release, reasons } = await waitingServer(150);
    const late = send(`${url}/wait?late`);
    const timedOut = await send(`${url}/wait`);
    expect(timedOut.status).toBe(504);
    release.resolve();
    expect((await late).status).toBe(504);
    await until(() => reasons.length === 2);
    expect(reasons).toEqual(['request not answered within 150 ms', 'request not answered within 150 ms']);
    expect((await send(`${url}/wait`)).body).toEqual({ answered: true });
  });

  it('aborts the signal when the client goes away', async () => {
    const { url, reasons } = await waitingServer(5_000);
    const req = request(`${url}/wait`, { agent: false });
    req.on('error', () => {});
    req.end();
    await new Promise((resolve) => setTimeout(resolve, 50));
    req.destroy();
    await until(() => reasons.length === 1);
    expect(reasons).toEqual(['the client closed the connection']);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHttpLoad } from './http-load.js';

let server: Server;
let url: string;
/** Connections the server saw, to check that clients keep theirs alive. */
let connections = 0;

beforeAll(async () => {
  // Answers 200 to a body starting with "ok" and 500 to anything else, after 2 ms.
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      setTimeout(() => {
        res.statusCode = Buffer.concat(chunks).toString().startsWith('ok') ? 200 : 500;
        res.end('{}');
      }, 2);
    });
  });
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('runHttpLoad', () => {
  it('keeps each client on one keep-alive connection and measures throughput and latency', async () => {
    connections = 0;
    const result = await runHttpLoad({
      url,
      bodies: [Buffer.from('ok 1'), Buffer.from('ok 2')],
      contentType: 'text/plain',
      clients: 3,
      warmupMs: 0,
      durationMs: 1000,
    });
    expect(connections).toBe(3);
    expect(result).toMatchObject({ clients: 3, errors: 0 });
    // Three clients, each at most one request per 2 ms, for about a second.
    expect(result.requests).toBeGreaterThan(30);
    expect(result.requests).toBeLessThanOrEqual(3 * (1000 / 2 + 10));
    expect(result.seconds).toBeGreaterThanOrEqual(0.95);
    expect(result.throughput).toBeCloseTo(result.requests / result.seconds, 6);
    expect(result.p50Ms).toBeGreaterThanOrEqual(2);
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
  });

  it('counts answers other than 2xx as errors', async () => {
    const result = await runHttpLoad({
      url,
      bodies: [Buffer.from('ok'), Buffer.from('no')],
      contentType: 'text/plain',
      clients: 2,
      warmupMs: 200,
      durationMs: 500,
    });
    // Every connection alternates between the two bodies: half the answers are 500s.
    expect(result.errors / result.requests).toBeGreaterThan(0.4);
    expect(result.errors / result.requests).toBeLessThan(0.6);
    expect(result.throughput * result.seconds).toBeCloseTo(result.requests - result.errors, 6);
  });

  it('only loads loopback addresses', async () => {
    await expect(
      runHttpLoad({ url: 'http://example.com/', bodies: [Buffer.from('x')], contentType: 'text/plain' }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

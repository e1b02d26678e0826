import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fetchBytes } from './fetch-bytes.js';

describe('fetchBytes', () => {
  it('gives up on a server that accepts the request and never answers', async () => {
    const server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow.gz`;
    try {
      await expect(fetchBytes(url, { connectTimeoutMs: 200 })).rejects.toMatchObject({
        code: 'DATA_NOT_FOUND',
        message: `download of ${url} failed: no response within 0.2 s`,
      });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('gives up on a body that stops arriving', async () => {
    const server = createServer((_, response) => {
      response.writeHead(200, { 'content-length': 1000 });
      response.write('only the start');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/stalled.gz`;
    const seen: [number, number | undefined][] = [];
    try {
      await expect(
        fetchBytes(url, { timeoutMs: 300, onProgress: (received, total) => seen.push([received, total]) }),
      ).rejects.toMatchObject({
        code: 'DATA_NOT_FOUND',
        message: `download of ${url} failed: download not finished within 0.3 s`,
      });
      expect(seen).toEqual([[14, 1000]]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

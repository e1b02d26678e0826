import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { createServer } from './create-server.js';
import { readBody } from './read-body.js';
import { rowSumModel } from './test-support/served-models.js';

/** A server whose `/v1/bytes` route takes raw PNG bodies (read with readBody, at most 8 bytes) or JSON. */
function bytesServer() {
  return createServer({
    model: rowSumModel(),
    backend: { name: 'wasm', reason: 'test' },
    logger: silentLogger,
    passThroughTypes: ['image/png'],
    routes: (router) => {
      router.post('/bytes', async (req, res) => {
        if (req.is('image/png')) {
          const bytes = await readBody(req, { maxBytes: 8 });
          res.json({ raw: [...bytes] });
          return;
        }
        res.json({ json: req.body });
      });
    },
  }).app;
}

describe('pass-through bodies', () => {
  it('leaves a declared content type unread for the route, and still parses JSON', async () => {
    const app = bytesServer();
    const raw = await request(app)
      .post('/v1/bytes')
      .set('Content-Type', 'image/png')
      .send(Buffer.from([1, 2, 3]));
    expect(raw.body).toEqual({ raw: [1, 2, 3] });
    const json = await request(app).post('/v1/bytes').send({ a: 1 });
    expect(json.body).toEqual({ json: { a: 1 } });
  });

  it('refuses a body over the route limit with 413 and other types with 415 naming the accepted ones', async () => {
    const app = bytesServer();
    const big = await request(app).post('/v1/bytes').set('Content-Type', 'image/png').send(Buffer.alloc(9));
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const other = await request(app).post('/v1/bytes').set('Content-Type', 'text/plain').send('hello');
    expect(other.status).toBe(415);
    expect(other.body.error.message).toBe('expected Content-Type application/json, image/png, got text/plain');
    // The server goes on answering.
    expect((await request(app).post('/v1/bytes').send({ ok: true })).body).toEqual({ json: { ok: true } });
  });
});

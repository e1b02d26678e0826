import type { IncomingMessage, ServerResponse } from 'node:http';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { createServer } from './create-server.js';
import { send } from './test-support/http-client.js';
import { rowSumModel } from './test-support/served-models.js';

const backend = { name: 'wasm', reason: 'test' };

describe('the HTTP server of an app', () => {
  it("creates requests and responses with the app's prototypes, before Express sees them", async () => {
    const server = createServer({
      model: rowSumModel(),
      backend,
      logger: silentLogger,
      routes: (router) => router.get('/echo', (req, res) => res.json({ query: req.query, path: req.path })),
    });
    const running = await server.listen({ port: 0 });
    try {
      const seen: boolean[] = [];
      // Runs before the app: Express would otherwise move each object to these prototypes itself.
      running.server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
        seen.push(
          Object.getPrototypeOf(req) === server.app.request,
          Object.getPrototypeOf(res) === server.app.response,
        );
      });
      const answer = await send(`${running.url}/v1/echo?a=1`);
      expect(answer.body).toEqual({ query: { a: '1' }, path: '/echo' });
      expect(seen).toEqual([true, true]);
    } finally {
      await running.close();
    }
  });

  it('still serves requests made by other servers, such as supertest', async () => {
    const { app } = createServer({ model: rowSumModel(), backend, logger: silentLogger });
    const answer = await request(app).get('/healthz');
    expect(answer.body).toEqual({ status: 'ok' });
  });
});

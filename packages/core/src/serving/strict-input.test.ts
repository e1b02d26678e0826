import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { silentLogger } from '../logger.js';
import { createServer } from './create-server.js';
import type { NamedTensors } from './served-model.js';
import { rowSumModel } from './test-support/served-models.js';

const backend = { name: 'wasm', reason: 'test' };

describe('JSON bodies', () => {
  it('refuses a body with invalid UTF-8 bytes with 400, and the server keeps answering', async () => {
    const running = await createServer({ model: rowSumModel(), backend, logger: silentLogger }).listen({ port: 0 });
    const url = `${running.url}/v2/models/row-sum/infer`;
    try {
      // 0xc3 0x28: a two-byte sequence whose second byte is not a continuation byte.
      const body = Buffer.concat([Buffer.from('{"inputs": [], "id": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
      const bad = await postRaw(url, body);
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.text).error).toEqual({
        code: 'BAD_REQUEST',
        message: 'the request body is not valid UTF-8',
      });

      const valid = { id: 'é ✓ 𝄞', inputs: [{ name: 'x', shape: [1, 2], datatype: 'FP32', data: [1, 2] }] };
      const good = await postRaw(url, Buffer.from(JSON.stringify(valid), 'utf8'));
      expect(good.status).toBe(200);
      expect(JSON.parse(good.text)).toMatchObject({ id: 'é ✓ 𝄞', outputs: [{ data: [3] }] });
    } finally {
      await running.close({ graceMs: 100 });
    }
  });
});

describe('validateInputs', () => {
  it('fails a bad request alone, before it joins a batch', async () => {
    const model = rowSumModel();
    const seen: NamedTensors[] = [];
    const checked = {
      ...model,
      validateInputs(inputs: NamedTensors) {
        seen.push(inputs);
        if ((inputs.x?.data as number[] | undefined)?.[0] === 99)
          throw new ScenarioError('INVALID_ARGUMENT', 'no 99s here');
      },
    };
    const { app } = createServer({ model: checked, backend, logger: silentLogger, batching: { maxDelayMs: 20 } });
    const infer = (first: number) =>
      request(app)
        .post('/v2/models/row-sum/infer')
        .send({ inputs: [{ name: 'x', shape: [1, 2], datatype: 'FP32', data: [first, 1] }] });
    const [bad, good] = await Promise.all([infer(99), infer(1)]);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toEqual({ code: 'INVALID_ARGUMENT', message: 'no 99s here' });
    expect(good.status).toBe(200);
    expect(good.body.outputs[0].data).toEqual([2]);
    expect(seen).toHaveLength(2);
    expect(model.batches).toEqual([1]);
  });
});

/** POSTs raw bytes as application/json on a fresh connection. */
function postRaw(url: string, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

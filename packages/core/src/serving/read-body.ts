import type { Request } from 'express';
import { ScenarioError } from '../errors.js';

/**
 * Reads a whole request body that the server left unread (a `passThroughTypes` body) into
 * memory. Refuses with PAYLOAD_TOO_LARGE as soon as it passes `maxBytes`, by the declared
 * Content-Length or while streaming, and with BAD_REQUEST when the client breaks off.
 */
export function readBody(req: Request, options: { maxBytes: number }): Promise<Buffer> {
  const { maxBytes } = options;
  const tooLarge = () =>
    new ScenarioError('PAYLOAD_TOO_LARGE', `request body larger than ${maxBytes} bytes`, { details: { maxBytes } });
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) {
    req.resume(); // discard it, so the connection can answer
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        cleanup();
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new ScenarioError('BAD_REQUEST', `could not read the request body: ${error.message}`, { cause: error }));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

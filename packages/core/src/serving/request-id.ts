import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';

/** Ids a client may choose: short, printable, no spaces or quotes, safe to put in logs and headers. */
const SANE_ID = /^[A-Za-z0-9._:/+=-]{1,128}$/;

const ids = new WeakMap<Response, string>();

/**
 * Gives every request an id: the client's `X-Request-Id` when it looks sane, otherwise a fresh
 * UUID. The id is echoed in the `X-Request-Id` response header and read back with `requestIdOf`.
 */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const offered = req.get('x-request-id');
    const id = offered !== undefined && SANE_ID.test(offered) ? offered : randomUUID();
    ids.set(res, id);
    res.setHeader('X-Request-Id', id);
    next();
  };
}

/** The id `requestId()` gave this response's request, if that middleware ran. */
export function requestIdOf(res: Response): string | undefined {
  return ids.get(res);
}

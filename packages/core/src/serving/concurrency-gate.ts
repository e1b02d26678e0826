import type { RequestHandler } from 'express';
import { ScenarioError } from '../errors.js';
import { requestSignalOf } from './request-timeout.js';

/** Frees the slot `acquire` granted; calling it more than once has no further effect. */
export type Release = () => void;

export interface ConcurrencyGateOptions {
  /** Requests allowed to run at once. Default 64. */
  maxInFlight?: number;
  /** Requests allowed to wait for a slot; beyond that `acquire` fails with OVERLOADED. Default 256. */
  maxQueue?: number;
  /** Called whenever the number running or waiting changes, for example to update gauges. */
  onChange?: (state: { inFlight: number; queued: number }) => void;
}

interface Waiter {
  grant: (release: Release) => void;
  detach: () => void;
}

/**
 * Admits at most `maxInFlight` holders at a time plus a bounded first-in-first-out queue of waiters,
 * so that overload turns into fast 503s instead of unbounded memory and latency.
 */
export class ConcurrencyGate {
  readonly maxInFlight: number;
  readonly maxQueue: number;
  readonly #onChange: ConcurrencyGateOptions['onChange'];
  #inFlight = 0;
  #waiting: Waiter[] = [];

  constructor(options: ConcurrencyGateOptions = {}) {
    this.maxInFlight = options.maxInFlight ?? 64;
    this.maxQueue = options.maxQueue ?? 256;
    if (!Number.isInteger(this.maxInFlight) || this.maxInFlight < 1) {
      throw new ScenarioError('INVALID_ARGUMENT', `maxInFlight must be a positive integer, got ${this.maxInFlight}`);
    }
    if (!Number.isInteger(this.maxQueue) || this.maxQueue < 0) {
      throw new ScenarioError('INVALID_ARGUMENT', `maxQueue must be a non-negative integer, got ${this.maxQueue}`);
    }
    this.#onChange = options.onChange;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get queued(): number {
    return this.#waiting.length;
  }

  /**
   * Resolves with a `Release` once a slot is free. Rejects at once with OVERLOADED when the queue is
   * full, and with the signal's reason when `signal` aborts while waiting.
   */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const release = this.tryAcquire();
    if (release) return Promise.resolve(release);
    if (this.#waiting.length >= this.maxQueue) {
      return Promise.reject(
        new ScenarioError('OVERLOADED', 'server is overloaded, retry later', {
          details: { inFlight: this.#inFlight, queued: this.#waiting.length },
        }),
      );
    }
    return new Promise<Release>((grant, reject) => {
      const waiter: Waiter = { grant, detach: () => {} };
      if (signal) {
        const onAbort = () => {
          this.#waiting = this.#waiting.filter((w) => w !== waiter);
          this.#notify();
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        waiter.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.#waiting.push(waiter);
      this.#notify();
    });
  }

  /** A slot if one is free now, without queueing; otherwise undefined. */
  tryAcquire(): Release | undefined {
    if (this.#inFlight >= this.maxInFlight) return undefined;
    this.#inFlight += 1;
    this.#notify();
    return this.#releaser();
  }

  #releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      // Hand the slot straight to the next waiter, so the in-flight count never dips and overshoots.
      if (next) {
        next.detach();
        next.grant(this.#releaser());
      } else {
        this.#inFlight -= 1;
      }
      this.#notify();
    };
  }

  #notify(): void {
    this.#onChange?.({ inFlight: this.#inFlight, queued: this.#waiting.length });
  }
}

/**
 * Express middleware that holds a gate slot for the life of each request. When the gate is full it
 * answers 503 OVERLOADED with `Retry-After: retryAfterSeconds` (default 1).
 */
export function concurrencyLimit(gate: ConcurrencyGate, options: { retryAfterSeconds?: number } = {}): RequestHandler {
  const retryAfter = String(options.retryAfterSeconds ?? 1);
  return async (_req, res, next) => {
    // The fast path takes no signal: most requests never need one (see `requestSignalOf`).
    let release = gate.tryAcquire();
    try {
      release ??= await gate.acquire(requestSignalOf(res));
    } catch (error) {
      if (error instanceof ScenarioError && error.code === 'OVERLOADED') res.setHeader('Retry-After', retryAfter);
      throw error;
    }
    // 'close' follows 'finish' and also fires when the client disconnects, so the slot is always freed.
    if (res.closed) release();
    else res.once('close', release);
    next();
  };
}

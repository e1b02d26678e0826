import { ScenarioError } from '@scenarios/core';
import autocannon from 'autocannon';

export interface HttpLoadOptions {
  /** Full URL to POST to, on a loopback address. */
  url: string;
  /** Request bodies, sent in turn on every connection. */
  bodies: readonly Uint8Array[];
  contentType: string;
  /** Concurrent clients, each on its own keep-alive connection. Default 16. */
  clients?: number;
  /** How long requests are counted, after the warm-up. Default 20 000 ms. */
  durationMs?: number;
  /** A first run that is not counted (connections opened, kernels compiled). Default 1 000 ms; 0 skips it. */
  warmupMs?: number;
}

export interface HttpLoadResult {
  clients: number;
  /** Requests answered while counting, errors included. */
  requests: number;
  /** Answers other than 2xx, and requests that failed or timed out. */
  errors: number;
  seconds: number;
  /** Successful requests per second. */
  throughput: number;
  /** Latency percentiles as autocannon records them, in whole milliseconds. */
  p50Ms: number;
  p99Ms: number;
}

/**
 * Drives an HTTP endpoint with autocannon: `clients` keep-alive connections, each sending its next
 * request as soon as the previous answer has arrived, for `durationMs` after an uncounted warm-up.
 * autocannon parses answers with a few tens of microseconds of CPU each, so on a small machine the
 * load generator takes as little as it can from the server it measures.
 */
export async function runHttpLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  const clients = options.clients ?? 16;
  const target = new URL(options.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) {
    throw new ScenarioError('INVALID_ARGUMENT', `load tests only run against loopback, not ${target.hostname}`);
  }
  if (options.bodies.length === 0) throw new ScenarioError('INVALID_ARGUMENT', 'the load test needs request bodies');
  const requests = options.bodies.map((body) => ({
    method: 'POST' as const,
    body: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
    headers: { 'content-type': options.contentType },
  }));
  const run = (durationMs: number) =>
    autocannon({ url: options.url, connections: clients, duration: durationMs / 1000, requests });
  const warmupMs = options.warmupMs ?? 1_000;
  if (warmupMs > 0) await run(warmupMs);
  const result = await run(options.durationMs ?? 20_000);
  const ok = result['2xx'];
  const errors = result.non2xx + result.errors;
  return {
    clients,
    requests: ok + errors,
    errors,
    seconds: result.duration,
    throughput: ok / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}

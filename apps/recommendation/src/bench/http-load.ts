/**
 * A closed-loop HTTP load generator on autocannon: `clients` keep-alive connections each send a
 * request, wait for the answer, and send the next, until the time is up. autocannon costs the
 * machine about half the CPU per request of node:http's client (0.07 against 0.13 ms measured),
 * which matters when the load and the server share two cores. Latencies are taken from its per-response events
 * (fractional milliseconds), not its histogram (whole milliseconds).
 */

import { createRng } from '@scenarios/core/data';
import autocannon from 'autocannon';

/** What to send. */
export interface LoadSpec {
  url: string;
  clients: number;
  warmupMs: number;
  durationMs: number;
  /**
   * `recommend`: GET the top 10 of known users in a seeded random order; `feedback`: POST a new
   * interaction each time; `health`: GET /healthz, the floor the HTTP stack alone sets.
   */
  kind: 'recommend' | 'feedback' | 'health';
  users: readonly number[];
  items: readonly number[];
  seed: number;
}

/** What came back. */
export interface LoadResult {
  /** Milliseconds, of the requests answered after the warm-up. */
  latencies: number[];
  /** Responses by status code, after the warm-up. */
  statuses: Record<string, number>;
  /** Responses by status code, warm-up included. */
  allStatuses: Record<string, number>;
  /** Seconds the measured run lasted. */
  seconds: number;
}

function requestsFor(spec: LoadSpec): autocannon.Request[] {
  const rng = createRng(spec.seed);
  if (spec.kind === 'health') return [{ method: 'GET', path: '/healthz' }];
  if (spec.kind === 'recommend') {
    const users = [...spec.users];
    for (let i = users.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [users[i], users[j]] = [users[j] as number, users[i] as number];
    }
    return users.map((user) => ({ method: 'GET', path: `/v1/users/${user}/recommendations?k=10` }));
  }
  // New users (above every known id) rating random items: every write is distinct.
  let sequence = 0;
  return [
    {
      method: 'POST',
      path: '/v1/feedback',
      headers: { 'content-type': 'application/json' },
      setupRequest: (request) => {
        const n = sequence++;
        const body = JSON.stringify({
          user: 1_000_000_000 + (n % 100_000),
          item: spec.items[rng.int(spec.items.length)],
          timestamp: 1_700_000_000 + n,
        });
        return { ...request, body };
      },
    },
  ];
}

async function run(spec: LoadSpec, requests: autocannon.Request[], durationMs: number) {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const options = { url: spec.url, connections: spec.clients, duration: durationMs / 1000, requests };
    const instance = autocannon(options, (error) => (error ? reject(error) : resolve()));
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
  return { latencies, statuses, seconds: (performance.now() - started) / 1000 };
}

/** Runs the warm-up, then the measured run, on new connections each. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const requests = requestsFor(spec);
  const warmup = spec.warmupMs > 0 ? await run(spec, requests, spec.warmupMs) : { statuses: {} };
  const measured = await run(spec, requests, spec.durationMs);
  const allStatuses: Record<string, number> = { ...warmup.statuses };
  for (const [status, count] of Object.entries(measured.statuses)) {
    allStatuses[status] = (allStatuses[status] ?? 0) + count;
  }
  return { latencies: measured.latencies, statuses: measured.statuses, allStatuses, seconds: measured.seconds };
}

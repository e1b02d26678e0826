/**
 * A closed-loop HTTP load generator, run in a worker thread so that it does not share the
 * server's event loop: `clients` connections each send a request, wait for the answer, and send
 * the next, until the time is up. Latencies of requests sent after the warm-up are reported.
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { createRng } from '@scenarios/core/data';

/** What to send. */
export interface LoadSpec {
  url: string;
  clients: number;
  warmupMs: number;
  durationMs: number;
  /**
   * `recommend`: GET the top 10 of a random known user; `feedback`: POST a new interaction;
   * `health`: GET /healthz, the floor the HTTP stack alone sets.
   */
  kind: 'recommend' | 'feedback' | 'health';
  users: number[];
  items: number[];
  seed: number;
}

/** What came back. */
export interface LoadResult {
  /** Milliseconds, of the measured requests. */
  latencies: number[];
  /** Responses by status code, measured requests only. */
  statuses: Record<string, number>;
  /** Responses by status code, warm-up included. */
  allStatuses: Record<string, number>;
  /** Seconds the measured window lasted. */
  seconds: number;
}

function send(agent: Agent, target: { url: URL; method: string; body?: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      target.url,
      {
        agent,
        method: target.method,
        headers:
          target.body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(target.body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(target.body);
  });
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.clients });
  const rng = createRng(spec.seed);
  const start = performance.now();
  const measureFrom = start + spec.warmupMs;
  const end = measureFrom + spec.durationMs;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const allStatuses: Record<string, number> = {};
  let sequence = 0;
  const next = () => {
    if (spec.kind === 'health') return { url: new URL('/healthz', spec.url), method: 'GET' };
    if (spec.kind === 'recommend') {
      const user = spec.users[rng.int(spec.users.length)];
      return { url: new URL(`/v1/users/${user}/recommendations?k=10`, spec.url), method: 'GET' };
    }
    // New users (above every known id) rating random items: every write is distinct.
    const n = sequence++;
    const body = JSON.stringify({
      user: 1_000_000_000 + (n % 100_000),
      item: spec.items[rng.int(spec.items.length)],
      timestamp: 1_700_000_000 + n,
    });
    return { url: new URL('/v1/feedback', spec.url), method: 'POST', body };
  };
  const client = async () => {
    while (performance.now() < end) {
      const sent = performance.now();
      const status = await send(agent, next());
      allStatuses[status] = (allStatuses[status] ?? 0) + 1;
      if (sent >= measureFrom) {
        latencies.push(performance.now() - sent);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.clients }, client));
  agent.destroy();
  return { latencies, statuses, allStatuses, seconds: (performance.now() - measureFrom) / 1000 };
}

if (parentPort) {
  const port = parentPort;
  run(workerData as LoadSpec).then(
    (result) => port.postMessage({ result }),
    (error: unknown) => port.postMessage({ error: String(error) }),
  );
}

import { Agent, request } from 'node:http';

/** Options of a closed-loop HTTP load test. */
export interface LoadTestOptions {
  /** `POST` target, such as `http://127.0.0.1:8080/v1/classify`. */
  url: string;
  /** The JSON bodies, sent in order (cycling) by the clients together. */
  bodies: readonly string[];
  /** Clients, each sending its next request as soon as the previous one is answered. Default 16. */
  clients?: number;
  /** Requests in all. Default `bodies.length`. */
  requests?: number;
  /** Stop sending after this long. Default 60 s. */
  maxSeconds?: number;
}

/** What a load test measured. */
export interface LoadTestResult {
  requests: number;
  errors: number;
  seconds: number;
  /** Latency percentiles in milliseconds. */
  p50: number;
  p99: number;
}

/**
 * A closed-loop load test on one machine: `clients` keep-alive connections each send a request,
 * wait for the answer and send the next, until `requests` are answered or `maxSeconds` pass.
 * Bounded in count and time; meant for a server on 127.0.0.1.
 */
export async function loadTest(options: LoadTestOptions): Promise<LoadTestResult> {
  const clients = options.clients ?? 16;
  const total = options.requests ?? options.bodies.length;
  const deadline = performance.now() + (options.maxSeconds ?? 60) * 1000;
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const client = async () => {
    while (next < total && performance.now() < deadline) {
      const body = options.bodies[next++ % options.bodies.length] as string;
      const sent = performance.now();
      const status = await post(options.url, body, agent);
      latencies.push(performance.now() - sent);
      if (status !== 200) errors++;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { requests: latencies.length, errors, seconds, p50: at(0.5), p99: at(0.99) };
}

function post(url: string, body: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** What one load test sends: the same request again and again. */
export interface LoadTestOptions {
  url: string;
  body: Uint8Array;
  headers: Record<string, string>;
  /** Concurrent clients, each sending its next request when the last is answered. */
  clients: number;
  /** Total requests, shared among the clients. */
  requests: number;
  /** Stop sending after this many milliseconds even if requests remain. Default 120 000. */
  timeLimitMs?: number;
}

export interface LoadTestResult {
  /** Requests answered with 200. */
  ok: number;
  /** Requests answered with another status, or failed. */
  failed: number;
  seconds: number;
  /** Answered requests per second. */
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Sends `requests` POSTs from `clients` concurrent loops (bounded in count and time) and measures
 * each request's latency, from sending to the whole answer read.
 */
export async function loadTest(options: LoadTestOptions): Promise<LoadTestResult> {
  const deadline = Date.now() + (options.timeLimitMs ?? 120_000);
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const client = async () => {
    while (next < options.requests && Date.now() < deadline) {
      next++;
      const start = performance.now();
      try {
        const response = await fetch(options.url, { method: 'POST', headers: options.headers, body: options.body });
        await response.arrayBuffer();
        if (response.status === 200) latencies.push(performance.now() - start);
        else failed++;
      } catch {
        failed++;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.clients }, client));
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  const quantile = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return {
    ok: latencies.length,
    failed,
    seconds,
    throughput: latencies.length / seconds,
    p50Ms: quantile(0.5),
    p99Ms: quantile(0.99),
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

import { ScenarioError } from '@scenarios/core';

export interface FetchBytesOptions {
  /** Time allowed for the server to start answering, in ms. Default 15,000. */
  connectTimeoutMs?: number;
  /** Time allowed for the whole file, in ms. Default 600,000. */
  timeoutMs?: number;
  /** Called as bytes arrive, with the total from Content-Length when the server sends one. */
  onProgress?: (received: number, total: number | undefined) => void;
}

/**
 * Downloads a whole file into memory.
 *
 * @throws ScenarioError DATA_NOT_FOUND naming the URL when the server cannot be reached, answers
 * with an error status, or is too slow.
 */
export async function fetchBytes(url: string, options: FetchBytesOptions = {}): Promise<Uint8Array> {
  const failure = (reason: string, cause?: unknown) =>
    new ScenarioError('DATA_NOT_FOUND', `download of ${url} failed: ${reason}`, { details: { url }, cause });
  const controller = new AbortController();
  const arm = (ms: number, what: string) =>
    setTimeout(() => controller.abort(failure(`${what} within ${ms / 1000} s`)), ms);
  let timer = arm(options.connectTimeoutMs ?? 15_000, 'no response');
  try {
    const response = await fetch(url, { signal: controller.signal });
    if (!response.ok || !response.body) throw failure(`HTTP ${response.status} ${response.statusText}`);
    clearTimeout(timer);
    timer = arm(options.timeoutMs ?? 600_000, 'download not finished');
    const length = Number(response.headers.get('content-length'));
    const total = Number.isFinite(length) && length > 0 ? length : undefined;
    const chunks: Uint8Array[] = [];
    let received = 0;
    for await (const chunk of response.body) {
      chunks.push(chunk);
      received += chunk.length;
      options.onProgress?.(received, total);
    }
    return new Uint8Array(Buffer.concat(chunks, received));
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    if (controller.signal.reason instanceof ScenarioError) throw controller.signal.reason;
    // fetch says "fetch failed" and keeps the useful part (ECONNREFUSED, ENOTFOUND...) in `cause`.
    const cause = (error as Error & { cause?: Error }).cause;
    throw failure(`${(error as Error).message}${cause ? ` (${cause.message})` : ''}`, error);
  } finally {
    clearTimeout(timer);
  }
}

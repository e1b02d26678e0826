/**
 * Serving from several processes with node:cluster. One event loop handles one request at a time,
 * so a server whose requests are CPU work (scoring, decoding, JSON) uses one core however many the
 * machine has, and under concurrent clients every request waits for the ones ahead of it. The
 * primary process forks `processes` copies of the running script; each one calls `start` and
 * listens on the same port, and the primary hands the connections out in turn. Unless
 * `TFJS_WASM_THREADS` is set, each process's wasm backend gets cores / `processes` threads.
 *
 * State a request changes must then live where every process sees it (a database, not memory).
 */
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { type ErrorCode, ScenarioError, toScenarioError } from '../errors.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import { type Closable, DEFAULT_GRACE_MS, installShutdown } from './shutdown.js';

/** A started server in one process. */
export interface ListeningServer extends Closable {
  url: string;
}

export interface ClusterServeOptions {
  /** Server processes; 1 serves from this process without forking. */
  processes: number;
  /** Starts the server of this process (called once in each worker, or here for 1 process). */
  start: () => Promise<ListeningServer>;
  /** Called once every process listens, with the shared URL. */
  onListening?: (url: string) => void;
  /** Signals that start a graceful shutdown. Default `['SIGTERM', 'SIGINT']`. */
  signals?: NodeJS.Signals[];
  /** Time in-flight requests get to finish in each process. Default 10 s. */
  graceMs?: number;
  /**
   * A process that dies after it started is replaced, up to `max` times within `windowMs`
   * (default 5 in 60 s). Beyond that, or when a replacement cannot start, every process is stopped
   * and the serve fails: a supervisor (systemd, Kubernetes) sees the exit instead of a crash loop.
   */
  restarts?: { max: number; windowMs: number };
  logger?: Logger;
}

type WorkerMessage = { type: 'listening'; url: string } | { type: 'failed'; code: ErrorCode; message: string };
const SHUTDOWN = 'scenarios:shutdown';

/**
 * Serves until one of `signals`, then shuts every process down gracefully and resolves with the
 * signal. In the primary: forks the workers and waits until all listen (a worker whose `start`
 * throws fails the whole start with its error's code and message, and the others are stopped),
 * replaces a worker that dies later (within `restarts`, else it stops them all and rejects), and on
 * a signal asks each worker to drain. In a worker: starts, reports, drains when asked.
 */
export async function serveInCluster(options: ClusterServeOptions): Promise<NodeJS.Signals> {
  const logger = options.logger ?? silentLogger;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  if (!Number.isInteger(options.processes) || options.processes < 1) {
    throw new ScenarioError('INVALID_ARGUMENT', `processes must be a positive integer, got ${options.processes}`);
  }
  if (cluster.isWorker) return runWorker(options.start, { signals, graceMs, logger });
  if (options.processes === 1) {
    const server = await options.start();
    const shutdown = installShutdown(server, { signals, graceMs, logger });
    options.onListening?.(server.url);
    return shutdown.done;
  }
  return runPrimary({ ...options, signals, graceMs, logger });
}

async function runWorker(
  start: () => Promise<ListeningServer>,
  options: { signals: NodeJS.Signals[]; graceMs: number; logger: Logger },
): Promise<NodeJS.Signals> {
  let server: ListeningServer;
  try {
    server = await start();
  } catch (error) {
    const failure = toScenarioError(error);
    process.send?.({ type: 'failed', code: failure.code, message: failure.message } satisfies WorkerMessage);
    // The channel to the primary would keep this process alive after the error is reported.
    process.disconnect?.();
    throw error;
  }
  // The primary asks by message; a signal sent to the whole process group (Ctrl-C in a terminal)
  // reaches the worker directly. Either way the server closes once.
  const shutdown = installShutdown(server, options);
  const onMessage = (message: unknown) => {
    if (message === SHUTDOWN) shutdown.trigger('SIGTERM');
  };
  process.on('message', onMessage);
  process.send?.({ type: 'listening', url: server.url } satisfies WorkerMessage);
  try {
    return await shutdown.done;
  } finally {
    process.off('message', onMessage);
    // The channel to the primary would keep this process alive.
    process.disconnect?.();
  }
}

async function runPrimary(
  options: ClusterServeOptions & { signals: NodeJS.Signals[]; graceMs: number; logger: Logger },
): Promise<NodeJS.Signals> {
  const { logger } = options;
  let stopping = false;
  const workers = new Set<Worker>();
  const listeningWorkers = new WeakSet<Worker>();
  // The processes share the cores: unless told otherwise, each wasm backend takes its share.
  const env = process.env.TFJS_WASM_THREADS
    ? {}
    : { TFJS_WASM_THREADS: String(Math.max(1, Math.floor(availableParallelism() / options.processes))) };
  const fork = (): Promise<string> => {
    const worker = cluster.fork(env);
    workers.add(worker);
    return new Promise((resolve, reject) => {
      let failure: ScenarioError | undefined;
      worker.on('message', (message: WorkerMessage) => {
        if (message?.type === 'failed') failure = new ScenarioError(message.code, message.message);
        if (message?.type !== 'listening') return;
        listeningWorkers.add(worker);
        resolve(message.url);
      });
      worker.once('exit', (code, signal) => {
        workers.delete(worker);
        if (!listeningWorkers.has(worker)) {
          const pid = worker.process.pid;
          reject(
            failure
              ? new ScenarioError(failure.code, `server process ${pid} could not start: ${failure.message}`)
              : new ScenarioError('INTERNAL', `server process ${pid} exited (${signal ?? code}) before listening`),
          );
        } else if (!stopping) {
          replace(worker, signal ?? code);
        }
      });
    });
  };

  const stopAll = () => {
    stopping = true;
    const exited = [...workers].map((worker) => new Promise((resolve) => worker.once('exit', resolve)));
    for (const worker of workers) {
      // A worker still starting has nothing to drain, and would not hear the message yet.
      if (!listeningWorkers.has(worker)) worker.process.kill('SIGTERM');
      else if (worker.isConnected()) worker.send(SHUTDOWN);
    }
    return Promise.all(exited);
  };

  // Until every process listens, a failure is kept for the start to throw; after that, `fail`
  // ends the serve.
  let startFailure: ScenarioError | undefined;
  let fail = (error: ScenarioError) => {
    startFailure ??= error;
  };
  const { max, windowMs } = options.restarts ?? { max: 5, windowMs: 60_000 };
  const deaths: number[] = [];
  const replace = (dead: Worker, how: string | number | null) => {
    const pid = dead.process.pid;
    const now = Date.now();
    deaths.push(now);
    while ((deaths[0] as number) <= now - windowMs) deaths.shift();
    if (deaths.length > max) {
      const seconds = windowMs / 1000;
      fail(
        new ScenarioError(
          'INTERNAL',
          `server processes died ${deaths.length} times in ${seconds} s (the last, pid ${pid}: ${how}); stopping`,
        ),
      );
      return;
    }
    logger.error({ pid, exit: how }, 'server process died; starting another');
    fork().catch((error: unknown) => {
      const reason = toScenarioError(error).message;
      fail(new ScenarioError('INTERNAL', `server process ${pid} died (${how}) and could not be replaced: ${reason}`));
    });
  };

  let urls: string[];
  try {
    urls = await Promise.all(Array.from({ length: options.processes }, fork));
    if (startFailure) throw startFailure;
  } catch (error) {
    await stopAll();
    throw error;
  }
  logger.info({ processes: options.processes, url: urls[0] }, 'server processes listening');
  return new Promise((resolve, reject) => {
    const stop = (then: () => void) => {
      for (const name of options.signals) process.off(name, onSignal);
      if (!stopping) void stopAll().then(then);
    };
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, `received ${signal}; draining every server process`);
      stop(() => resolve(signal));
    };
    fail = (error) => {
      if (stopping) return;
      logger.error({ err: error }, 'stopping every server process');
      stop(() => reject(error));
    };
    for (const name of options.signals) process.on(name, onSignal);
    options.onListening?.(urls[0] as string);
  });
}

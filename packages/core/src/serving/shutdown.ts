import type { Server } from 'node:http';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';

/** Default time in-flight requests get to finish once shutdown starts: 10 s. */
export const DEFAULT_GRACE_MS = 10_000;

export interface GracefulCloseOptions {
  /** How long in-flight requests may take before their connections are cut. Default 10 s. */
  graceMs?: number;
  logger?: Logger;
}

/**
 * Stops `server` accepting connections, lets in-flight requests finish, and closes keep-alive
 * connections as they fall idle. Connections still busy after `graceMs` are cut. Resolves with
 * `forced: true` when that was needed.
 */
export function closeGracefully(server: Server, options: GracefulCloseOptions = {}): Promise<{ forced: boolean }> {
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const logger = options.logger ?? silentLogger;
  return new Promise((resolve) => {
    let forced = false;
    // A keep-alive connection that just finished its last response would otherwise hold close() open.
    const sweep = setInterval(() => server.closeIdleConnections(), 20);
    const deadline = setTimeout(() => {
      forced = true;
      logger.warn({ graceMs }, 'grace period over; closing connections with requests still in flight');
      server.closeAllConnections();
    }, graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve({ forced });
    });
    server.closeIdleConnections();
  });
}

/** Anything that shuts down gracefully, such as the running server `listen()` returns. */
export interface Closable {
  close(options?: { graceMs?: number }): Promise<void>;
}

export interface ShutdownOptions {
  /** Signals that start the shutdown. Default `['SIGTERM', 'SIGINT']`. */
  signals?: NodeJS.Signals[];
  /** Passed to `target.close`. Default 10 s. */
  graceMs?: number;
  logger?: Logger;
}

export interface ShutdownHandle {
  /** Resolves with the signal once `target` has closed; rejects if closing failed. */
  done: Promise<NodeJS.Signals>;
  /** Removes the signal handlers without shutting down. */
  uninstall(): void;
  /** Shuts down as if `signal` had arrived (for example when a parent process asks); once only. */
  trigger(signal: NodeJS.Signals): void;
}

/**
 * Closes `target` gracefully on the first of `signals`. It never exits the process: the caller
 * awaits `done` and decides (typically `process.exit(0)`). The handlers are removed once a signal
 * arrives, so a second signal gets Node's default behaviour and ends the process at once.
 *
 * @example
 * const running = await createServer({ model }).listen({ port: 8080 });
 * await installShutdown(running).done;
 * process.exit(0);
 */
export function installShutdown(target: Closable, options: ShutdownOptions = {}): ShutdownHandle {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const logger = options.logger ?? silentLogger;
  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  let installed = true;
  const uninstall = () => {
    installed = false;
    for (const signal of signals) process.off(signal, onSignal);
  };
  const done = new Promise<NodeJS.Signals>((resolve, reject) => {
    onSignal = (signal) => {
      uninstall();
      logger.info({ signal }, `received ${signal}; draining in-flight requests`);
      target
        .close(options.graceMs === undefined ? {} : { graceMs: options.graceMs })
        .then(() => resolve(signal), reject);
    };
  });
  for (const signal of signals) process.on(signal, onSignal);
  const trigger = (signal: NodeJS.Signals) => {
    if (installed) onSignal(signal);
  };
  return { done, uninstall, trigger };
}

import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { initBackend, type Logger, ScenarioError } from '@scenarios/core';
import { closeGracefully, createServingLogger, DEFAULT_GRACE_MS } from '@scenarios/core/serving';
import { loadClassifier } from './classifier.js';
import { createApp, type ImageAppOptions } from './server.js';

export interface StartServerOptions extends ImageAppOptions {
  /** Model directory. */
  model: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

/** A listening server. */
export interface StartedServer {
  url: string;
  port: number;
  /** Stops accepting connections, lets in-flight requests finish (10 s by default), drains the batcher, frees the model. */
  close(options?: { graceMs?: number }): Promise<void>;
}

/**
 * Loads a model directory, builds the app (`createApp`) and listens on `host:port`. Only
 * listening and shutting down happen here; everything a request meets is in `createApp`.
 */
export async function startServer(options: StartServerOptions): Promise<StartedServer> {
  const { port = 8080, host = '127.0.0.1' } = options;
  const logger: Logger = options.logger ?? createServingLogger();
  await initBackend({ logger });
  const classifier = await loadClassifier(options.model, { logger });
  const { app, server: scenario } = createApp(classifier, { ...options, logger });
  const http = createHttpServer(app);
  await new Promise<void>((resolve, reject) => {
    http.once('error', (error) =>
      reject(
        new ScenarioError('INVALID_ARGUMENT', `cannot listen on ${host}:${port}: ${error.message}`, { cause: error }),
      ),
    );
    http.listen(port, host, () => resolve());
  }).catch((error: unknown) => {
    classifier.model.dispose();
    throw error;
  });
  const bound = (http.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  logger.info(
    { model: classifier.manifest.model.name, version: classifier.manifest.model.version, url },
    'server listening',
  );
  let closing: Promise<void> | undefined;
  return {
    url,
    port: bound,
    close: (closeOptions = {}) => {
      closing ??= (async () => {
        // In-flight requests still need the batcher, so it closes after the connections.
        await closeGracefully(http, { graceMs: closeOptions.graceMs ?? DEFAULT_GRACE_MS, logger });
        await scenario.close();
        classifier.model.dispose();
        logger.info('server closed');
      })();
      return closing;
    },
  };
}

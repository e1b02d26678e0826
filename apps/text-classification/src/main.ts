import { initBackend, type Logger } from '@scenarios/core';
import { createServingLogger } from '@scenarios/core/serving';
import { type LoadClassifierOptions, loadClassifier } from './classifier.js';
import { createApp, type TextAppOptions } from './server.js';

export interface StartServerOptions extends TextAppOptions, Pick<LoadClassifierOptions, 'use'> {
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
 * Loads a model directory with its encoder, builds the app (`createApp`) and listens on
 * `host:port` with core's server. Only listening and shutting down happen here.
 */
export async function startServer(options: StartServerOptions): Promise<StartedServer> {
  const logger: Logger = options.logger ?? createServingLogger();
  await initBackend({ logger });
  const classifier = await loadClassifier(options.model, { logger, ...(options.use ? { use: options.use } : {}) });
  try {
    const { server } = createApp(classifier, { ...options, logger });
    const running = await server.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
    let closing: Promise<void> | undefined;
    return {
      url: running.url,
      port: running.port,
      close: (closeOptions = {}) => {
        closing ??= running.close(closeOptions).finally(() => classifier.dispose());
        return closing;
      },
    };
  } catch (error) {
    classifier.dispose();
    throw error;
  }
}

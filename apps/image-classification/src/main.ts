import { initBackend, type Logger } from '@scenarios/core';
import { createServingLogger, type WorkerServedModel, workerServedModel } from '@scenarios/core/serving';
import { loadClassifier, SCENARIO } from './classifier.js';
import { createApp, type ImageAppOptions, MODEL_INPUT_NAMES, MODEL_OUTPUT_NAMES } from './server.js';

export interface StartServerOptions extends Omit<ImageAppOptions, 'servedModel' | 'backend'> {
  /** Model directory. */
  model: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Where the model computes: 'worker' (default), a worker thread with its own backend, so that
   * the event loop keeps reading and decoding requests while a batch runs; or 'main', this thread.
   */
  inference?: 'worker' | 'main';
}

/** A listening server. */
export interface StartedServer {
  url: string;
  port: number;
  /** Stops accepting connections, lets in-flight requests finish (10 s by default), drains the batcher, frees the model. */
  close(options?: { graceMs?: number }): Promise<void>;
}

/**
 * Loads a model directory, starts the model's worker thread (see `inference`), builds the app
 * (`createApp`) and listens on `host:port` with core's server. Only starting, listening and
 * shutting down happen here; everything a request meets is in `createApp`.
 */
export async function startServer(options: StartServerOptions): Promise<StartedServer> {
  const logger: Logger = options.logger ?? createServingLogger();
  await initBackend({ logger });
  const classifier = await loadClassifier(options.model, { logger });
  let worker: WorkerServedModel | undefined;
  const release = async () => {
    await worker?.close();
    classifier.model.dispose();
  };
  try {
    if ((options.inference ?? 'worker') === 'worker') {
      worker = await workerServedModel({
        dir: options.model,
        name: classifier.manifest.model.name,
        version: classifier.manifest.model.version,
        inputNames: MODEL_INPUT_NAMES,
        outputNames: MODEL_OUTPUT_NAMES,
        expectScenario: SCENARIO,
      });
      logger.info({ backend: worker.backend.name, threads: worker.backend.threads }, 'model worker ready');
    }
    const { server } = createApp(classifier, {
      ...options,
      logger,
      ...(worker ? { servedModel: worker, backend: worker.backend } : {}),
    });
    const running = await server.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
    let closing: Promise<void> | undefined;
    return {
      url: running.url,
      port: running.port,
      close: (closeOptions = {}) => {
        closing ??= running.close(closeOptions).finally(release);
        return closing;
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}

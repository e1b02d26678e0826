import { initBackend, type Logger } from '@scenarios/core';
import { createServingLogger } from '@scenarios/core/serving';
import { defaultFeedbackPath, FeedbackStore } from './feedback/feedback-store.js';
import { loadRecommender } from './model/model-dir.js';
import { Recommender } from './recommender.js';
import { createApp, type RecommendationAppOptions } from './server.js';

export interface StartServerOptions extends Omit<RecommendationAppOptions, 'store'> {
  /** Model directory. */
  model: string;
  /** The SQLite feedback file. Default: `defaultFeedbackPath(model)`, `<model-dir>.feedback.sqlite`. */
  feedback?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

/** A listening server. */
export interface StartedServer {
  url: string;
  port: number;
  /** The feedback file in use. */
  feedbackPath: string;
  /** Stops accepting connections, lets in-flight requests finish (10 s by default), commits queued feedback, closes the store. */
  close(options?: { graceMs?: number }): Promise<void>;
}

/**
 * Loads a model directory, opens the feedback store, builds the app (`createApp`) and listens on
 * `host:port` with core's server. Only listening and shutting down happen here.
 */
export async function startServer(options: StartServerOptions): Promise<StartedServer> {
  const logger: Logger = options.logger ?? createServingLogger();
  await initBackend({ logger });
  const recommender = new Recommender(await loadRecommender(options.model, { logger }));
  const feedbackPath = options.feedback ?? defaultFeedbackPath(options.model);
  const store = FeedbackStore.open(feedbackPath);
  try {
    const { server, writer, replayed } = createApp(recommender, { ...options, store, logger });
    logger.info({ feedback: feedbackPath, ...replayed }, 'feedback store open');
    const running = await server.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
    let closing: Promise<void> | undefined;
    return {
      url: running.url,
      port: running.port,
      feedbackPath,
      close: (closeOptions = {}) => {
        closing ??= running.close(closeOptions).finally(() => {
          writer.close();
          store.close();
        });
        return closing;
      },
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

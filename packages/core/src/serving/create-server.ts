import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, Router } from 'express';
import { currentBackend } from '../backend/index.js';
import { ScenarioError } from '../errors.js';
import type { Logger } from '../logger.js';
import { accessLog } from './access-log.js';
import { type AppHttpClasses, installAppHttpClasses } from './app-http-server.js';
import { ConcurrencyGate, concurrencyLimit } from './concurrency-gate.js';
import { errorHandler, notFound } from './error-handler.js';
import { healthRoutes } from './health-routes.js';
import { jsonBody } from './json-body.js';
import { createServingMetrics, metricsEndpoint, recordRequests, type ServingMetricsOptions } from './metrics.js';
import { MicroBatcher, type MicroBatcherConfig } from './micro-batcher.js';
import { oipV2Routes } from './oip-v2-routes.js';
import { requestId } from './request-id.js';
import { requestTimeout } from './request-timeout.js';
import type { NamedTensors, ServedModel } from './served-model.js';
import { type BackendSummary, createServingContext, type ServingContext } from './serving-context.js';
import { createServingLogger } from './serving-logger.js';
import { closeGracefully, DEFAULT_GRACE_MS } from './shutdown.js';

/** Request limits. Health, readiness and metrics routes are exempt from the timeout and the gate. */
export interface ServingLimits {
  /** Largest JSON body accepted; larger ones get 413. Default 1 MiB. */
  jsonBodyBytes?: number;
  /** Requests not answered in time get 504 TIMEOUT. Default 30 000 ms. */
  requestTimeoutMs?: number;
  /** Requests processed at once. Default 64. */
  maxInFlight?: number;
  /** Requests waiting for a slot; beyond that 503 OVERLOADED. Default 256. */
  maxQueue?: number;
  /** `Retry-After` sent with 503 OVERLOADED. Default 1 s. */
  retryAfterSeconds?: number;
}

export interface CreateServerOptions {
  model: ServedModel;
  /** The backend reported by `/readyz`. Default: core's `currentBackend()` at the time of each request. */
  backend?: BackendSummary | (() => BackendSummary | undefined);
  /** Default: `createServingLogger()` (pino, info, stderr). Use `silentLogger` in tests. */
  logger?: Logger;
  limits?: ServingLimits;
  /** Micro-batching of `predict` calls. Defaults: max batch size 32, max delay 2 ms. */
  batching?: MicroBatcherConfig;
  metrics?: ServingMetricsOptions;
  /**
   * Adds the app's own routes to a router mounted at `/v1`, behind the same limits, JSON parsing and
   * error handling as the OIP routes. Throw `ScenarioError` for bad input; use `context.infer` to run
   * the model through the batcher.
   */
  routes?: (router: Router, context: ServingContext) => void;
  /**
   * Request content types that the app's routes read themselves with `readBody` (for example
   * `['multipart/form-data', 'image/png']`): the server neither parses nor refuses them. Other
   * non-JSON bodies get 415. Default none.
   */
  passThroughTypes?: readonly string[];
}

export interface ListenOptions {
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1: serving on other interfaces is an explicit choice. */
  host?: string;
}

/** A server accepting connections. */
export interface RunningServer {
  server: Server;
  host: string;
  port: number;
  /** For example `http://127.0.0.1:8080`. */
  url: string;
  /**
   * Graceful shutdown: readiness turns 503, no new connections are accepted, in-flight requests get
   * `graceMs` (default 10 s) to finish, then the batcher drains. Calling it again returns the same promise.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

export interface ScenarioServer {
  /** The Express app, usable without a port (for example with supertest). */
  app: Express;
  context: ServingContext;
  listen(options?: ListenOptions): Promise<RunningServer>;
  /** Marks the server as draining and drains the batcher; `RunningServer.close` calls it. */
  close(): Promise<void>;
}

/**
 * Builds a model server: `/healthz`, `/readyz`, `/metrics`, the Open Inference Protocol v2 endpoints
 * for `model`, and the app's own routes under `/v1`, with request ids, access logs, JSON errors,
 * body limits, timeouts, bounded concurrency and micro-batching.
 *
 * @example
 * const server = createServer({ model, routes: (router, ctx) => router.post('/classify', handler) });
 * const running = await server.listen({ port: 8080 });
 */
export function createServer(options: CreateServerOptions): ScenarioServer {
  const { model, limits = {} } = options;
  const logger = options.logger ?? createServingLogger();
  const metrics = createServingMetrics(options.metrics);
  const backendOption = options.backend;
  const backend = typeof backendOption === 'function' ? backendOption : () => backendOption ?? currentBackend();
  const batcher = new MicroBatcher<NamedTensors, NamedTensors>({
    ...options.batching,
    run: (items) => model.predict(items),
    observer: {
      onBatch: (size) => metrics.batchSize.observe(size),
      onQueueDepth: (depth) => metrics.queueDepth.set({ queue: 'batcher' }, depth),
    },
  });
  const gate = new ConcurrencyGate({
    ...(limits.maxInFlight === undefined ? {} : { maxInFlight: limits.maxInFlight }),
    ...(limits.maxQueue === undefined ? {} : { maxQueue: limits.maxQueue }),
    onChange: ({ queued }) => metrics.queueDepth.set({ queue: 'gate' }, queued),
  });
  let draining = false;
  const context = createServingContext({ model, logger, metrics, batcher, backend, draining: () => draining });

  const app = express();
  const httpClasses = installAppHttpClasses(app);
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestId(), recordRequests(metrics), accessLog(logger));
  app.use((_req, res, next) => {
    // Ask keep-alive clients to reconnect elsewhere once shutdown has begun.
    if (draining) res.setHeader('Connection', 'close');
    next();
  });
  app.use(healthRoutes(context));
  app.get('/metrics', metricsEndpoint(metrics));
  app.use(requestTimeout({ timeoutMs: limits.requestTimeoutMs, logger }));
  app.use(concurrencyLimit(gate, { retryAfterSeconds: limits.retryAfterSeconds }));
  app.use(jsonBody({ limitBytes: limits.jsonBodyBytes, passThroughTypes: options.passThroughTypes ?? [] }));
  app.use(oipV2Routes(context));
  if (options.routes) {
    const router = Router();
    options.routes(router, context);
    app.use('/v1', router);
  }
  app.use(notFound());
  app.use(errorHandler({ logger }));

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    draining = true;
    closing ??= batcher.close();
    return closing;
  };

  const listen = (listenOptions: ListenOptions = {}): Promise<RunningServer> =>
    startListening({
      app,
      httpClasses,
      logger,
      ...listenOptions,
      beforeClose: () => {
        draining = true;
      },
      afterConnections: close,
      description: { model: model.name, version: model.version },
    });

  return { app, context, listen, close };
}

interface StartOptions extends ListenOptions {
  app: Express;
  httpClasses: AppHttpClasses;
  logger: Logger;
  /** Runs when shutdown starts, before connections stop being accepted. */
  beforeClose: () => void;
  /** Runs once connections are closed; bounded by what is left of the grace period. */
  afterConnections: () => Promise<void>;
  /** Logged with the listening and closed messages. */
  description: Record<string, string>;
}

function startListening(options: StartOptions): Promise<RunningServer> {
  const { port = 8080, host = '127.0.0.1', logger } = options;
  return new Promise((resolve, reject) => {
    const server = createHttpServer(options.httpClasses, options.app);
    const onListenError = (error: Error) => {
      const message = `cannot listen on ${host}:${port}: ${error.message}`;
      reject(new ScenarioError('INVALID_ARGUMENT', message, { cause: error }));
    };
    server.once('error', onListenError);
    server.listen(port, host, () => {
      server.off('error', onListenError);
      server.on('error', (error) => logger.error({ err: error }, 'http server error'));
      const bound = (server.address() as AddressInfo).port;
      logger.info({ ...options.description, host, port: bound }, 'server listening');
      let stopping: Promise<void> | undefined;
      const stop = async (graceMs: number): Promise<void> => {
        options.beforeClose();
        const deadline = Date.now() + graceMs;
        await closeGracefully(server, { graceMs, logger });
        // A batch that outlives the grace period (a hung model) must not hold shutdown forever.
        if (!(await settlesWithin(options.afterConnections(), deadline - Date.now()))) {
          logger.warn({ graceMs }, 'grace period over with work still running');
        }
        logger.info(options.description, 'server closed');
      };
      resolve({
        server,
        host,
        port: bound,
        url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
        close: (closeOptions = {}) => {
          stopping ??= stop(closeOptions.graceMs ?? DEFAULT_GRACE_MS);
          return stopping;
        },
      });
    });
  });
}

/** True when `promise` settles within `ms`, false when the time runs out first. */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), Math.max(0, ms));
    const settle = () => {
      clearTimeout(timer);
      resolve(true);
    };
    promise.then(settle, settle);
  });
}

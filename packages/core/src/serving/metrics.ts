import type { Request, RequestHandler } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

type RequestLabels = 'method' | 'route' | 'status';

/** The Prometheus metrics of one server, all registered in its own `registry`. */
export interface ServingMetrics {
  registry: Registry;
  /** `http_requests_total{method,route,status}` */
  requests: Counter<RequestLabels>;
  /** `http_request_duration_seconds{method,route,status}` */
  duration: Histogram<RequestLabels>;
  /** `http_requests_in_flight`: requests received and not yet answered. */
  inFlight: Gauge;
  /** `inference_batch_size`: items per model batch. */
  batchSize: Histogram;
  /** `queue_depth{queue}`: requests waiting at the concurrency gate (`gate`) or for a batch (`batcher`). */
  queueDepth: Gauge<'queue'>;
}

export interface ServingMetricsOptions {
  /** Defaults to a new registry, so that several servers (and tests) never share counters. */
  registry?: Registry;
  /** Also collect prom-client's process metrics (CPU, memory, event loop lag). Default true. */
  defaultMetrics?: boolean;
}

/** Creates and registers the serving metrics. */
export function createServingMetrics(options: ServingMetricsOptions = {}): ServingMetrics {
  const registry = options.registry ?? new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const labelNames = ['method', 'route', 'status'] as const;
  return {
    registry,
    requests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route and status.',
      labelNames,
      registers,
    }),
    duration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from receiving a request to the end of its response, in seconds.',
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    inFlight: new Gauge({
      name: 'http_requests_in_flight',
      help: 'HTTP requests received and not yet answered.',
      registers,
    }),
    batchSize: new Histogram({
      name: 'inference_batch_size',
      help: 'Number of requests the micro-batcher grouped into one model call.',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'queue_depth',
      help: 'Requests waiting, at the concurrency gate (queue="gate") or for a model batch (queue="batcher").',
      labelNames: ['queue'] as const,
      registers,
    }),
  };
}

/**
 * Counts and times every request. The route label is the matched route pattern (such as
 * `/v2/models/:name/infer`), or `unmatched`, so that request paths cannot explode the label set.
 */
export function recordRequests(metrics: ServingMetrics): RequestHandler {
  return (req, res, next) => {
    metrics.inFlight.inc();
    const stopTimer = metrics.duration.startTimer();
    res.once('close', () => {
      const labels = {
        method: req.method,
        route: routeOf(req),
        // A response that never finished was cut short by the client.
        status: res.writableFinished ? String(res.statusCode) : 'aborted',
      };
      metrics.inFlight.dec();
      metrics.requests.inc(labels);
      stopTimer(labels);
    });
    next();
  };
}

/** `GET /metrics`: the registry in Prometheus text format. */
export function metricsEndpoint(metrics: ServingMetrics): RequestHandler {
  return async (_req, res) => {
    const text = await metrics.registry.metrics();
    res.type(metrics.registry.contentType).send(text);
  };
}

function routeOf(req: Request): string {
  const route: unknown = req.route;
  if (typeof route !== 'object' || route === null || !('path' in route)) return 'unmatched';
  return `${req.baseUrl}${String(route.path)}`;
}

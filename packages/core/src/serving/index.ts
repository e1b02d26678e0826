export { accessLog } from './access-log.js';
export { type ClusterServeOptions, type ListeningServer, serveInCluster } from './cluster-serve.js';
export { ConcurrencyGate, type ConcurrencyGateOptions, concurrencyLimit, type Release } from './concurrency-gate.js';
export {
  type CreateServerOptions,
  createServer,
  type ListenOptions,
  type RunningServer,
  type ScenarioServer,
  type ServingLimits,
} from './create-server.js';
export { type ErrorBody, errorHandler, notFound, sendError, toHttpError } from './error-handler.js';
export { healthRoutes } from './health-routes.js';
export { DEFAULT_JSON_LIMIT_BYTES, type JsonBodyOptions, jsonBody } from './json-body.js';
export { type LayersServedModelOptions, layersServedModel } from './layers-served-model.js';
export {
  createServingMetrics,
  metricsEndpoint,
  recordRequests,
  type ServingMetrics,
  type ServingMetricsOptions,
} from './metrics.js';
export {
  type BatcherObserver,
  MicroBatcher,
  type MicroBatcherConfig,
  type MicroBatcherOptions,
  type SubmitOptions,
} from './micro-batcher.js';
export { type OipInferResponse, type OipOutputTensor, oipV2Routes } from './oip-v2-routes.js';
export { inferRequestSchema, parseInferRequest, type ValidInferRequest } from './oip-v2-schema.js';
export { readBody } from './read-body.js';
export { requestId, requestIdOf } from './request-id.js';
export { DEFAULT_REQUEST_TIMEOUT_MS, requestSignalOf, requestTimeout } from './request-timeout.js';
export {
  type NamedTensors,
  OIP_DATATYPES,
  type OipDatatype,
  type ServedModel,
  type TensorData,
  type TensorMetadata,
  type TensorValues,
} from './served-model.js';
export {
  type BackendSummary,
  createServingContext,
  type ServingContext,
  type ServingContextOptions,
} from './serving-context.js';
export { createServingLogger } from './serving-logger.js';
export {
  type Closable,
  closeGracefully,
  DEFAULT_GRACE_MS,
  type GracefulCloseOptions,
  installShutdown,
  type ShutdownHandle,
  type ShutdownOptions,
} from './shutdown.js';
export { type WorkerServedModel, type WorkerServedModelOptions, workerServedModel } from './worker-served-model.js';

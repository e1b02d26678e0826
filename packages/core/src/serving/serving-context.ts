import { ScenarioError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ServingMetrics } from './metrics.js';
import type { MicroBatcher, SubmitOptions } from './micro-batcher.js';
import type { NamedTensors, ServedModel } from './served-model.js';

/** The backend a server reports on `/readyz`; a core `BackendInfo` is one. */
export interface BackendSummary {
  name: string;
  reason?: string;
}

/** What a server's routes share; passed to an app's own `routes` hook. */
export interface ServingContext {
  readonly model: ServedModel;
  readonly logger: Logger;
  readonly metrics: ServingMetrics;
  /** Groups `predict` calls of concurrent requests; `infer` goes through it. */
  readonly batcher: MicroBatcher<NamedTensors, NamedTensors>;
  /** The backend to report, undefined while none has been initialised. */
  backend(): BackendSummary | undefined;
  /** Why the server cannot take inference requests, or undefined when it can. */
  notReadyReason(): string | undefined;
  /**
   * Runs one request's inputs through the batcher and the model, after checking readiness and the
   * model's own `validateInputs`.
   * The inputs must match `model.inputs` (the OIP route validates client input before calling this).
   */
  infer(inputs: NamedTensors, options?: SubmitOptions): Promise<NamedTensors>;
}

export interface ServingContextOptions {
  model: ServedModel;
  logger: Logger;
  metrics: ServingMetrics;
  batcher: MicroBatcher<NamedTensors, NamedTensors>;
  backend: () => BackendSummary | undefined;
  /** True once shutdown has begun: the server then reports not ready so traffic moves elsewhere. */
  draining: () => boolean;
}

/** Builds the context of one server. */
export function createServingContext(options: ServingContextOptions): ServingContext {
  const { model, batcher, backend, draining } = options;
  const notReadyReason = (): string | undefined => {
    if (draining()) return 'the server is shutting down';
    if (!model.isReady()) return `model ${model.name} is not ready`;
    if (backend() === undefined) return 'no tfjs backend has been initialised';
    return undefined;
  };
  return {
    model,
    logger: options.logger,
    metrics: options.metrics,
    batcher,
    backend,
    notReadyReason,
    infer: async (inputs, submitOptions) => {
      const reason = notReadyReason();
      if (reason !== undefined) throw new ScenarioError('NOT_READY', reason);
      model.validateInputs?.(inputs);
      return batcher.submit(inputs, submitOptions);
    },
  };
}

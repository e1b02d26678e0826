import { Worker } from 'node:worker_threads';
import { ERROR_CODES, type ErrorCode, ScenarioError } from '../errors.js';
import type { NamedTensors, ServedModel, TensorMetadata } from './served-model.js';
import type { BackendSummary } from './serving-context.js';
import type { ServedModelWorkerData, WorkerError, WorkerReply } from './worker-protocol.js';

export interface WorkerServedModelOptions {
  /** A layers-model directory saved by `saveModelDir`; the worker verifies and loads it. */
  dir: string;
  /** Default: the manifest's model name. */
  name?: string;
  /** Default: the manifest's model version. */
  version?: string;
  /** Names clients use for the model's inputs, in `model.inputs` order. Default: the layers' own names. */
  inputNames?: string[];
  /** Names of the model's outputs, in `model.outputs` order. Default: the layers' own names. */
  outputNames?: string[];
  /** Refuse a model directory of another scenario (MODEL_INVALID). */
  expectScenario?: string;
  /** wasm threads of the worker's backend. Default: `initBackend`'s (TFJS_WASM_THREADS, else every core). */
  threads?: number;
  /** The worker script. Default: `served-model-worker.js` beside this module (in core's build). */
  script?: URL | string;
}

/** A served model whose `predict` runs in a worker thread. */
export interface WorkerServedModel extends ServedModel {
  /** The worker's backend, to report on `/readyz`. */
  readonly backend: BackendSummary & { threads?: number };
  /** Stops the worker; batches still running are rejected with NOT_READY. */
  close(): Promise<void>;
}

/**
 * Serves a layers model from a worker thread: the worker loads `dir` (checking the manifest and
 * checksums), and every `predict` batch is sent to it and answered asynchronously, so the server's
 * event loop keeps reading, decoding and answering requests while a batch computes, and the next
 * batch gathers meanwhile. Inputs and outputs are those of `layersServedModel` in the worker.
 * Resolves once the model is loaded; a directory that does not load rejects with the worker's
 * error (MODEL_NOT_FOUND, MODEL_INVALID, CHECKSUM_MISMATCH, ...).
 *
 * @example
 * const model = await workerServedModel({ dir: 'models/fashion', inputNames: ['image'] });
 * const server = createServer({ model, backend: model.backend });
 * // on shutdown, after the server has drained: await model.close();
 */
export async function workerServedModel(options: WorkerServedModelOptions): Promise<WorkerServedModel> {
  const data: ServedModelWorkerData = {
    dir: options.dir,
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.version === undefined ? {} : { version: options.version }),
    ...(options.inputNames ? { inputNames: options.inputNames } : {}),
    ...(options.outputNames ? { outputNames: options.outputNames } : {}),
    ...(options.expectScenario ? { expectScenario: options.expectScenario } : {}),
    ...(options.threads === undefined ? {} : { threads: options.threads }),
  };
  const worker = new Worker(options.script ?? new URL('./served-model-worker.js', import.meta.url), {
    workerData: data,
  });
  const pending = new Map<number, { resolve: (outputs: NamedTensors[]) => void; reject: (error: Error) => void }>();
  let stopped: ScenarioError | undefined;
  const stop = (reason: ScenarioError) => {
    stopped ??= reason;
    for (const { reject } of pending.values()) reject(stopped);
    pending.clear();
  };

  const ready = await new Promise<Extract<WorkerReply, { type: 'ready' }>>((resolve, reject) => {
    worker.once('message', (reply: WorkerReply) => {
      if (reply.type === 'ready') resolve(reply);
      else if (reply.type === 'failed') reject(fromWorker(reply.error));
    });
    worker.once('error', (error) => reject(new ScenarioError('INTERNAL', `model worker failed: ${error.message}`)));
    worker.once('exit', (code) => reject(new ScenarioError('INTERNAL', `model worker exited with code ${code}`)));
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });

  worker.on('message', (reply: WorkerReply) => {
    if (reply.type !== 'result') return;
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (!waiting) return;
    if ('error' in reply) waiting.reject(fromWorker(reply.error));
    else waiting.resolve(reply.outputs);
  });
  worker.on('error', (error) => stop(new ScenarioError('INTERNAL', `model worker failed: ${error.message}`)));
  worker.on('exit', () => stop(new ScenarioError('NOT_READY', 'the model worker has stopped')));

  let nextId = 0;
  return {
    name: ready.name,
    version: ready.version,
    platform: 'tensorflowjs',
    inputs: ready.inputs as readonly TensorMetadata[],
    outputs: ready.outputs as readonly TensorMetadata[],
    backend: ready.backend,
    isReady: () => stopped === undefined,
    predict: (batch) => {
      if (stopped) return Promise.reject(stopped);
      const id = nextId++;
      return new Promise<NamedTensors[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, batch });
      });
    },
    close: async () => {
      stop(new ScenarioError('NOT_READY', 'the model worker has stopped'));
      await worker.terminate();
    },
  };
}

/** A worker's error as a ScenarioError with the same code (INTERNAL when the code is unknown). */
function fromWorker(error: WorkerError): ScenarioError {
  const code = (ERROR_CODES as readonly string[]).includes(error.code) ? (error.code as ErrorCode) : 'INTERNAL';
  return new ScenarioError(code, error.message);
}

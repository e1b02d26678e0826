import type { ErrorCode } from '../errors.js';
import type { NamedTensors, TensorMetadata } from './served-model.js';

/** What `workerServedModel` hands its worker thread. */
export interface ServedModelWorkerData {
  dir: string;
  name?: string;
  version?: string;
  inputNames?: string[];
  outputNames?: string[];
  expectScenario?: string;
  threads?: number;
}

/** One batch to run. */
export interface WorkerRequest {
  id: number;
  batch: NamedTensors[];
}

/** An error as it crosses the thread boundary. */
export interface WorkerError {
  code: ErrorCode | string;
  message: string;
}

/** What the worker sends back: that it is ready (or could not start), or one batch's result. */
export type WorkerReply =
  | {
      type: 'ready';
      name: string;
      version: string;
      inputs: TensorMetadata[];
      outputs: TensorMetadata[];
      backend: { name: string; reason: string; threads?: number };
    }
  | { type: 'failed'; error: WorkerError }
  | { type: 'result'; id: number; outputs: NamedTensors[] }
  | { type: 'result'; id: number; error: WorkerError };

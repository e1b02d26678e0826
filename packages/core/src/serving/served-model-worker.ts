/**
 * The worker thread behind `workerServedModel`: initialises its own backend, loads the model
 * directory and answers `predict` messages, so that inference never blocks the server's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend } from '../backend/index.js';
import { toScenarioError } from '../errors.js';
import { loadModelDir } from '../persistence/index.js';
import { layersServedModel } from './layers-served-model.js';
import type { NamedTensors } from './served-model.js';
import type { ServedModelWorkerData, WorkerReply, WorkerRequest } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('served-model-worker.js runs as a worker thread only');
const options = workerData as ServedModelWorkerData;

try {
  const backend = await initBackend(options.threads === undefined ? {} : { threads: options.threads });
  const { model, manifest } = await loadModelDir(options.dir, {
    ...(options.expectScenario ? { expectScenario: options.expectScenario } : {}),
  });
  const served = layersServedModel({
    name: options.name ?? manifest.model.name,
    version: options.version ?? manifest.model.version,
    model,
    ...(options.inputNames ? { inputNames: options.inputNames } : {}),
    ...(options.outputNames ? { outputNames: options.outputNames } : {}),
  });
  port.on('message', (request: WorkerRequest) => {
    served.predict(request.batch).then(
      (outputs: NamedTensors[]) => port.postMessage({ type: 'result', id: request.id, outputs } satisfies WorkerReply),
      (error: unknown) =>
        port.postMessage({ type: 'result', id: request.id, error: describe(error) } satisfies WorkerReply),
    );
  });
  port.postMessage({
    type: 'ready',
    name: served.name,
    version: served.version,
    inputs: [...served.inputs],
    outputs: [...served.outputs],
    backend: { name: backend.name, reason: backend.reason, ...(backend.threads ? { threads: backend.threads } : {}) },
  } satisfies WorkerReply);
} catch (error) {
  port.postMessage({ type: 'failed', error: describe(error) } satisfies WorkerReply);
}

function describe(error: unknown): { code: string; message: string } {
  const { code, message } = toScenarioError(error);
  return { code, message };
}

import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { ScenarioError } from '../errors.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import { tf } from '../tf.js';
import { type BackendName, type BackendRequest, parseBackendRequest } from './backend-request.js';
import { NATIVE_BINDINGS, resolveNativeBinding } from './native-binding.js';
import { registerWasmKernels } from './wasm-kernels/register.js';
import { prepareThreadedWasm, resolveWasmThreads } from './wasm-threads.js';

/** What was chosen and why: shown by CLIs and reported by servers' `/readyz`. */
export interface BackendInfo {
  name: BackendName;
  requested: BackendRequest;
  reason: string;
  /** The npm package that provided the native backend, when one did. */
  binding?: string;
  /** Threads the backend computes with, when known: wasm's pool size, 1 for `cpu`. */
  threads?: number;
  tfjsVersion: string;
}

export interface InitBackendOptions {
  /** Defaults to `TFJS_BACKEND`, then `auto`. */
  request?: BackendRequest;
  /**
   * Threads for the WebAssembly backend. Defaults to `TFJS_WASM_THREADS`, then every core
   * (`os.availableParallelism()`); at most 8. With 1, or when the threaded build cannot
   * start (logged), the single-threaded build runs. Threads speed up large convolutions and
   * matrix products; work made of many small ops, or cores busy with other processes, can
   * run faster on one.
   */
  threads?: number;
  logger?: Logger;
}

let current: BackendInfo | undefined;
let pending: Promise<BackendInfo> | undefined;

/**
 * Chooses and initialises the TensorFlow.js backend once per process.
 *
 * `auto` tries the native binding (GPU, then CPU), then WebAssembly with the toolkit's
 * training kernels, then the pure-JS `cpu` backend. Asking for a named backend that
 * cannot start is an error rather than a silent fallback.
 */
export function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  pending ??= choose(options).then((info) => {
    current = info;
    const { name, reason, threads } = info;
    (options.logger ?? silentLogger).info({ backend: name, reason, threads }, `tfjs backend: ${name}`);
    return info;
  });
  pending.catch(() => {
    pending = undefined;
  });
  return pending;
}

/** The backend chosen by `initBackend`, or undefined before it has finished. */
export function currentBackend(): BackendInfo | undefined {
  return current;
}

async function choose(options: InitBackendOptions): Promise<BackendInfo> {
  const requested = options.request ?? parseBackendRequest(process.env.TFJS_BACKEND);
  const logger = options.logger ?? silentLogger;
  const wasmThreads = resolveWasmThreads(options.threads);
  const info = (name: BackendName, reason: string, extra: Partial<BackendInfo> = {}): BackendInfo => ({
    name,
    requested,
    reason,
    tfjsVersion: tf.version.tfjs,
    ...extra,
  });
  // Keep tfjs's own console warnings (such as the cpu backend's tfjs-node advert) out of output.
  tf.enableProdMode();

  if (requested === 'tensorflow' || requested === 'auto') {
    const failures: string[] = [];
    for (const binding of NATIVE_BINDINGS) {
      const outcome = await tryNative(binding);
      if (outcome === true)
        return info('tensorflow', `${requested === 'auto' ? 'auto: ' : ''}native binding ${binding}`, { binding });
      failures.push(`${binding}: ${outcome}`);
    }
    if (requested === 'tensorflow') {
      throw new ScenarioError(
        'BACKEND_UNAVAILABLE',
        `TFJS_BACKEND=tensorflow but no native binding loaded (${failures.join('; ')})`,
      );
    }
    logger.debug({ failures }, 'no native TensorFlow binding');
  }

  if (requested === 'wasm' || requested === 'auto') {
    await prepareThreadedWasm({ threads: wasmThreads, logger });
    const failure = await trySetBackend('wasm');
    if (failure === undefined) {
      registerWasmKernels();
      const why =
        requested === 'auto' ? 'auto: no native TensorFlow binding installed, using WebAssembly' : 'TFJS_BACKEND=wasm';
      return info('wasm', why, { threads: getThreadsCount() });
    }
    if (requested === 'wasm')
      throw new ScenarioError('BACKEND_UNAVAILABLE', `wasm backend failed to start: ${failure}`);
    logger.warn({ failure }, 'wasm backend failed to start; falling back to cpu');
  }

  const failure = await trySetBackend('cpu');
  if (failure !== undefined) throw new ScenarioError('BACKEND_UNAVAILABLE', `cpu backend failed to start: ${failure}`);
  return info('cpu', requested === 'cpu' ? 'TFJS_BACKEND=cpu' : 'auto: native and wasm backends unavailable', {
    threads: 1,
  });
}

/** Loads a native binding; true when its `tensorflow` backend is now active, else why not. */
async function tryNative(binding: string): Promise<true | string> {
  const resolved = resolveNativeBinding(binding);
  if (!resolved) return 'not installed';
  try {
    await import(resolved);
  } catch (error) {
    return `failed to load: ${(error as Error).message}`;
  }
  // A binding built against another tfjs version registers into its own engine, not ours.
  if (!tf.findBackendFactory('tensorflow'))
    return `installed, but for a different @tensorflow/tfjs than ${tf.version.tfjs}`;
  return (await trySetBackend('tensorflow')) ?? true;
}

async function trySetBackend(name: BackendName): Promise<string | undefined> {
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok ? undefined : `tf.setBackend('${name}') returned false`;
  } catch (error) {
    return (error as Error).message;
  }
}

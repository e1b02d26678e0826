/**
 * Runs the threaded build of the tfjs WebAssembly backend (`tfjs-backend-wasm-threaded-simd`)
 * in Node, so that XNNPACK's convolutions and matrix products use several cores.
 *
 * Why this module exists: @tensorflow/tfjs-backend-wasm 4.22 never picks its threaded build in
 * Node (`WASM_HAS_MULTITHREAD_SUPPORT` is false whenever `IS_NODE`), and forcing the flag does
 * not help: its `init()` starts the emscripten pthread workers from a `blob:` URL, which
 * `worker_threads` rejects (ERR_WORKER_PATH), and it offers no hook for that (`setWasmPaths`
 * only maps the `.wasm` files; the `locateFile` and `mainScriptUrlOrBlob` that make the blobs
 * are built inside `init()`). So instead of patching `Blob`, `URL` and `os` around that
 * `init()`, we start the build ourselves from the package's own unbundled emscripten output
 * (`wasm-out/`, which a worker can load as it is) and hand the module to the exported
 * `BackendWasm`, as `init()` would:
 * - the pthread worker script is written to a temporary file (a worker cannot start from a
 *   blob), deleted once the workers have loaded it, or at exit at the latest;
 * - the C++ side sizes its pool as min(requested, logical cores / 2, 8), so the core count
 *   the module imports (`emscripten_num_logical_cores`) is answered as 2 x threads, for this
 *   module only, instead of changing `os.cpus()` for the whole process;
 * - emscripten's effects on the process are confined to its synchronous factory call (see
 *   {@link runFactory}); the build starts 8 workers, the ones the pool does not take are
 *   stopped, and the pool's are unref'd so that they never keep a process alive.
 * Anything going wrong leaves tfjs's own single-threaded wasm backend registered.
 */
import type { EventEmitter } from 'node:events';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { BackendWasm, setThreadsCount, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { ScenarioError } from '../errors.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import { tf } from '../tf.js';

/** The most threads the wasm build can use: it starts 8 workers and caps its pool there. */
export const MAX_WASM_THREADS = 8;

/** The wasm backend's registration priority in @tensorflow/tfjs-backend-wasm. */
const WASM_PRIORITY = 2;
/** The build whose internals (module wiring, pool sizing) this module reproduces. */
const SUPPORTED_VERSION = '4.22.0';
const BUILD = 'tfjs-backend-wasm-threaded-simd';

/**
 * The number of wasm threads to use: `requested`, else `TFJS_WASM_THREADS`, else every core
 * (`os.availableParallelism()`), capped at {@link MAX_WASM_THREADS}. 1 means the
 * single-threaded build. Anything but a positive integer is an INVALID_ARGUMENT error.
 */
export function resolveWasmThreads(requested?: number, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = env.TFJS_WASM_THREADS?.trim();
  const value = requested ?? (fromEnv ? Number(fromEnv) : os.availableParallelism());
  if (!Number.isInteger(value) || value < 1) {
    const source = requested === undefined ? `TFJS_WASM_THREADS=${fromEnv}` : `threads=${requested}`;
    throw new ScenarioError('INVALID_ARGUMENT', `${source} is not a thread count; use a positive integer`);
  }
  return Math.min(value, MAX_WASM_THREADS);
}

export interface WasmThreadsOptions {
  /** Threads wanted, already resolved by {@link resolveWasmThreads}. */
  threads: number;
  logger?: Logger;
  /** Where the worker script is written for the workers to load; defaults to `os.tmpdir()`. */
  tempDir?: string;
  /** How long the workers may take to start before giving up; defaults to 30 s. */
  timeoutMs?: number;
}

/**
 * Makes the next `tf.setBackend('wasm')` run the threaded build with `threads` threads.
 * Does nothing for one thread or once a wasm backend is running. When the threaded build
 * cannot start, logs one warning and leaves tfjs's single-threaded build in place.
 */
export async function prepareThreadedWasm(options: WasmThreadsOptions): Promise<void> {
  const logger = options.logger ?? silentLogger;
  if (options.threads <= 1 || 'wasm' in tf.engine().registry) return;
  try {
    const backend = await startThreadedBackend(options, logger);
    tf.removeBackend('wasm');
    tf.registerBackend('wasm', () => backend, WASM_PRIORITY);
  } catch (error) {
    const reason = (error as Error).message;
    logger.warn({ threads: options.threads, reason }, 'wasm threads unavailable; using the single-threaded wasm build');
  }
}

/** The parts of the emscripten module (and of its Node workers) this file touches. */
type EmscriptenWorker = Worker & { onerror: unknown };
interface ThreadedModule {
  cwrap(name: string, returnType: string | null, argTypes: string[]): (...args: number[]) => unknown;
  PThread?: { unusedWorkers: EmscriptenWorker[]; runningWorkers: EmscriptenWorker[] };
  tfjs?: Record<string, unknown>;
}
type WasmImports = Record<string, Record<string, unknown>>;
type ReceiveInstance = (instance: object, module: object) => void;
// The global WebAssembly API, typed here because the project's `lib` has no WebAssembly types.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: object; module: object }>;
};

async function startThreadedBackend(options: WasmThreadsOptions, logger: Logger): Promise<BackendWasm> {
  if (version_wasm !== SUPPORTED_VERSION) throw new Error(`written for tfjs-backend-wasm ${SUPPORTED_VERSION}`);
  const require = createRequire(import.meta.url);
  const buildDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  const factory = require(path.join(buildDir, `${BUILD}.js`)) as (module: object) => Promise<unknown>;
  const { wasmWorkerContents } = require(path.join(buildDir, `${BUILD}.worker.js`)) as { wasmWorkerContents: string };

  const dir = await mkdtemp(path.join(options.tempDir ?? os.tmpdir(), 'tfjs-wasm-threads-'));
  const removeAtExit = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeAtExit);
  const workerScript = path.join(dir, 'pthread-worker.cjs');
  let fail: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  // emscripten's handler rethrows a worker's error from an event listener, which would crash
  // the process; while starting, such an error fails this attempt instead.
  const emscriptenOnError = new Map<EmscriptenWorker, unknown>();
  const module: ThreadedModule = {
    locateFile: (file: string, prefix: string) => (file.endsWith('.worker.js') ? workerScript : prefix + file),
    // Workers evaluate the factory from this file; being unbundled, it needs nothing injected.
    mainScriptUrlOrBlob: path.join(buildDir, `${BUILD}.js`),
    instantiateWasm: (imports: WasmImports, receive: ReceiveInstance) => {
      instantiate({ imports, threads: options.threads, wasmFile: path.join(buildDir, `${BUILD}.wasm`) })
        .then(({ instance, module: compiled }) => {
          receive(instance, compiled); // this attaches emscripten's handlers to the workers
          for (const worker of workersOf(module)) {
            emscriptenOnError.set(worker, worker.onerror);
            worker.onerror = fail;
          }
        })
        .catch(fail);
      return {};
    },
    onAbort: (what: unknown) => fail(new Error(`wasm module aborted: ${String(what)}`)),
    print: (text: string) => logger.debug(`wasm: ${text}`),
    printErr: (text: string) => logger.debug(`wasm: ${text}`),
  } as unknown as ThreadedModule;
  let timer: NodeJS.Timeout | undefined;
  try {
    // The script holds "\n" inside string literals; tfjs escapes them the same way for its blob.
    await writeFile(workerScript, wasmWorkerContents.replace(/\n/g, '\\n'));
    const ready = runFactory(() => factory(module));
    for (const worker of workersOf(module)) worker.on('error', fail);
    const ms = options.timeoutMs ?? 30_000;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`wasm workers did not start within ${ms} ms`)), ms);
    });
    await Promise.race([ready, failed, timedOut]);
    for (const worker of workersOf(module)) {
      worker.off('error', fail);
      worker.onerror = emscriptenOnError.get(worker);
    }
    return adopt(module, options.threads);
  } catch (error) {
    await Promise.allSettled(workersOf(module).map((worker) => worker.terminate()));
    throw error;
  } finally {
    clearTimeout(timer);
    process.removeListener('exit', removeAtExit);
    await rm(dir, { recursive: true, force: true });
  }
}

/** Instantiates the build, answering its core-count import so that its pool gets `threads`. */
async function instantiate(options: { imports: WasmImports; threads: number; wasmFile: string }) {
  const env = options.imports.env ?? {};
  if (typeof env.emscripten_num_logical_cores !== 'function') throw new Error('the build imports no core count');
  const imports = { ...options.imports, env: { ...env, emscripten_num_logical_cores: () => 2 * options.threads } };
  return WebAssembly.instantiate(await readFile(options.wasmFile), imports);
}

/** Wires the started module as tfjs's `init()` does and wraps it in a `BackendWasm`. */
function adopt(module: ThreadedModule, threads: number): BackendWasm {
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  setThreadsCount(threads);
  let backend: BackendWasm;
  try {
    // The constructor creates the thread pool from the 8 workers already started.
    backend = new BackendWasm(module as unknown as ConstructorParameters<typeof BackendWasm>[0]);
  } finally {
    setThreadsCount(-1);
  }
  const pthread = module.PThread;
  if (pthread) {
    // Nothing creates threads after this, so the idle workers would only hold memory.
    for (const worker of pthread.unusedWorkers.splice(0)) void worker.terminate();
    // Pool threads run only while the main thread waits on them: they need not keep Node alive.
    for (const worker of pthread.runningWorkers) worker.unref();
  }
  return backend;
}

function workersOf(module: ThreadedModule): EmscriptenWorker[] {
  return module.PThread ? [...module.PThread.unusedWorkers, ...module.PThread.runningWorkers] : [];
}

/**
 * emscripten's pthread workers, started without the options the process was started with
 * (a loader, `--input-type`, ...), which they inherit by default: their script needs none,
 * and some of them stop a worker from starting at all.
 */
class PthreadWorker extends Worker {
  constructor(filename: string | URL, options: WorkerOptions = {}) {
    super(filename, { ...options, execArgv: [] });
  }
}

/**
 * Runs the synchronous emscripten factory call, which starts all its workers, and undoes
 * what it does to the process. It assigns a global `Worker` and starts its workers with
 * `new Worker(file)`: for the length of this call, that name gives {@link PthreadWorker}
 * and ignores the assignment. It also adds `uncaughtException` / `unhandledRejection`
 * listeners that rethrow, which would turn every such event into a crash even where the
 * application handles it.
 */
function runFactory<T>(call: () => T): T {
  const events = ['uncaughtException', 'unhandledRejection'];
  const emitter: EventEmitter = process;
  const before = events.map((event) => new Set(emitter.listeners(event)));
  const worker = Object.getOwnPropertyDescriptor(globalThis, 'Worker');
  Object.defineProperty(globalThis, 'Worker', { configurable: true, get: () => PthreadWorker, set: () => {} });
  try {
    return call();
  } finally {
    events.forEach((event, i) => {
      for (const listener of emitter.listeners(event)) {
        if (!before[i]?.has(listener)) emitter.removeListener(event, listener as () => void);
      }
    });
    if (worker) Object.defineProperty(globalThis, 'Worker', worker);
    else Reflect.deleteProperty(globalThis, 'Worker');
  }
}

import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { currentBackend } from './select-backend.js';
import { MAX_WASM_THREADS, resolveWasmThreads } from './wasm-threads.js';

describe('resolveWasmThreads', () => {
  it('takes the option, then TFJS_WASM_THREADS, then every core, capped at the build maximum', () => {
    expect(resolveWasmThreads(3, { TFJS_WASM_THREADS: '2' })).toBe(3);
    expect(resolveWasmThreads(undefined, { TFJS_WASM_THREADS: ' 2 ' })).toBe(2);
    expect(resolveWasmThreads(undefined, {})).toBe(Math.min(os.availableParallelism(), MAX_WASM_THREADS));
    expect(resolveWasmThreads(64, {})).toBe(MAX_WASM_THREADS);
    expect(resolveWasmThreads(1, {})).toBe(1);
  });

  it('rejects anything but a positive integer, naming where it came from', () => {
    expect(() => resolveWasmThreads(0, {})).toThrow(ScenarioError);
    expect(() => resolveWasmThreads(1.5, {})).toThrow(/threads=1.5/);
    expect(() => resolveWasmThreads(undefined, { TFJS_WASM_THREADS: 'all' })).toThrow(/TFJS_WASM_THREADS=all/);
    expect(() => resolveWasmThreads(undefined, { TFJS_WASM_THREADS: '-2' })).toThrow(ScenarioError);
  });

  it('sized the backend of this test process by the default', () => {
    const info = currentBackend();
    if (info?.name !== 'wasm') return;
    expect(info.threads).toBe(resolveWasmThreads());
  });
});

/**
 * A backend initialises once per process, so each thread setting runs in a child process.
 * A child cannot run TypeScript by itself: it loads the sources through a small module hook
 * that transpiles them with the project's own `typescript`.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const sourceUrl = (file: string) => pathToFileURL(path.join(here, file)).href;
const dataUrl = (code: string) => `data:text/javascript,${encodeURIComponent(code)}`;
const typescriptUrl = pathToFileURL(createRequire(import.meta.url).resolve('typescript')).href;
const TS_HOOKS = `
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from ${JSON.stringify(typescriptUrl)};
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const url = new URL(specifier.slice(0, -3) + '.ts', context.parentURL);
    if (existsSync(fileURLToPath(url))) return { url: url.href, shortCircuit: true };
  }
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const options = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 };
  const { outputText } = ts.transpileModule(await readFile(fileURLToPath(url), 'utf8'), { compilerOptions: options });
  return { format: 'module', source: outputText, shortCircuit: true };
}`;
const REGISTER_HOOKS = `import { register } from 'node:module'; register(${JSON.stringify(dataUrl(TS_HOOKS))});`;

/**
 * The child: optionally a first threaded attempt that must fail (timeoutMs 0), then
 * initBackend, a conv2d (odd sizes, stride 2, same padding) and a matMul on wasm and on cpu.
 * It prints one JSON line and returns without calling process.exit.
 */
const CHILD = `
const { initBackend } = await import(${JSON.stringify(sourceUrl('select-backend.ts'))});
const { prepareThreadedWasm } = await import(${JSON.stringify(sourceUrl('wasm-threads.ts'))});
const { tf } = await import(${JSON.stringify(sourceUrl('../tf.ts'))});
const settings = JSON.parse(process.env.CHILD_SETTINGS);
const warnings = [];
const logger = { debug() {}, info() {}, warn: (o, m) => warnings.push(m + ': ' + o.reason), error: (_, m) => warnings.push(m) };
const listeners = () => process.listeners('uncaughtException').length + process.listeners('unhandledRejection').length;
const before = { listeners: listeners(), worker: globalThis.Worker };
const changes = () => ({ listeners: listeners() - before.listeners, worker: globalThis.Worker !== before.worker });
if (settings.failFirst) await prepareThreadedWasm({ threads: 2, timeoutMs: 0, tempDir: settings.tempDir, logger });
const leftByAttempt = changes();
const info = await initBackend({ threads: settings.threads, logger });
if (!settings.failFirst) Object.assign(leftByAttempt, changes());
const values = (n, scale) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * scale));
const compute = () => {
  const [conv, matMul] = tf.tidy(() => {
    const x = tf.tensor4d(values(2 * 19 * 17 * 8, 0.37), [2, 19, 17, 8]);
    const w = tf.tensor4d(values(3 * 3 * 8 * 24, 0.11), [3, 3, 8, 24]);
    const a = tf.tensor2d(values(131 * 257, 0.013), [131, 257]);
    const b = tf.tensor2d(values(257 * 97, 0.029), [257, 97]);
    return [tf.conv2d(x, w, 2, 'same'), tf.matMul(a, b)];
  });
  const result = { conv: Array.from(conv.dataSync()), matMul: Array.from(matMul.dataSync()) };
  tf.dispose([conv, matMul]);
  return result;
};
const wasm = compute();
const tensorsLeft = tf.memory().numTensors;
await tf.setBackend('cpu');
process.stdout.write(JSON.stringify({ info, warnings, leftByAttempt, tensorsLeft, wasm, cpu: compute() }) + '\\n');
`;

interface ChildResult {
  info: { name: string; threads?: number };
  warnings: string[];
  leftByAttempt: { listeners: number; worker: boolean };
  tensorsLeft: number;
  wasm: { conv: number[]; matMul: number[] };
  cpu: { conv: number[]; matMul: number[] };
}

function runChild(settings: { threads: number; tmpDir: string; tempDir?: string; failFirst?: boolean }) {
  const env = {
    ...process.env,
    TMPDIR: settings.tmpDir,
    CHILD_SETTINGS: JSON.stringify(settings),
    TFJS_BACKEND: 'wasm',
  };
  const args = ['--import', dataUrl(REGISTER_HOOKS), '--input-type=module', '-e', CHILD];
  return new Promise<ChildResult>((resolve, reject) => {
    // A child kept alive by its workers is killed by the timeout and fails the test.
    execFile(process.execPath, args, { env, timeout: 45_000, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      const killed = error?.signal ? ' (killed after 45 s: it did not exit by itself)' : '';
      if (error) reject(new Error(`child failed${killed}: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as ChildResult);
    });
  });
}

function maxAbsDiff(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  return a.reduce((max, v, i) => Math.max(max, Math.abs(v - (b[i] ?? Number.NaN))), 0);
}

describe('threaded wasm in a fresh process', () => {
  let scratch: string;
  let dirs: Record<'threaded' | 'timeout', string>;
  let children: Record<'threaded' | 'fallback' | 'timeout', Promise<ChildResult>>;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'wasm-threads-test-'));
    dirs = { threaded: await mkdtemp(path.join(scratch, 'a-')), timeout: await mkdtemp(path.join(scratch, 'b-')) };
    // The children start together; each test awaits its own.
    children = {
      threaded: runChild({ threads: 2, tmpDir: dirs.threaded }),
      // A TMPDIR that does not exist: the worker script cannot be written.
      fallback: runChild({ threads: 2, tmpDir: path.join(scratch, 'missing') }),
      timeout: runChild({ threads: 1, tmpDir: dirs.timeout, tempDir: dirs.timeout, failFirst: true }),
    };
    for (const child of Object.values(children)) child.catch(() => {}); // reported by its own test
  });
  afterAll(async () => {
    await Promise.allSettled(Object.values(children));
    await rm(scratch, { recursive: true, force: true });
  });

  it('runs two threads that compute what cpu computes, then exits by itself leaving nothing behind', async () => {
    const result = await children.threaded;
    expect(result.info).toMatchObject({ name: 'wasm', threads: 2 });
    expect(result.warnings).toEqual([]);
    expect(result.leftByAttempt).toEqual({ listeners: 0, worker: false });
    expect(result.tensorsLeft).toBe(0);
    expect(maxAbsDiff(result.wasm.conv, result.cpu.conv)).toBeLessThan(1e-4);
    expect(maxAbsDiff(result.wasm.matMul, result.cpu.matMul)).toBeLessThan(1e-3);
    expect(await readdir(dirs.threaded)).toEqual([]);
  });

  it('falls back to the single-threaded build with one warning when threads cannot start', async () => {
    const result = await children.fallback;
    expect(result.info).toMatchObject({ name: 'wasm', threads: 1 });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(
      /^wasm threads unavailable; using the single-threaded wasm build: ENOENT.*mkdtemp/,
    );
    expect(maxAbsDiff(result.wasm.matMul, result.cpu.matMul)).toBeLessThan(1e-3);
    // Splitting the work over threads changes no result, not even in the last bit.
    expect(result.wasm).toEqual((await children.threaded).wasm);
  });

  it('stops its workers and removes its files when the workers fail to start in time', async () => {
    const result = await children.timeout;
    expect(result.warnings).toEqual([
      'wasm threads unavailable; using the single-threaded wasm build: wasm workers did not start within 0 ms',
    ]);
    expect(result.leftByAttempt).toEqual({ listeners: 0, worker: false });
    expect(result.info).toMatchObject({ name: 'wasm', threads: 1 });
    expect(maxAbsDiff(result.wasm.conv, result.cpu.conv)).toBeLessThan(1e-4);
    expect(await readdir(dirs.timeout)).toEqual([]);
  });
});

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNodeScript, startChildServer } from '@scenarios/core/cli';
import { createRng } from '@scenarios/core/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeImageFolder } from './test-support/images.js';

// The built command: turbo builds the package before testing it.
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

const run = (...args: string[]) => runNodeScript(cli, args);

let root: string;
let images: string[];
const data = () => join(root, 'shapes');
const modelDir = () => join(root, 'model');

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ic-cli-'));
  images = await writeImageFolder(data(), 20);
  await writeFile(join(data(), 'red', 'zz-corrupt.png'), 'not a png');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('image-classification CLI on an image folder', () => {
  it('train stops with exit 2 on a corrupt image by default, naming it', async () => {
    const out = await run('train', '--data', data(), '--out', join(root, 'never'), '--image-size', '20');
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(join(data(), 'red', 'zz-corrupt.png'));
    expect(existsSync(join(root, 'never'))).toBe(false);
  });

  it('train skips it with --on-corrupt skip, reports the count and saves a complete model directory', async () => {
    const out = await run(
      'train',
      '--data',
      data(),
      '--out',
      modelDir(),
      '--epochs',
      '1',
      '--batch-size',
      '16',
      '--seed',
      '3',
      '--image-size',
      '20',
      '--channels',
      '3',
      '--on-corrupt',
      'skip',
    );
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(
      /^saved shapes-reference-cnn version \S+ to .*: validation accuracy \d\.\d{4}, macro F1 \d\.\d{4}, backend \w+, 1 unreadable file\(s\) skipped\n$/,
    );
    expect(out.stderr).toContain('epoch 1/1');
    const manifest = JSON.parse(await readFile(join(modelDir(), 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      scenario: 'image-classification',
      labels: ['blue', 'green', 'red'],
      preprocessing: { kind: 'image', height: 20, width: 20, channels: 3, color: 'rgb' },
      training: {
        seed: 3,
        config: { recipe: 'reference-cnn', epochs: 1, batch_size: 16, data_format: 'folder', train_examples: 48 },
      },
      data_fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      metrics: { accuracy: expect.any(Number), macro_f1: expect.any(Number) },
    });
    expect(Object.keys(manifest.files).sort()).toEqual(['model.json', 'weights.bin']);
  });

  it('evaluate --json prints exactly one JSON object with the contract fields', async () => {
    const out = await run(
      'evaluate',
      '--model',
      modelDir(),
      '--data',
      data(),
      '--split',
      'validation',
      '--on-corrupt',
      'skip',
      '--json',
    );
    expect(out.code, out.stderr).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0] as string);
    expect(Object.keys(result).sort()).toEqual(['backend', 'dataset', 'metrics', 'n', 'scenario', 'split']);
    expect(result).toMatchObject({ scenario: 'image-classification', dataset: 'shapes', split: 'validation', n: 12 });
    if (process.env.TFJS_BACKEND === undefined) expect(result.backend).toBe('wasm');
    const { metrics } = result;
    expect(metrics.accuracy).toBeGreaterThanOrEqual(0);
    expect(metrics.accuracy).toBeLessThanOrEqual(1);
    expect(metrics.per_class.map((row: { class_name: string }) => row.class_name)).toEqual(['blue', 'green', 'red']);
    expect(metrics.confusion_matrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(12);
    // Accuracy is the confusion matrix's diagonal over n.
    const diagonal = metrics.confusion_matrix.reduce(
      (sum: number, row: number[], i: number) => sum + (row[i] as number),
      0,
    );
    expect(metrics.accuracy).toBeCloseTo(diagonal / 12, 10);
    // The validation part is the one training held out and evaluated: same seed, same images, same result.
    const manifest = JSON.parse(await readFile(join(modelDir(), 'manifest.json'), 'utf8'));
    expect(manifest.training.config.held_out_examples).toBe(12);
    expect(metrics.confusion_matrix).toEqual(manifest.metrics.confusion_matrix);
  });

  it('evaluate without --json prints a table', async () => {
    const out = await run('evaluate', '--model', modelDir(), '--data', data(), '--on-corrupt', 'skip');
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^class\s+precis\s+recall\s+f1\s+support\n/);
    expect(out.stdout).toMatch(/shapes test: n 60, accuracy \d\.\d{4}/);
  });

  it('predict prints the top labels of each image, or JSON', async () => {
    const [first, second] = [images[0] as string, images[45] as string];
    const out = await run('predict', '--model', modelDir(), first, second);
    expect(out.code, out.stderr).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(
        `^${first}: (blue|green|red) \\d\\.\\d{4}, (blue|green|red) \\d\\.\\d{4}, (blue|green|red) \\d\\.\\d{4}$`,
      ),
    );
    const json = await run('predict', '--model', modelDir(), '--json', '--top-k', '1', first);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.results).toEqual([
      { path: first, predictions: [{ label: expect.any(String), probability: expect.any(Number) }] },
    ]);
  });

  it('prints the usage with --help and exits 0', async () => {
    const out = await run('train', '--help');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('image-classification train --data <path> --out <model-dir>');
  });

  it('exits with 2 and a message on bad usage and bad input', async () => {
    const cases: [string[], string][] = [
      [['train', '--data', data(), '--out', join(root, 'x'), '--epochs', '0'], '--epochs must be an integer >= 1'],
      [['train', '--data', data(), '--out', join(root, 'x'), '--epoch', '3'], "Unknown option '--epoch'"],
      [
        ['train', '--data', data(), '--out', join(root, 'x'), '--recipe', 'vgg'],
        '--recipe must be one of reference-cnn, strong',
      ],
      [['train', '--out', join(root, 'x')], '--data is required'],
      [['train', '--data', join(root, 'missing'), '--out', join(root, 'x')], 'no data directory'],
      [
        ['train', '--data', data(), '--out', modelDir(), '--on-corrupt', 'skip', '--image-size', '20'],
        'already exists',
      ],
      [['evaluate', '--model', join(root, 'missing'), '--data', data()], 'no model directory'],
      [['predict', '--model', modelDir()], 'give at least one image file'],
      [['predict', '--model', modelDir(), join(root, 'missing.png')], 'file not found'],
      [['fly'], 'unknown command "fly"'],
      [[], 'give a command'],
    ];
    const outcomes = await Promise.all(cases.map(([args]) => run(...args)));
    outcomes.forEach((out, i) => {
      const [args, message] = cases[i] as [string[], string];
      expect({ args, code: out.code }).toEqual({ args, code: 2 });
      expect(out.stderr).toContain(message);
      expect(out.stdout).toBe('');
    });
  });

  it('serve answers over HTTP and drains on SIGTERM with exit 0', async () => {
    const child = spawn(process.execPath, [cli, 'serve', '--model', modelDir(), '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 30_000);
      child.stderr.on('data', () => {
        const match = stderr.match(/serving on (http:\/\/\S+)/);
        if (match) {
          clearTimeout(timer);
          resolveUrl(match[1] as string);
        }
      });
    });
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    const classify = await fetch(`${url}/v1/classify`, {
      method: 'POST',
      headers: { 'content-type': 'image/webp' },
      body: await readFile(images[2] as string),
    });
    expect(classify.status).toBe(200);
    expect(((await classify.json()) as { predictions: unknown[] }).predictions).toHaveLength(3);
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('serve --processes 2 serves the model from processes sharing one port', async () => {
    const server = await startChildServer({
      cli,
      args: ['serve', '--model', modelDir(), '--port', '0', '--processes', '2'],
    });
    try {
      const body = await readFile(images[2] as string);
      const answers = await Promise.all(
        Array.from({ length: 6 }, () =>
          fetch(`${server.url}/v1/classify`, {
            method: 'POST',
            headers: { 'content-type': 'image/webp', connection: 'close' },
            body,
          }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
      const predictions = await Promise.all(answers.map(async (answer) => JSON.stringify(await answer.json())));
      // Same model in both processes: the same answer whichever process took the request.
      expect(new Set(predictions).size).toBe(1);
    } finally {
      await server.stop();
    }
  });
});

describe('image-classification CLI on CIFAR-10 binary batches', () => {
  it('detects the format, trains and evaluates the test batch', async () => {
    const dir = join(root, 'cifar');
    await mkdir(dir);
    // Records of seeded noise: label byte, then 3072 pixel bytes.
    const records = (n: number, seed: number) => {
      const rng = createRng(seed);
      const bytes = new Uint8Array(n * 3073);
      for (let i = 0; i < bytes.length; i++) bytes[i] = i % 3073 === 0 ? rng.int(10) : rng.int(256);
      return bytes;
    };
    await writeFile(join(dir, 'data_batch_1.bin'), records(40, 1));
    await writeFile(join(dir, 'test_batch.bin'), records(10, 2));
    const out = join(root, 'cifar-model');
    const trained = await run('train', '--data', dir, '--out', out, '--batch-size', '20');
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stdout).toMatch(/^saved cifar-10-reference-cnn .*: test accuracy/);
    const evaluated = await run('evaluate', '--model', out, '--data', dir, '--json');
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const result = JSON.parse(evaluated.stdout);
    expect(result).toMatchObject({ dataset: 'cifar-10', split: 'test', n: 10 });
    expect(result.metrics.per_class[0].class_name).toBe('airplane');
  });
});

// The real Fashion-MNIST files: $SCENARIOS_DATA_DIR/fashion-mnist, else the shared data beside the repository.
const repoRoot = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
const fashion = join(process.env.SCENARIOS_DATA_DIR ?? join(repoRoot, '..', 'shared', 'data'), 'fashion-mnist');

describe.skipIf(!existsSync(join(fashion, 'train-images-idx3-ubyte.gz')))(
  'image-classification CLI on Fashion-MNIST IDX files',
  () => {
    it('trains one epoch on 200 images and evaluates 200 test images', async () => {
      const dir = join(root, 'fashion-model');
      const trained = await run(
        'train',
        '--data',
        fashion,
        '--out',
        dir,
        '--limit',
        '200',
        '--epochs',
        '1',
        '--format',
        'idx',
      );
      expect(trained.code, trained.stderr).toBe(0);
      expect(trained.stdout).toMatch(/^saved fashion-mnist-reference-cnn .*: test accuracy/);
      const out = await run('evaluate', '--model', dir, '--data', fashion, '--limit', '200', '--json');
      expect(out.code, out.stderr).toBe(0);
      const result = JSON.parse(out.stdout);
      expect(result).toMatchObject({ dataset: 'fashion-mnist', split: 'test', n: 200 });
      expect(result.metrics.per_class).toHaveLength(10);
      expect(result.metrics.confusion_matrix).toHaveLength(10);
    });
  },
);

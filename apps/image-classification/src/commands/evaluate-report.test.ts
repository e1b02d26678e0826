import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNodeScript } from '@scenarios/core/cli';
import { createRng, encodeIdx, FASHION_MNIST_CLASSES } from '@scenarios/core/data';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationResult } from '../evaluate-model.js';

// The built command: turbo builds the package before testing it.
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

const run = (...args: string[]) => runNodeScript(cli, args);

const SIDE = 28;

/**
 * n 28x28 images: a bright two-pixel stripe at row 2 * class + 4 over dim noise, so a small CNN
 * learns it; 15% of the labels are then changed, so that it also makes confident mistakes.
 */
function stripes(n: number, seed: number): { pixels: Uint8Array; labels: Uint8Array } {
  const rng = createRng(seed);
  const pixels = new Uint8Array(n * SIDE * SIDE);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 10;
    for (let p = 0; p < SIDE * SIDE; p++) {
      const row = Math.floor(p / SIDE);
      pixels[i * SIDE * SIDE + p] = row === 2 * label + 4 || row === 2 * label + 5 ? 200 + rng.int(56) : rng.int(60);
    }
    labels[i] = rng.next() < 0.15 ? rng.int(10) : label;
  }
  return { pixels, labels };
}

let root: string;
let data: string;
let test: { pixels: Uint8Array; labels: Uint8Array };
const model = () => join(root, 'model');

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ic-report-'));
  // "fashion" in the directory's name gives the Fashion-MNIST class names.
  data = join(root, 'fashion-stripes');
  await mkdir(data);
  const train = stripes(300, 1);
  test = stripes(120, 2);
  for (const [prefix, split] of [
    ['train', train],
    ['t10k', test],
  ] as const) {
    await writeFile(
      join(data, `${prefix}-images-idx3-ubyte`),
      encodeIdx({ data: split.pixels, shape: [split.labels.length, SIDE, SIDE], dtype: 'uint8' }),
    );
    await writeFile(
      join(data, `${prefix}-labels-idx1-ubyte`),
      encodeIdx({ data: split.labels, shape: [split.labels.length], dtype: 'uint8' }),
    );
  }
  const trained = await run('train', '--data', data, '--out', model(), '--epochs', '3', '--batch-size', '32');
  expect(trained.code, trained.stderr).toBe(0);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const unescapeHtml = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('evaluate --report', () => {
  let result: EvaluationResult;
  let html: string;
  const reportDir = () => join(root, 'report');

  beforeAll(async () => {
    const out = await run('evaluate', '--model', model(), '--data', data, '--json', '--report', reportDir());
    expect(out.code, out.stderr).toBe(0);
    result = JSON.parse(out.stdout);
    expect(out.stderr).toContain(`wrote the evaluation report (path=${join(reportDir(), 'index.html')})`);
    html = await readFile(join(reportDir(), 'index.html'), 'utf8');
  });

  it('writes one self-contained page and nothing else', async () => {
    expect(await readdir(reportDir())).toEqual(['index.html']);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
  });

  it('shows the headline metrics of evaluate --json', () => {
    const { accuracy, macro_f1: macroF1 } = result.metrics;
    const correct = result.metrics.confusion_matrix.reduce((sum, row, i) => sum + (row[i] as number), 0);
    expect(result.n).toBe(120);
    expect(html).toContain(
      `<div class="value">${(100 * accuracy).toFixed(2)}%</div><div class="note">${correct} of 120 correct</div>`,
    );
    expect(html).toContain(`<div class="value">${macroF1.toFixed(4)}</div>`);
    expect(html).toContain(`<div class="value">${120 - correct}</div>`);
  });

  it('draws the confusion matrix as an SVG image whose cells are the counts of evaluate --json', () => {
    const svg = html.match(/<svg [^>]*aria-label="Confusion matrix"[\s\S]*?<\/svg>/)?.[0] ?? '';
    const cells = [...svg.matchAll(/<title>true (.+?), predicted (.+?): (\d+) /g)].map((m) => ({
      t: FASHION_MNIST_CLASSES.indexOf(unescapeHtml(m[1] as string) as (typeof FASHION_MNIST_CLASSES)[number]),
      p: FASHION_MNIST_CLASSES.indexOf(unescapeHtml(m[2] as string) as (typeof FASHION_MNIST_CLASSES)[number]),
      count: Number(m[3]),
    }));
    expect(cells).toHaveLength(100);
    const matrix = Array.from({ length: 10 }, () => new Array<number>(10).fill(-1));
    for (const { t, p, count } of cells) (matrix[t] as number[])[p] = count;
    expect(matrix).toEqual(result.metrics.confusion_matrix);
  });

  it('draws the learning curves from the training history in the manifest', async () => {
    const manifest = JSON.parse(await readFile(join(model(), 'manifest.json'), 'utf8'));
    const history = manifest.training.config.history as { loss: number; accuracy: number }[];
    expect(history).toHaveLength(3);
    const chart = (title: string) =>
      html.match(new RegExp(`<svg [^>]*aria-label="${title}"[\\s\\S]*?</svg>`))?.[0] ?? '';
    const points = (svg: string) =>
      [...svg.matchAll(/<title>training epoch (\d+): ([^<]+)<\/title>/g)].map((m) => [Number(m[1]), m[2]]);
    const format = (value: number) => String(Number(value.toPrecision(4)));
    expect(points(chart('Loss'))).toEqual(history.map((epoch, i) => [i + 1, format(epoch.loss)]));
    expect(points(chart('Accuracy'))).toEqual(history.map((epoch, i) => [i + 1, format(epoch.accuracy)]));
    expect(html).toContain('3 epochs in ');
  });

  it('lists precision, recall, F1 and support per class', () => {
    const rows = [...html.matchAll(/<tr><td>([^<]+)<\/td>(.*?)<\/tr>/g)].map((m) => [
      unescapeHtml(m[1] as string),
      ...[...(m[2] as string).matchAll(/<td class="num"[^>]*>([^<]+)<\/td>/g)].map((cell) => cell[1]),
    ]);
    expect(rows).toEqual(
      result.metrics.per_class.map((row) => [
        row.class_name,
        row.precision.toFixed(4),
        row.recall.toFixed(4),
        row.f1.toFixed(4),
        String(row.support),
      ]),
    );
  });

  it('shows the surest mistakes as thumbnails of the evaluated images, with true and predicted labels', async () => {
    const correct = result.metrics.confusion_matrix.reduce((sum, row, i) => sum + (row[i] as number), 0);
    const figures = [
      ...html.matchAll(
        /<img src="data:image\/png;base64,([^"]+)"[^>]*><figcaption><span class="predicted">(.+?) ([\d.]+)%<\/span><span class="true">true: (.+?) ([\d.]+)%<\/span><span class="index">#(\d+)<\/span>/g,
      ),
    ].map((m) => ({
      png: Buffer.from(m[1] as string, 'base64'),
      predicted: unescapeHtml(m[2] as string),
      confidence: Number(m[3]),
      trueName: unescapeHtml(m[4] as string),
      index: Number(m[6]),
    }));
    expect(figures).toHaveLength(Math.min(24, 120 - correct));
    expect(figures.length).toBeGreaterThan(0);
    for (const [i, figure] of figures.entries()) {
      expect(figure.trueName).toBe(FASHION_MNIST_CLASSES[test.labels[figure.index] as number]);
      expect(figure.predicted).not.toBe(figure.trueName);
      if (i > 0) expect(figure.confidence).toBeLessThanOrEqual((figures[i - 1] as { confidence: number }).confidence);
      // The thumbnail is the evaluated image itself, pixel for pixel.
      const { data: pixels, info } = await sharp(figure.png)
        .extractChannel(0)
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([SIDE, SIDE]);
      const offset = figure.index * SIDE * SIDE;
      expect(new Uint8Array(pixels)).toEqual(test.pixels.subarray(offset, offset + SIDE * SIDE));
    }
  });

  it('replaces an earlier report, and refuses a report path that is a file with exit 2', async () => {
    const again = await run('evaluate', '--model', model(), '--data', data, '--limit', '10', '--report', reportDir());
    expect(again.code, again.stderr).toBe(0);
    expect(await readdir(reportDir())).toEqual(['index.html']);
    expect(await readFile(join(reportDir(), 'index.html'), 'utf8')).toContain(': 10 images,');
    const file = join(root, 'a-file');
    await writeFile(file, 'keep me');
    const refused = await run('evaluate', '--model', model(), '--data', data, '--report', file);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`the report directory ${file} exists and is not a directory`);
    expect(await readFile(file, 'utf8')).toBe('keep me');
  });
});

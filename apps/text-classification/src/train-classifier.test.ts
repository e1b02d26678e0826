import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '@scenarios/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classProbabilities, loadClassifier } from './classifier.js';
import { evaluateTextModel } from './evaluate-model.js';
import { writeMiniUse } from './test-support/mini-use.js';
import { topicRows, writeTopicCsv, writeTopicJsonl } from './test-support/texts.js';
import { trainTextClassifier } from './train-classifier.js';

let dir: string;
let csv: string;
/** Small, fast settings: the synthetic topics are easy, a large table would only cost time. */
const small = { ngram: { buckets: 4096 }, dim: 16, epochs: 8, learningRate: 0.05, batchSize: 16 } as const;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'train-text-'));
  csv = await writeTopicCsv(join(dir, 'topics.csv'), topicRows({ perTopic: 40 }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('trainTextClassifier with the ngram encoder', () => {
  it('trains a multi-class model on CSV columns, saves it, and evaluate rebuilds the same test split', async () => {
    const before = tf.memory().numTensors;
    const out = join(dir, 'multi-class');
    const result = await trainTextClassifier({
      path: csv,
      out,
      textColumn: 'body',
      labelColumn: 'topic',
      groupColumn: 'source',
      seed: 2,
      ...small,
    });
    expect(result.heldOutSplit).toBe('test');
    expect(result.metrics.n).toBe(24);
    expect(result.metrics.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(Object.keys(result.metrics.by_group ?? {})).toEqual(['a', 'b']);
    const { manifest } = result;
    expect(manifest.labels).toEqual(['politics', 'science', 'sports']);
    expect(manifest.preprocessing).toMatchObject({
      kind: 'text',
      task: 'single-label',
      encoder: { name: 'ngram', buckets: 4096, dim: 16 },
    });
    expect(manifest.training?.config).toMatchObject({
      data: {
        format: 'csv',
        text_column: 'body',
        label_column: 'topic',
        group_column: 'source',
        seed: 2,
        fractions: [0.7, 0.1, 0.2],
      },
      split: { train: 84, validation: 12, test: 24 },
    });
    expect(manifest.training?.config.class_weights).toEqual([1, 1, 1]);
    expect(tf.memory().numTensors).toBe(before);

    const evaluation = await evaluateTextModel({ model: out, data: csv });
    expect(evaluation).toMatchObject({
      scenario: 'text-classification',
      dataset: 'topics',
      split: 'test',
      n: 24,
      backend: 'wasm',
    });
    expect(evaluation.metrics).toEqual(result.metrics);

    const classifier = await loadClassifier(out);
    const probabilities = await classProbabilities(classifier, [
      'the striker and the coach of the team',
      'senate vote on the budget',
    ]);
    expect(probabilities[2]).toBeGreaterThan(0.5); // sports
    expect(probabilities[3]).toBeGreaterThan(0.5); // politics
    classifier.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('tunes the threshold of a binary task on the validation split', async () => {
    const rows = topicRows({ perTopic: 40 }).filter((row) => row.label !== 'science');
    const path = await writeTopicCsv(join(dir, 'binary.csv'), rows);
    const out = join(dir, 'binary');
    const result = await trainTextClassifier({ path, out, textColumn: 'body', labelColumn: 'topic', ...small });
    const threshold = result.manifest.preprocessing.threshold as number;
    expect(threshold).toBeGreaterThan(0);
    expect(threshold).toBeLessThan(1);
    expect(result.metrics.threshold).toBe(threshold);
    expect(result.metrics.roc_auc).toBeGreaterThan(0.9);
  });

  it('trains a multi-label model (sigmoid head) from JSONL label arrays', async () => {
    const path = await writeTopicJsonl(join(dir, 'tags.jsonl'), topicRows({ perTopic: 40, mixed: true }));
    const out = join(dir, 'multi-label');
    const result = await trainTextClassifier({ path, out, labelColumn: 'labels', ...small, epochs: 12 });
    expect(result.manifest.preprocessing).toMatchObject({ task: 'multi-label', threshold: 0.5 });
    expect(result.metrics.micro_f1).toBeGreaterThan(0.8);
    expect(result.metrics.per_class.map((row) => row.class_name)).toEqual(['politics', 'science', 'sports']);
    const model = JSON.parse(await readFile(join(out, 'model.json'), 'utf8'));
    expect(JSON.stringify(model.modelTopology)).toContain('"activation":"sigmoid"');
    const evaluation = await evaluateTextModel({ model: out, data: path });
    expect(evaluation.metrics).toEqual(result.metrics);
  });

  it('refuses to overwrite a model directory before reading any data', async () => {
    await expect(
      trainTextClassifier({ path: join(dir, 'absent.csv'), out: join(dir, 'multi-class'), ...small }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('--overwrite'),
    });
  });
});

describe('trainTextClassifier with the use encoder (miniature USE)', () => {
  it('trains a head on USE embeddings, records which USE it used and refuses another one', async () => {
    const useDir = await writeMiniUse(join(dir, 'mini-use'));
    const out = join(dir, 'use-model');
    const result = await trainTextClassifier({
      path: csv,
      out,
      encoder: 'use',
      use: { dir: useDir },
      textColumn: 'body',
      labelColumn: 'topic',
      epochs: 3,
    });
    expect(result.manifest.preprocessing).toMatchObject({
      encoder: {
        name: 'use',
        dim: 512,
        max_chars: 2000,
        source: useDir,
        model_json_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
    const classifier = await loadClassifier(out);
    expect(classifier.encoder.name).toBe('use');
    const probabilities = await classProbabilities(classifier, ['hello world']);
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    classifier.dispose();

    const other = await writeMiniUse(join(dir, 'other-use'));
    await writeFile(
      join(other, 'vocab.json'),
      JSON.stringify([
        ['<unk>', 0],
        ['▁', -1],
        ['a', -2],
      ]),
    );
    await expect(loadClassifier(out, { use: { dir: other } })).rejects.toMatchObject({ code: 'MODEL_INVALID' });
  });
});

import { readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../logger.js';
import { tf } from '../tf.js';
import { fileSystemHandler } from './fs-io-handler.js';
import { loadGraphModelDir, loadModelDir, readManifest, verifyModelDir } from './load-model.js';
import { type ManifestFields, saveModelDir } from './save-model.js';
import {
  convBatchNormModel,
  denseModel,
  expectScenarioError,
  predict,
  useTempDir,
  writeGraphModel,
} from './test-support/fixtures.js';

const fields: ManifestFields = {
  scenario: 'medical-triage',
  model: { name: 'resnet-small', version: '2024.1' },
  preprocessing: { scale: 1 / 255, resize: [6, 6] },
  labels: ['normal', 'pneumonia'],
  id_maps: { site: { a: 0, b: 1 } },
  training: { config: { epochs: 3, batch_size: 32, optimizer: 'adam' }, seed: 42 },
  data_fingerprint: 'sha256:0123',
  metrics: {
    accuracy: 0.875,
    roc_auc: null,
    per_class: { normal: { f1: 0.9 } },
    confusion_matrix: [
      [5, 1],
      [0, 2],
    ],
  },
};

describe('saveModelDir then loadModelDir', () => {
  const root = useTempDir();

  for (const [kind, build, input] of [
    ['dense', () => denseModel(), () => tf.randomNormal([5, 4], 0, 1, 'float32', 3)],
    ['conv + batch norm', () => convBatchNormModel(), () => tf.randomNormal([3, 6, 6, 1], 0, 1, 'float32', 4)],
  ] as const) {
    it(`gives identical predictions for a ${kind} model, with the manifest intact and no leaked tensors`, async () => {
      const dir = join(root(), 'model');
      const model = build();
      const x = input();
      const expected = await predict(model, x);
      const start = tf.memory().numTensors;

      const saved = await saveModelDir(dir, { model, manifest: fields });
      expect(tf.memory().numTensors).toBe(start);
      const { model: loaded, manifest } = await loadModelDir(dir, { expectScenario: 'medical-triage' });
      expect(await predict(loaded, x)).toEqual(expected);
      loaded.dispose();
      expect(tf.memory().numTensors).toBe(start);

      expect(manifest).toEqual(saved);
      expect(manifest).toMatchObject(fields);
      expect(Object.keys(manifest.files).sort()).toEqual(['model.json', 'weights.bin']);
      x.dispose();
      model.dispose();
    });
  }
});

describe('loadModelDir refusals', () => {
  const root = useTempDir();
  const dir = () => join(root(), 'model');

  beforeEach(async () => {
    const model = denseModel();
    await saveModelDir(dir(), { model, manifest: fields });
    model.dispose();
  });

  it('MODEL_NOT_FOUND for a missing directory or a file', async () => {
    await expectScenarioError(loadModelDir(join(root(), 'nope')), 'MODEL_NOT_FOUND', /no model directory/);
    await expectScenarioError(loadModelDir(join(dir(), 'model.json')), 'MODEL_NOT_FOUND', /is a file/);
  });

  it('MODEL_INVALID without manifest.json, or with one that is not JSON or misses fields', async () => {
    const path = join(dir(), 'manifest.json');
    const original = JSON.parse(await readFile(path, 'utf8'));
    await rm(path);
    await expectScenarioError(loadModelDir(dir()), 'MODEL_INVALID', /has no manifest\.json/);

    await writeFile(path, '{"scenario": ');
    await expectScenarioError(loadModelDir(dir()), 'MODEL_INVALID', /not valid JSON/);

    const { scenario: _scenario, ...withoutScenario } = original;
    await writeFile(path, JSON.stringify({ ...withoutScenario, format_version: 2 }));
    const error = await expectScenarioError(readManifest(dir()), 'MODEL_INVALID', /invalid manifest\.json/);
    const issues = error.details?.issues as string[];
    expect(issues.some((issue) => issue.startsWith('scenario:'))).toBe(true);
    expect(issues.some((issue) => issue.startsWith('format_version:'))).toBe(true);
  });

  it('CHECKSUM_MISMATCH naming weights.bin when one byte of it changes', async () => {
    const path = join(dir(), 'weights.bin');
    const bytes = await readFile(path);
    bytes[10] = (bytes[10] ?? 0) ^ 0x01;
    await writeFile(path, bytes);
    const error = await expectScenarioError(loadModelDir(dir()), 'CHECKSUM_MISMATCH', /weights\.bin/);
    expect(error.details?.file).toBe('weights.bin');
    // readManifest does not look at the weights.
    expect((await readManifest(dir())).scenario).toBe('medical-triage');
  });

  it('CHECKSUM_MISMATCH giving both sizes for a truncated weights.bin', async () => {
    await truncate(join(dir(), 'weights.bin'), 100);
    await expectScenarioError(
      loadModelDir(dir()),
      'CHECKSUM_MISMATCH',
      /weights\.bin has 100 bytes, the manifest says 268/,
    );
  });

  it('CHECKSUM_MISMATCH naming model.json when it was edited', async () => {
    const path = join(dir(), 'model.json');
    await writeFile(path, (await readFile(path, 'utf8')).replace('"relu"', '"tanh"'));
    const error = await expectScenarioError(verifyModelDir(dir()), 'CHECKSUM_MISMATCH', /model\.json/);
    expect(error.details?.file).toBe('model.json');
  });

  it('MODEL_INVALID for a listed file that is missing or an unlisted weight file', async () => {
    await writeFile(join(dir(), 'group1-shard2of2.bin'), new Uint8Array(8));
    await expectScenarioError(
      loadModelDir(dir()),
      'MODEL_INVALID',
      /weight file group1-shard2of2\.bin .* does not list/,
    );
    await rm(join(dir(), 'weights.bin'));
    await expectScenarioError(loadModelDir(dir()), 'MODEL_INVALID', /weights\.bin listed in manifest\.json is missing/);
  });

  it('MODEL_INVALID for another scenario; other unlisted files are only reported', async () => {
    await expectScenarioError(
      loadModelDir(dir(), { expectScenario: 'recommendation' }),
      'MODEL_INVALID',
      /scenario "medical-triage", not "recommendation"/,
    );
    await writeFile(join(dir(), 'README.md'), 'notes');
    const warnings: string[] = [];
    const logger: Logger = { debug() {}, info() {}, error() {}, warn: (obj) => warnings.push(JSON.stringify(obj)) };
    const { model } = await loadModelDir(dir(), { expectScenario: 'medical-triage', logger });
    expect(warnings).toEqual([expect.stringContaining('README.md')]);
    model.dispose();
  });
});

describe('graph model directories', () => {
  const root = useTempDir();

  it('round-trips through loadGraphModelDir and is refused by loadModelDir, and the reverse', async () => {
    await writeGraphModel(join(root(), 'source'));
    const graph = await tf.loadGraphModel(fileSystemHandler(join(root(), 'source')));
    const graphDir = join(root(), 'graph');
    await saveModelDir(graphDir, { model: graph, manifest: fields });
    graph.dispose();

    const { model } = await loadGraphModelDir(graphDir);
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    expect(Array.from(await predict(model, x))).toEqual([-1.5, -2.5]);
    x.dispose();
    model.dispose();
    await expectScenarioError(loadModelDir(graphDir), 'MODEL_INVALID', /graph model; load it with loadGraphModelDir/);

    const layersDir = join(root(), 'layers');
    const layers = denseModel();
    await saveModelDir(layersDir, { model: layers, manifest: fields });
    layers.dispose();
    await expectScenarioError(loadGraphModelDir(layersDir), 'MODEL_INVALID', /layers-model, not a graph model/);
  });
});

import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tf } from '../tf.js';
import { fileSystemHandler, MODEL_JSON, WEIGHTS_BIN } from './fs-io-handler.js';
import { denseModel, expectScenarioError, predict, useTempDir, writeGraphModel } from './test-support/fixtures.js';

describe('fileSystemHandler with a layers model', () => {
  const root = useTempDir();

  it('writes model.json and weights.bin and loads the same model back', async () => {
    const dir = join(root(), 'nested', 'model');
    const model = denseModel();
    model.setUserDefinedMetadata({ note: 'kept' });
    const input = tf.tensor2d([
      [0.1, -0.2, 0.3, 0.4],
      [1, 2, 3, 4],
    ]);
    const before = await predict(model, input);

    const result = await model.save(fileSystemHandler(dir));
    // 4*8 + 8 + 8*3 + 3 = 67 float32 weights.
    expect(result.modelArtifactsInfo.weightDataBytes).toBe(67 * 4);
    expect((await readdir(dir)).sort()).toEqual([MODEL_JSON, WEIGHTS_BIN]);
    expect((await readFile(join(dir, WEIGHTS_BIN))).byteLength).toBe(67 * 4);
    const json = JSON.parse(await readFile(join(dir, MODEL_JSON), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.generatedBy).toMatch(/tfjs-layers/);
    expect(json.userDefinedMetadata).toEqual({ note: 'kept' });
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0].paths).toEqual([WEIGHTS_BIN]);
    expect(json.weightsManifest[0].weights.map((w: { shape: number[] }) => w.shape)).toEqual([
      [4, 8],
      [8],
      [8, 3],
      [3],
    ]);

    const loaded = await tf.loadLayersModel(fileSystemHandler(dir));
    expect(await predict(loaded, input)).toEqual(before);
    expect(loaded.getUserDefinedMetadata()).toEqual({ note: 'kept' });
    input.dispose();
    model.dispose();
    loaded.dispose();
  });

  it('keeps the training config and optimizer state when asked to', async () => {
    const dir = join(root(), 'with-optimizer');
    const model = denseModel();
    model.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
    await model.save(fileSystemHandler(dir), { includeOptimizer: true });
    const json = JSON.parse(await readFile(join(dir, MODEL_JSON), 'utf8'));
    expect(json.trainingConfig.loss).toBe('categorical_crossentropy');
    expect(json.trainingConfig.optimizer_config.class_name).toBe('SGD');

    const loaded = await tf.loadLayersModel(fileSystemHandler(dir));
    expect(loaded.optimizer).toBeInstanceOf(tf.SGDOptimizer);
    expect(loaded.loss).toBe('categoricalCrossentropy');
    model.dispose();
    loaded.dispose();
  });

  it('leaks no tensors in save and load', async () => {
    const dir = join(root(), 'leaks');
    const model = denseModel();
    const start = tf.memory().numTensors;
    await model.save(fileSystemHandler(dir));
    expect(tf.memory().numTensors).toBe(start);
    const loaded = await tf.loadLayersModel(fileSystemHandler(dir));
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(start);
    model.dispose();
  });
});

describe('fileSystemHandler with a graph model', () => {
  const root = useTempDir();
  const x = [
    [1, 2],
    [3, 4],
  ];

  it('loads a converter-style model.json with two shards and saves it as one weights.bin', async () => {
    const dir = join(root(), 'graph');
    await writeGraphModel(dir);
    const start = tf.memory().numTensors;
    const model = await tf.loadGraphModel(fileSystemHandler(dir));
    const input = tf.tensor2d(x);
    expect(Array.from(await predict(model, input))).toEqual([-1.5, -2.5]);

    const copy = join(root(), 'graph-copy');
    await model.save(fileSystemHandler(copy));
    expect((await readdir(copy)).sort()).toEqual([MODEL_JSON, WEIGHTS_BIN]);
    const json = JSON.parse(await readFile(join(copy, MODEL_JSON), 'utf8'));
    expect(json.format).toBe('graph-model');
    expect(json.convertedBy).toBe('written by hand for the tests');
    const reloaded = await tf.loadGraphModel(fileSystemHandler(copy));
    expect(Array.from(await predict(reloaded, input))).toEqual([-1.5, -2.5]);

    input.dispose();
    model.dispose();
    reloaded.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('refuses weight paths that leave the directory', async () => {
    const dir = join(root(), 'escape');
    await writeGraphModel(dir);
    const json = JSON.parse(await readFile(join(dir, MODEL_JSON), 'utf8'));
    json.weightsManifest[0].paths[1] = '../elsewhere/group1-shard2of2.bin';
    await writeFile(join(dir, MODEL_JSON), JSON.stringify(json));
    await expectScenarioError(
      tf.loadGraphModel(fileSystemHandler(dir)),
      'MODEL_INVALID',
      /outside the model directory/,
    );
  });

  it('names a missing shard', async () => {
    const dir = join(root(), 'missing-shard');
    await writeGraphModel(dir);
    await rm(join(dir, 'group1-shard2of2.bin'));
    await expectScenarioError(
      tf.loadGraphModel(fileSystemHandler(dir)),
      'MODEL_INVALID',
      /group1-shard2of2\.bin .* missing/,
    );
  });
});

describe('fileSystemHandler load errors', () => {
  const root = useTempDir();

  it('MODEL_NOT_FOUND without model.json, MODEL_INVALID for bad JSON or no topology', async () => {
    await expectScenarioError(tf.loadLayersModel(fileSystemHandler(root())), 'MODEL_NOT_FOUND', /no model\.json/);
    await writeFile(join(root(), MODEL_JSON), '{"modelTopology": ');
    await expectScenarioError(tf.loadLayersModel(fileSystemHandler(root())), 'MODEL_INVALID', /not valid JSON/);
    await writeFile(join(root(), MODEL_JSON), '{"weightsManifest": []}');
    await expectScenarioError(tf.loadLayersModel(fileSystemHandler(root())), 'MODEL_INVALID', /no modelTopology/);
  });
});

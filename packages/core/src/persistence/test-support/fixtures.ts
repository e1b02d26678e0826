import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { ScenarioError } from '../../errors.js';
import { tf } from '../../tf.js';

/** A fresh directory under os.tmpdir() for each test, removed afterwards. Call at describe level. */
export function useTempDir(): () => string {
  let root: string | undefined;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'scenarios-persistence-'));
  });
  afterEach(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });
  return () => {
    if (!root) throw new Error('useTempDir: no test is running');
    return root;
  };
}

/** 4 -> dense 8 relu -> dense 3 softmax, with weights drawn from a fixed seed. */
export function denseModel(seed = 1): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  randomiseWeights(model, seed);
  return model;
}

/** 6x6x1 -> conv 4@3x3 -> batch norm -> relu -> flatten -> dense 2, every weight random and positive. */
export function convBatchNormModel(seed = 2): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ filters: 4, kernelSize: 3, inputShape: [6, 6, 1] }),
      tf.layers.batchNormalization(),
      tf.layers.activation({ activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2 }),
    ],
  });
  randomiseWeights(model, seed);
  return model;
}

/**
 * Replaces every weight with uniform values in [0.1, 1): the batch-norm moving mean and variance
 * then differ from their initial 0 and 1, so a round trip that lost them would show.
 */
function randomiseWeights(model: tf.LayersModel, seed: number): void {
  tf.tidy(() => {
    model.setWeights(model.getWeights().map((w, i) => tf.randomUniform(w.shape, 0.1, 1, 'float32', seed * 100 + i)));
  });
}

/** Predictions as plain numbers, the input tensor disposed. */
export async function predict(model: tf.LayersModel | tf.GraphModel, input: tf.Tensor): Promise<Float32Array> {
  const output = model.predict(input) as tf.Tensor;
  const values = (await output.data()) as Float32Array;
  output.dispose();
  return values;
}

/**
 * Writes a graph model by hand, as tfjs-converter lays it out: y = x · w for x of shape [-1, 2]
 * and w = [[0.5], [-1]], the weights split over two shard files, the first named with `./`.
 * For x = [[1, 2], [3, 4]], y = [[1*0.5 + 2*-1], [3*0.5 + 4*-1]] = [[-1.5], [-2.5]].
 */
export async function writeGraphModel(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const modelJSON = {
    format: 'graph-model',
    generatedBy: '2.15.0',
    convertedBy: 'written by hand for the tests',
    modelTopology: {
      node: [
        {
          name: 'x',
          op: 'Placeholder',
          attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [{ size: '-1' }, { size: '2' }] } } },
        },
        {
          name: 'w',
          op: 'Const',
          attr: {
            dtype: { type: 'DT_FLOAT' },
            value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '2' }, { size: '1' }] } } },
          },
        },
        {
          name: 'y',
          op: 'MatMul',
          input: ['x', 'w'],
          attr: { transpose_a: { b: false }, transpose_b: { b: false }, T: { type: 'DT_FLOAT' } },
        },
      ],
      library: {},
      versions: {},
    },
    weightsManifest: [
      {
        paths: ['./group1-shard1of2.bin', 'group1-shard2of2.bin'],
        weights: [{ name: 'w', shape: [2, 1], dtype: 'float32' }],
      },
    ],
  };
  const weights = new Uint8Array(new Float32Array([0.5, -1]).buffer);
  await writeFile(join(dir, 'model.json'), JSON.stringify(modelJSON));
  await writeFile(join(dir, 'group1-shard1of2.bin'), weights.subarray(0, 4));
  await writeFile(join(dir, 'group1-shard2of2.bin'), weights.subarray(4));
}

/** Awaits a promise that must reject with a ScenarioError of `code` whose message matches; returns the error. */
export async function expectScenarioError(
  promise: Promise<unknown>,
  code: string,
  message?: RegExp,
): Promise<ScenarioError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ScenarioError);
  const scenarioError = error as ScenarioError;
  expect(scenarioError.code).toBe(code);
  if (message) expect(scenarioError.message).toMatch(message);
  return scenarioError;
}

/** Entries of `dir` left behind by a save: temporary and backup siblings. */
export async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => /\.(tmp|old)-/.test(name));
}

import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { buildMlp } from '../models/mlp.js';
import { buildModel } from '../models/registry.js';
import { tf } from '../tf.js';
import { Callback, type TrainSummary } from './callback.js';
import type { EpochLogs, Logs } from './history.js';
import { gaussianBlobs } from './test-support/gaussian-blobs.js';
import { mulberry32, TensorDataset } from './test-support/tensor-dataset.js';
import { train } from './train.js';
import type { AugmentContext, TrainOptions } from './train-options.js';

const trainData = gaussianBlobs({ n: 400, seed: 1 });
const validationData = gaussianBlobs({ n: 200, seed: 2 });
const blobModel = (options: { seed?: number; dropout?: number } = {}) =>
  buildMlp({ inputShape: [2], hiddenUnits: [16], numClasses: 2, ...options });

/** Records what train() tells its callbacks. */
class Recorder extends Callback {
  readonly events: string[] = [];
  readonly batches: Logs[] = [];
  summary: TrainSummary | undefined;
  override async onTrainBegin() {
    this.events.push('trainBegin');
  }
  override async onEpochBegin(epoch: number) {
    this.events.push(`epochBegin ${epoch}`);
  }
  override async onBatchEnd(_batch: number, logs: Logs) {
    this.batches.push(logs);
  }
  override async onEpochEnd(epoch: number) {
    this.events.push(`epochEnd ${epoch}`);
  }
  override async onTrainEnd(summary: TrainSummary) {
    this.events.push('trainEnd');
    this.summary = summary;
  }
}

describe('train', () => {
  it('teaches an MLP to separate two Gaussian blobs (validation accuracy > 0.95)', async () => {
    const model = blobModel();
    const recorder = new Recorder();
    const history = await train(model, {
      trainData,
      validationData,
      epochs: 8,
      batchSize: 32,
      learningRate: 0.01,
      callbacks: [recorder],
    });
    expect(history.stopReason).toBe('completed');
    expect(history.epochs).toHaveLength(8);
    const last = history.epochs.at(-1) as EpochLogs;
    expect(last.val_accuracy).toBeGreaterThan(0.95);
    expect(last.accuracy).toBeGreaterThan(0.95);
    expect(last.loss).toBeLessThan((history.epochs[0] as EpochLogs).loss);
    expect(Object.keys(last).sort()).toEqual(
      ['accuracy', 'duration_s', 'epoch', 'loss', 'lr', 'samples_per_s', 'val_accuracy', 'val_loss'].sort(),
    );
    expect(history.epochs.map((e) => e.epoch)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(last.lr).toBe(0.01);
    expect(last.duration_s).toBeGreaterThan(0);
    expect(last.samples_per_s).toBeGreaterThan(0);

    // 400 examples in batches of 32: 12 full batches and one of 16, every epoch.
    expect(recorder.batches).toHaveLength(8 * 13);
    expect(recorder.batches.slice(0, 13).map((b) => b.size)).toEqual([...Array(12).fill(32), 16]);
    expect(recorder.batches[12]).toMatchObject({ batch: 12, size: 16 });
    expect(recorder.events.slice(0, 3)).toEqual(['trainBegin', 'epochBegin 0', 'epochEnd 0']);
    expect(recorder.events.at(-1)).toBe('trainEnd');
    expect(recorder.summary).toEqual({ epochsCompleted: 8, outcome: 'completed' });
    model.dispose();
  });

  it('gives identical losses for the same seeds, with dropout, and different ones for another seed', async () => {
    const run = async (seed: number) => {
      const model = blobModel({ seed: 3, dropout: 0.3 });
      const history = await train(model, { trainData, validationData, epochs: 3, seed });
      const dropoutSeed = (model.layers[1] as unknown as { seed?: number }).seed;
      model.dispose();
      return { losses: history.epochs.map((e) => [e.loss, e.val_loss]), dropoutSeed };
    };
    const first = await run(5);
    const second = await run(5);
    expect(second.losses).toEqual(first.losses);
    expect((await run(6)).losses[0]?.[0]).not.toBe(first.losses[0]?.[0]);
    // train() seeds dropout per batch but leaves the layer's configured seed as it found it.
    expect(first.dropoutSeed).toBeUndefined();
  });

  it('leaks no tensors: everything but the model is disposed, also with every option in use', async () => {
    const before = tf.memory().numTensors;
    const model = blobModel({ dropout: 0.2 });
    const afterBuild = tf.memory().numTensors;
    await train(model, {
      trainData,
      validationData,
      epochs: 2,
      classWeights: { 0: 2 },
      augment: (xs) => xs.mul(1.1),
      callbacks: [new Recorder()],
    });
    expect(tf.memory().numTensors).toBe(afterBuild);

    // A caller's optimizer keeps its state (Adam's moments) until the caller disposes it.
    const optimizer = tf.train.adam(0.01);
    await train(model, { trainData, optimizer });
    expect(tf.memory().numTensors).toBeGreaterThan(afterBuild);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(afterBuild);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rethrows a failure, still calls onTrainEnd with outcome failed, and leaks nothing', async () => {
    const model = blobModel();
    const afterBuild = tf.memory().numTensors;
    class Failing extends Callback {
      override async onBatchEnd(batch: number) {
        if (batch === 2) throw new Error('disk full');
      }
    }
    const recorder = new Recorder();
    await expect(train(model, { trainData, callbacks: [recorder, new Failing()] })).rejects.toThrow('disk full');
    expect(recorder.summary).toEqual({ epochsCompleted: 0, outcome: 'failed' });
    expect(tf.memory().numTensors).toBe(afterBuild);

    model.dispose();
  });

  it('stops before the next batch when the signal aborts and resolves with the finished epochs', async () => {
    const model = blobModel();
    const afterBuild = tf.memory().numTensors;
    const controller = new AbortController();
    class AbortAt extends Callback {
      batches = 0;
      override async onBatchEnd(batch: number) {
        this.batches++;
        if (this.batches === 13 + 3) controller.abort();
        expect(batch).toBeLessThan(13);
      }
    }
    const abortAt = new AbortAt();
    const recorder = new Recorder();
    const history = await train(model, {
      trainData,
      epochs: 5,
      signal: controller.signal,
      callbacks: [abortAt, recorder],
    });
    expect(history.stopReason).toBe('aborted');
    expect(history.epochs).toHaveLength(1);
    expect(abortAt.batches).toBe(16);
    expect(recorder.summary).toEqual({ epochsCompleted: 1, outcome: 'aborted' });
    expect(tf.memory().numTensors).toBe(afterBuild);

    const already = await train(model, { trainData, signal: AbortSignal.abort() });
    expect(already).toEqual({ epochs: [], stopReason: 'aborted' });
    model.dispose();
  });

  it('augments training batches only, with a seed per batch that repeats between runs', async () => {
    const contexts: AugmentContext[] = [];
    const model = blobModel();
    // Mirroring the training inputs teaches the mirrored rule, which fails on plain validation data.
    const history = await train(model, {
      trainData,
      validationData,
      epochs: 4,
      batchSize: 100,
      learningRate: 0.01,
      augment: (xs, context) => {
        contexts.push(context);
        return xs.neg();
      },
    });
    const last = history.epochs.at(-1) as EpochLogs;
    expect(last.accuracy).toBeGreaterThan(0.95);
    expect(last.val_accuracy).toBeLessThan(0.05);
    expect(contexts.map(({ epoch, batch }) => [epoch, batch])).toEqual(
      [0, 1, 2, 3].flatMap((epoch) => [0, 1, 2, 3].map((batch) => [epoch, batch])),
    );
    expect(new Set(contexts.map((c) => c.seed)).size).toBe(16);

    const again: number[] = [];
    await train(model, {
      trainData,
      epochs: 4,
      batchSize: 100,
      augment: (xs, c) => {
        again.push(c.seed);
        return xs;
      },
    });
    expect(again).toEqual(contexts.map((c) => c.seed));
    model.dispose();
  });

  it('multiplies each example loss by its class weight', async () => {
    const firstBatchLoss = async (classWeights?: Record<number, number>) => {
      const model = blobModel({ seed: 4 });
      const recorder = new Recorder();
      await train(model, { trainData, callbacks: [recorder], ...(classWeights ? { classWeights } : {}) });
      model.dispose();
      return recorder.batches[0]?.loss as number;
    };
    const plain = await firstBatchLoss();
    expect(await firstBatchLoss({ 0: 2, 1: 2 })).toBeCloseTo(2 * plain, 5);

    // With class 0 weighing nothing, the model only learns to say 1.
    const model = blobModel();
    const history = await train(model, {
      trainData,
      validationData,
      epochs: 3,
      learningRate: 0.01,
      classWeights: [0, 1],
    });
    expect(history.epochs.at(-1)?.val_accuracy).toBe(0.5);
    model.dispose();
  });

  it('refuses bad options with INVALID_ARGUMENT before creating any tensor', async () => {
    const model = blobModel();
    const before = tf.memory().numTensors;
    const image = new TensorDataset({
      x: new Float32Array(8),
      y: new Int32Array(2),
      elementSpec: { x: { shape: [2, 2], dtype: 'float32' }, y: { shape: [], dtype: 'int32' } },
    });
    const cases: [Partial<TrainOptions>, RegExp][] = [
      [{ epochs: 0 }, /epochs must be a positive integer/],
      [{ batchSize: 1.5 }, /batchSize must be a positive integer/],
      [{ seed: Number.NaN }, /seed must be an integer/],
      [{ trainData: image }, /trainData examples have shape \[2, 2\] but the model expects \[2\]/],
      [{ validationData: trainData.subset([]) }, /validationData is empty/],
      [{ optimizer: tf.train.sgd(0.1), learningRate: 0.1 }, /learningRate applies to a named optimizer/],
      [{ optimizer: 'lbfgs' as never }, /unknown optimizer "lbfgs"/],
      [{ learningRate: -1 }, /learning rate must be a finite number > 0/],
      [{ loss: 'hinge' as never }, /unknown loss "hinge"/],
      [{ metrics: ['auc' as never] }, /unknown metric "auc"/],
      [{ metrics: [{ name: 'loss', fn: (y) => y }] }, /metric name "loss"/],
      [{ classWeights: { 2: 1 } }, /classWeights has class 2, but the model has classes 0..1/],
      [{ classWeights: [1, -1] }, /classWeights\[1\] must be a finite number >= 0/],
    ];
    const sgd = tf.memory().numTensors;
    for (const [options, message] of cases) {
      const attempt = train(model, { trainData, ...options });
      await expect(attempt).rejects.toThrow(ScenarioError);
      await expect(attempt).rejects.toThrow(message);
      await expect(attempt).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    expect(tf.memory().numTensors).toBe(sgd);
    expect(sgd - before).toBe(1); // the SGD instance of one case, the caller's to dispose
    model.dispose();
  });

  it('adds regularisation penalties to the loss, in training and validation', async () => {
    // w = 1, x = 1, y = 0: squared error w^2 = 1 plus the L2 penalty 0.5 * w^2 = 0.5.
    const one = new TensorDataset({
      x: Float32Array.of(1),
      y: Float32Array.of(0),
      elementSpec: { x: { shape: [1], dtype: 'float32' }, y: { shape: [1], dtype: 'float32' } },
    });
    const layer = tf.layers.dense({
      units: 1,
      inputShape: [1],
      useBias: false,
      kernelInitializer: 'ones',
      kernelRegularizer: tf.regularizers.l2({ l2: 0.5 }),
    });
    const model = tf.sequential({ layers: [layer] });
    const recorder = new Recorder();
    const history = await train(model, {
      trainData: one,
      validationData: one,
      optimizer: 'sgd',
      learningRate: 0.1,
      loss: 'meanSquaredError',
      metrics: [],
      callbacks: [recorder],
    });
    expect(recorder.batches[0]?.loss).toBeCloseTo(1.5, 6);
    // One step: gradient 2w + w = 3, so w = 0.7 and val_loss = 0.49 + 0.245.
    expect(history.epochs[0]?.val_loss).toBeCloseTo(0.735, 6);
    model.dispose();
  });

  it('trains a regression model with mean squared error and no metrics', async () => {
    // y = 2x - 1 on [0, 1]: a single linear unit learns it.
    const x = Float32Array.from({ length: 64 }, (_, i) => i / 63);
    const y = x.map((v) => 2 * v - 1);
    const data = new TensorDataset({
      x,
      y,
      elementSpec: { x: { shape: [1], dtype: 'float32' }, y: { shape: [1], dtype: 'float32' } },
    });
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
    const history = await train(model, {
      trainData: data,
      epochs: 40,
      batchSize: 16,
      learningRate: 0.1,
      loss: 'meanSquaredError',
      metrics: [],
    });
    expect(history.epochs.at(-1)?.loss).toBeLessThan(1e-3);
    expect(Object.keys(history.epochs[0] as EpochLogs)).not.toContain('accuracy');
    model.dispose();
  });

  // The wasm backend has no Conv2DBackpropFilter kernel yet; this runs once one is registered.
  it.for<[string, object]>([
    ['reference-cnn', {}],
    ['resnet-small', { widths: [4, 8], blocksPerStage: 1 }],
  ])('trains %s on tiny images when the backend can differentiate conv2d', async ([name, options], context) => {
    if (!tf.getKernel('Conv2DBackpropFilter', tf.getBackend())) {
      context.skip(`no Conv2DBackpropFilter kernel on the ${tf.getBackend()} backend`);
    }
    const random = mulberry32(9);
    const images = new TensorDataset({
      x: Float32Array.from({ length: 8 * 18 * 18 }, () => random()),
      y: Int32Array.from({ length: 8 }, (_, i) => i % 2),
      elementSpec: { x: { shape: [18, 18, 1], dtype: 'float32' }, y: { shape: [], dtype: 'int32' } },
    });
    const model = buildModel(name, { inputShape: [18, 18, 1], numClasses: 2, ...options });
    const afterBuild = tf.memory().numTensors;
    const kernelBefore = Array.from((model.getWeights()[0] as tf.Tensor).dataSync());
    const history = await train(model, { trainData: images, epochs: 2, batchSize: 4 });
    expect(history.epochs.every((e) => Number.isFinite(e.loss))).toBe(true);
    expect(Array.from((model.getWeights()[0] as tf.Tensor).dataSync())).not.toEqual(kernelBefore);
    expect(tf.memory().numTensors).toBe(afterBuild);
    model.dispose();
  });
});

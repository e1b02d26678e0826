import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { buildMlp } from '../models/mlp.js';
import { tf } from '../tf.js';
import { Callback } from './callback.js';
import { EarlyStopping } from './early-stopping.js';
import type { EpochLogs } from './history.js';
import { driveCallback } from './test-support/drive-callback.js';
import { gaussianBlobs } from './test-support/gaussian-blobs.js';
import { train } from './train.js';

describe('EarlyStopping', () => {
  const valLoss = [1.0, 0.8, 0.85, 0.79, 0.9, 0.95];

  it('stops at the end of the patience-th epoch in a row without improvement', async () => {
    // Improvements at 0, 1 and 3 (0.79 < 0.8); then 0.9, 0.95: the second miss stops at epoch 5.
    const stopper = new EarlyStopping({ patience: 2 });
    const { epochsRun, context } = await driveCallback(stopper, { metrics: { val_loss: valLoss }, epochs: 10 });
    expect(context.stopTraining).toBe(true);
    expect(stopper.stoppedEpoch).toBe(5);
    expect(stopper.bestEpoch).toBe(3);
    expect(stopper.best).toBe(0.79);
    expect(epochsRun).toBe(6);
  });

  it('needs an improvement larger than minDelta', async () => {
    // 0.79 is not below 0.8 - 0.02, so epochs 2 and 3 are both misses.
    const stopper = new EarlyStopping({ patience: 2, minDelta: 0.02 });
    await driveCallback(stopper, { metrics: { val_loss: valLoss } });
    expect(stopper.stoppedEpoch).toBe(3);
    expect(stopper.bestEpoch).toBe(1);
  });

  it('with patience 0 stops at the first miss, and never at epoch 0', async () => {
    const stopper = new EarlyStopping();
    await driveCallback(stopper, { metrics: { val_loss: valLoss } });
    expect(stopper.stoppedEpoch).toBe(2);
    const nan = new EarlyStopping();
    await driveCallback(nan, { metrics: { val_loss: [Number.NaN, 0.5, 0.6] } });
    expect(nan.stoppedEpoch).toBe(2);
    expect(nan.bestEpoch).toBe(1);
  });

  it('maximises accuracy in auto mode and treats an equal value as no improvement', async () => {
    const stopper = new EarlyStopping({ monitor: 'val_accuracy', patience: 2 });
    await driveCallback(stopper, { metrics: { val_accuracy: [0.5, 0.6, 0.6, 0.55, 0.9] } });
    expect(stopper.stoppedEpoch).toBe(3);
    expect(stopper.bestEpoch).toBe(1);
    const minimising = new EarlyStopping({ monitor: 'val_accuracy', mode: 'min' });
    await driveCallback(minimising, { metrics: { val_accuracy: [0.5, 0.6] } });
    expect(minimising.stoppedEpoch).toBe(1);
  });

  it('refuses, before the first epoch, a monitored value that training will not log', async () => {
    const attempt = driveCallback(new EarlyStopping(), { metrics: { accuracy: [0.5] } });
    await expect(attempt).rejects.toThrow(ScenarioError);
    await expect(attempt).rejects.toThrow(
      'EarlyStopping monitors "val_loss", but training logs only loss, accuracy (validation values need validationData)',
    );
    expect(() => new EarlyStopping({ patience: -1 })).toThrow(/patience must be an integer >= 0/);
    expect(() => new EarlyStopping({ mode: 'up' as never })).toThrow(/mode must be min, max or auto/);
  });

  it('stops real training at the right epoch and restores the best epoch weights', async () => {
    // The validation labels are the training labels swapped: the better the model learns,
    // the worse its val_loss, so early stopping must fire and roll back.
    const trainData = gaussianBlobs({ n: 200, seed: 1 });
    const validationData = gaussianBlobs({ n: 100, seed: 2, flipLabels: true });
    const model = buildMlp({ inputShape: [2], hiddenUnits: [8], numClasses: 2 });
    const afterBuild = tf.memory().numTensors;
    const snapshots: number[][][] = [];
    class Snapshot extends Callback {
      override async onEpochEnd() {
        snapshots.push(this.context.model.getWeights().map((w) => Array.from(w.dataSync())));
      }
    }
    const stopper = new EarlyStopping({ patience: 2, restoreBestWeights: true });
    const history = await train(model, {
      trainData,
      validationData,
      epochs: 20,
      learningRate: 0.01,
      callbacks: [new Snapshot(), stopper],
    });

    const losses = history.epochs.map((e) => e.val_loss as number);
    const best = losses.indexOf(Math.min(...losses));
    expect(history.stopReason).toBe('callback');
    expect(stopper.bestEpoch).toBe(best);
    expect(stopper.stoppedEpoch).toBe(best + 2);
    expect(history.epochs).toHaveLength(best + 3);
    const finalWeights = model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(finalWeights).toEqual(snapshots[best]);
    expect(finalWeights).not.toEqual(snapshots.at(-1));
    // The kept copies were disposed.
    expect(tf.memory().numTensors).toBe(afterBuild);
    model.dispose();
  });

  it('leaves the last weights when the best epoch is the last one', async () => {
    const trainData = gaussianBlobs({ n: 100, seed: 1 });
    const model = buildMlp({ inputShape: [2], hiddenUnits: [8], numClasses: 2 });
    const stopper = new EarlyStopping({ monitor: 'loss', patience: 5, restoreBestWeights: true });
    let lastEpochWeights: number[][] = [];
    class Snapshot extends Callback {
      override async onEpochEnd(_epoch: number, _logs: EpochLogs) {
        lastEpochWeights = this.context.model.getWeights().map((w) => Array.from(w.dataSync()));
      }
    }
    const history = await train(model, {
      trainData,
      epochs: 3,
      learningRate: 0.01,
      callbacks: [new Snapshot(), stopper],
    });
    expect(history.stopReason).toBe('completed');
    expect(stopper.bestEpoch).toBe(2);
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(lastEpochWeights);
    model.dispose();
  });
});

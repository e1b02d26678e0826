import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMlp } from '../models/mlp.js';
import { BestCheckpoint } from './best-checkpoint.js';
import { Callback } from './callback.js';
import { driveCallback } from './test-support/drive-callback.js';
import { gaussianBlobs } from './test-support/gaussian-blobs.js';
import { train } from './train.js';

describe('BestCheckpoint', () => {
  it('saves only on epochs that improve the monitored value', async () => {
    const saved: { epoch: number; valLoss: number | undefined }[] = [];
    const checkpoint = new BestCheckpoint({
      save: async (_model, epoch, logs) => {
        saved.push({ epoch, valLoss: logs.val_loss });
      },
    });
    await driveCallback(checkpoint, { metrics: { val_loss: [1.0, 0.9, 0.95, 0.8, 0.8, Number.NaN] } });
    expect(saved).toEqual([
      { epoch: 0, valLoss: 1.0 },
      { epoch: 1, valLoss: 0.9 },
      { epoch: 3, valLoss: 0.8 },
    ]);
    expect(checkpoint.bestEpoch).toBe(3);
    expect(checkpoint.best).toBe(0.8);
  });

  it('maximises accuracy and honours minDelta', async () => {
    const epochs: number[] = [];
    const checkpoint = new BestCheckpoint({
      monitor: 'val_accuracy',
      minDelta: 0.05,
      save: async (_model, epoch) => {
        epochs.push(epoch);
      },
    });
    // 0.52 and 0.54 are within 0.05 of 0.5; 0.6 beats it by 0.1; 0.64 is within 0.05 of 0.6.
    await driveCallback(checkpoint, { metrics: { val_accuracy: [0.5, 0.52, 0.54, 0.6, 0.64] } });
    expect(epochs).toEqual([0, 3]);
  });

  it('saves during real training on each val_loss improvement, awaited before the next epoch', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'best-checkpoint-'));
    try {
      const model = buildMlp({ inputShape: [2], hiddenUnits: [8], numClasses: 2 });
      const path = join(dir, 'best.json');
      const events: string[] = [];
      class EpochStarts extends Callback {
        override async onEpochBegin(epoch: number) {
          events.push(`begin ${epoch}`);
        }
      }
      const history = await train(model, {
        trainData: gaussianBlobs({ n: 100, seed: 1 }),
        validationData: gaussianBlobs({ n: 50, seed: 2 }),
        epochs: 4,
        learningRate: 0.01,
        callbacks: [
          new EpochStarts(),
          new BestCheckpoint({
            save: async (saved, epoch, logs) => {
              const weights = saved.getWeights().map((w) => Array.from(w.dataSync()));
              await new Promise((resolve) => setTimeout(resolve, 5));
              await writeFile(path, JSON.stringify({ epoch, logs, weights }));
              events.push(`save ${epoch}`);
            },
          }),
        ],
      });
      const improving: number[] = [];
      let best = Number.POSITIVE_INFINITY;
      for (const { epoch, val_loss } of history.epochs) {
        if ((val_loss as number) < best) {
          best = val_loss as number;
          improving.push(epoch);
        }
      }
      expect(improving.length).toBeGreaterThan(1);
      const saves = events.filter((e) => e.startsWith('save')).map((e) => Number(e.split(' ')[1]));
      expect(saves).toEqual(improving);
      for (const epoch of saves.filter((e) => e < 3)) {
        expect(events.indexOf(`save ${epoch}`)).toBeLessThan(events.indexOf(`begin ${epoch + 1}`));
      }
      const written = JSON.parse(await readFile(path, 'utf8'));
      expect(written.epoch).toBe(improving.at(-1));
      expect(written.logs.val_loss).toBe(best);
      model.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

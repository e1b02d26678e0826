import { tf } from '@scenarios/core';
import { ArrayDataset } from '@scenarios/core/data';
import { rocAuc } from '@scenarios/core/evaluation';
import { Callback, type EpochLogs, predictDataset, train } from '@scenarios/core/training';
import { describe, expect, it } from 'vitest';
import { BestValidationAuc } from './best-validation-auc.js';

/** One feature that separates the classes: x = label - 0.5 plus a little spread. */
function separable(n: number): ArrayDataset {
  const targets = Int32Array.from({ length: n }, (_, i) => i % 2);
  const inputs = Float32Array.from(targets, (label, i) => label - 0.5 + ((i % 7) - 3) / 20);
  return new ArrayDataset({ inputs, inputShape: [1], targets });
}

/** Turns the model's answer around after the first epoch, so later epochs rank validation data backwards. */
class Saboteur extends Callback {
  override async onEpochEnd(epoch: number, _logs: EpochLogs): Promise<void> {
    if (epoch === 0) return;
    const model = this.context.model;
    const negated = tf.tidy(() => model.getWeights().map((w) => tf.neg(w)));
    model.setWeights(negated);
    tf.dispose(negated);
  }
}

async function aucOf(model: tf.LayersModel, data: ArrayDataset): Promise<number> {
  const p = await predictDataset(model, data);
  return rocAuc(
    data.labels?.() ?? [],
    p.filter((_, i) => i % 2 === 1),
  );
}

describe('BestValidationAuc', () => {
  it('records each epoch and puts the weights of the best one back when training ends', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [1], units: 2, activation: 'softmax' })] });
    model.setWeights([tf.tensor2d([[-1, 1]]), tf.tensor1d([0, 0])]);
    const numTensors = tf.memory().numTensors;
    const val = separable(40);
    const best = new BestValidationAuc({ data: val });
    await train(model, {
      trainData: separable(64),
      epochs: 3,
      batchSize: 16,
      learningRate: 0.01,
      callbacks: [new Saboteur(), best],
    });
    expect(best.aucs).toHaveLength(3);
    expect(best.aucs[0]).toBe(1);
    // Epoch 1 ends negated (AUC 0); epoch 2 negates back, so it ranks correctly again but is no better.
    expect(best.aucs[1]).toBe(0);
    expect(best.bestEpoch).toBe(0);
    expect(best.best).toBe(1);
    expect(await aucOf(model, val)).toBe(1);
    expect(tf.memory().numTensors).toBe(numTensors);
    model.dispose();
  });

  it('needs labelled validation data', () => {
    const unlabeled = new ArrayDataset({ inputs: new Float32Array(2), inputShape: [1], targets: new Float32Array(2) });
    expect(() => new BestValidationAuc({ data: unlabeled })).toThrow(/class labels/);
  });
});

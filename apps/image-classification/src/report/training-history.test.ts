import type { ModelManifest } from '@scenarios/core/persistence';
import { describe, expect, it } from 'vitest';
import { trainingHistory } from './training-history.js';

const withConfig = (config: Record<string, unknown> | undefined) =>
  ({ training: config === undefined ? undefined : { config } }) as unknown as ModelManifest;

describe('trainingHistory', () => {
  it('reads the epochs train saved in training.config.history, in epoch order', () => {
    const history = [
      { epoch: 1, loss: 0.5, accuracy: 0.8, lr: 0.001 },
      { epoch: 0, loss: 0.9, accuracy: 0.6, lr: 0.001 },
    ];
    expect(trainingHistory(withConfig({ recipe: 'x', history }))).toEqual([history[1], history[0]]);
  });

  it('leaves out what is not an epoch record, and is empty without a history', () => {
    const history = [{ epoch: 0, loss: 0.9 }, { epoch: 1 }, { epoch: 2, loss: 'x' }, null, 3];
    expect(trainingHistory(withConfig({ history }))).toEqual([{ epoch: 0, loss: 0.9 }]);
    expect(trainingHistory(withConfig({ history: 'none' }))).toEqual([]);
    expect(trainingHistory(withConfig({}))).toEqual([]);
    expect(trainingHistory(withConfig(undefined))).toEqual([]);
  });
});

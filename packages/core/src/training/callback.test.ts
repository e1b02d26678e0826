import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { Callback, CallbackList, type TrainingContext } from './callback.js';
import type { EpochLogs } from './history.js';

class Named extends Callback {
  constructor(
    private readonly name: string,
    private readonly log: string[],
  ) {
    super();
  }
  override async onTrainBegin() {
    this.log.push(`${this.name} begin ${this.context.params.epochs}`);
  }
  override async onEpochEnd(epoch: number, logs: EpochLogs) {
    // A slow hook must finish before the next callback runs.
    await new Promise((resolve) => setTimeout(resolve, this.name === 'a' ? 5 : 0));
    this.log.push(`${this.name} epoch ${epoch} loss ${logs.loss}`);
  }
  override async onTrainEnd() {
    this.log.push(`${this.name} end`);
    if (this.name === 'a') throw new Error('a failed to clean up');
  }
}

const context = { params: { epochs: 3 } } as unknown as TrainingContext;
const logs: EpochLogs = { epoch: 0, loss: 0.5, lr: 0.1, duration_s: 1, samples_per_s: 1 };

describe('CallbackList', () => {
  it('calls every callback in order, awaiting each, with the shared context', async () => {
    const log: string[] = [];
    const list = new CallbackList([new Named('a', log), new Named('b', log)]);
    list.setContext(context);
    await list.onTrainBegin();
    await list.onEpochBegin(0);
    await list.onBatchEnd(0, { batch: 0, size: 1, loss: 0.5 });
    await list.onEpochEnd(0, logs);
    expect(log).toEqual(['a begin 3', 'b begin 3', 'a epoch 0 loss 0.5', 'b epoch 0 loss 0.5']);
  });

  it('still ends every callback when one fails in onTrainEnd, then rethrows', async () => {
    const log: string[] = [];
    const list = new CallbackList([new Named('a', log), new Named('b', log)]);
    list.setContext(context);
    await expect(list.onTrainEnd({ epochsCompleted: 1, outcome: 'completed' })).rejects.toThrow('a failed to clean up');
    expect(log).toEqual(['a end', 'b end']);
  });

  it('refuses to read the context outside train()', async () => {
    const callback = new Named('a', []);
    await expect(callback.onTrainBegin()).rejects.toThrow(ScenarioError);
    await expect(callback.onTrainBegin()).rejects.toThrow('Named was used outside train()');
  });
});

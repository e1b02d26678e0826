import { ScenarioError } from '../errors.js';
import type { tf } from '../tf.js';
import type { EpochLogs, Logs, StopReason } from './history.js';

/** Facts about the run, fixed before the first epoch. */
export interface TrainingParams {
  readonly epochs: number;
  readonly batchSize: number;
  /** Training examples per epoch. */
  readonly samples: number;
  readonly stepsPerEpoch: number;
  /** The keys every epoch's logs will have besides the timing ones, e.g. ['loss', 'accuracy', 'val_loss', 'val_accuracy']. */
  readonly metrics: readonly string[];
}

/** What a callback can see and steer while `train()` runs. */
export interface TrainingContext {
  readonly model: tf.LayersModel;
  readonly optimizer: tf.Optimizer;
  readonly params: TrainingParams;
  /** A callback sets this to end training after the current epoch. */
  stopTraining: boolean;
}

/** How training ended, as told to `onTrainEnd`: a `StopReason`, or 'failed' when it threw. */
export interface TrainSummary {
  readonly epochsCompleted: number;
  readonly outcome: StopReason | 'failed';
}

/**
 * Base class of training callbacks, after tfjs-layers' `BaseCallback`: every hook is an async
 * no-op, so a callback overrides only what it needs. `train()` awaits each hook before going
 * on, and calls `onTrainEnd` even when training fails, so callbacks can release what they hold.
 */
export abstract class Callback {
  private current: TrainingContext | undefined;

  /** Called by `train()` before `onTrainBegin`. */
  setContext(context: TrainingContext): void {
    this.current = context;
  }

  /** The model, optimizer and parameters of the run in progress. */
  protected get context(): TrainingContext {
    if (this.current === undefined) {
      throw new ScenarioError('INTERNAL', `${this.constructor.name} was used outside train()`);
    }
    return this.current;
  }

  async onTrainBegin(): Promise<void> {}

  async onEpochBegin(_epoch: number): Promise<void> {}

  /** `logs` has `batch`, `size` (examples in the batch), `loss` and the metrics of that batch. */
  async onBatchEnd(_batch: number, _logs: Logs): Promise<void> {}

  async onEpochEnd(_epoch: number, _logs: EpochLogs): Promise<void> {}

  async onTrainEnd(_summary: TrainSummary): Promise<void> {}
}

/** Fans every hook out to its callbacks, in order, one after the other. */
export class CallbackList extends Callback {
  readonly callbacks: readonly Callback[];

  constructor(callbacks: readonly Callback[]) {
    super();
    this.callbacks = [...callbacks];
  }

  override setContext(context: TrainingContext): void {
    super.setContext(context);
    for (const callback of this.callbacks) callback.setContext(context);
  }

  override async onTrainBegin(): Promise<void> {
    for (const callback of this.callbacks) await callback.onTrainBegin();
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    for (const callback of this.callbacks) await callback.onEpochBegin(epoch);
  }

  override async onBatchEnd(batch: number, logs: Logs): Promise<void> {
    for (const callback of this.callbacks) await callback.onBatchEnd(batch, logs);
  }

  override async onEpochEnd(epoch: number, logs: EpochLogs): Promise<void> {
    for (const callback of this.callbacks) await callback.onEpochEnd(epoch, logs);
  }

  /** Every callback gets `onTrainEnd`, even after one of them threw; the first error is rethrown. */
  override async onTrainEnd(summary: TrainSummary): Promise<void> {
    const errors: unknown[] = [];
    for (const callback of this.callbacks) {
      try {
        await callback.onTrainEnd(summary);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  }
}

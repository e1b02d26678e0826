import type { tf } from '../tf.js';
import { Callback } from './callback.js';
import type { EpochLogs } from './history.js';
import { Monitor, type MonitorOptions } from './monitor.js';

/** Persists the model; supplied by the caller (for example with the persistence module). */
export type SaveCheckpoint = (model: tf.LayersModel, epoch: number, logs: EpochLogs) => Promise<void>;

export interface BestCheckpointOptions extends MonitorOptions {
  /** Called, and awaited, at the end of every epoch whose monitored value improves on the best so far. */
  save: SaveCheckpoint;
}

/**
 * Saves the model whenever the monitored value (default `val_loss`) improves, so the last
 * save holds the best weights. How and where to save is the caller's `save` function.
 *
 * @example
 * new BestCheckpoint({ monitor: 'val_accuracy', save: (model, epoch) => saveModelDir(model, `${out}/best`) });
 */
export class BestCheckpoint extends Callback {
  private readonly monitor: Monitor;
  private readonly save: SaveCheckpoint;
  /** The epoch of the last save, once there is one. */
  bestEpoch: number | undefined;

  constructor(options: BestCheckpointOptions) {
    super();
    this.monitor = new Monitor(options);
    this.save = options.save;
  }

  /** The best monitored value so far. */
  get best(): number {
    return this.monitor.best;
  }

  override async onTrainBegin(): Promise<void> {
    this.monitor.checkAvailable(this.context.params.metrics, 'BestCheckpoint');
    this.monitor.reset();
    this.bestEpoch = undefined;
  }

  override async onEpochEnd(epoch: number, logs: EpochLogs): Promise<void> {
    if (!this.monitor.update(logs)) return;
    this.bestEpoch = epoch;
    await this.save(this.context.model, epoch, logs);
  }
}

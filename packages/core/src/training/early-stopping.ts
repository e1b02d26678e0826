import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import { Callback, type TrainSummary } from './callback.js';
import type { EpochLogs } from './history.js';
import { Monitor, type MonitorOptions } from './monitor.js';

export interface EarlyStoppingOptions extends MonitorOptions {
  /**
   * Epochs without improvement to wait: training stops at the end of the `patience`-th
   * such epoch in a row. As in Keras, 0 and 1 both stop at the first. Default 0.
   */
  patience?: number;
  /**
   * Keep a copy of the weights of the best epoch and put them back into the model when
   * training ends (unlike Keras, also when it ran all its epochs). Default false.
   */
  restoreBestWeights?: boolean;
}

/**
 * Stops training when the monitored value (default `val_loss`) has stopped improving,
 * after tfjs/Keras's `EarlyStopping`.
 *
 * @example
 * await train(model, { trainData, validationData, epochs: 50, callbacks: [new EarlyStopping({ patience: 3, restoreBestWeights: true })] });
 */
export class EarlyStopping extends Callback {
  readonly patience: number;
  readonly restoreBestWeights: boolean;
  private readonly monitor: Monitor;
  private wait = 0;
  private lastEpoch = -1;
  private bestWeights: tf.Tensor[] | undefined;
  /** The epoch with the best value, once there is one. */
  bestEpoch: number | undefined;
  /** The epoch at whose end this callback stopped training, if it did. */
  stoppedEpoch: number | undefined;

  constructor(options: EarlyStoppingOptions = {}) {
    super();
    this.monitor = new Monitor(options);
    this.patience = options.patience ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 0) {
      throw new ScenarioError('INVALID_ARGUMENT', `patience must be an integer >= 0, got ${this.patience}`);
    }
    this.restoreBestWeights = options.restoreBestWeights ?? false;
  }

  /** The best monitored value so far. */
  get best(): number {
    return this.monitor.best;
  }

  override async onTrainBegin(): Promise<void> {
    this.monitor.checkAvailable(this.context.params.metrics, 'EarlyStopping');
    this.monitor.reset();
    this.wait = 0;
    this.lastEpoch = -1;
    this.bestEpoch = undefined;
    this.stoppedEpoch = undefined;
    this.releaseBestWeights();
  }

  override async onEpochEnd(epoch: number, logs: EpochLogs): Promise<void> {
    this.lastEpoch = epoch;
    this.wait++;
    if (this.monitor.update(logs)) {
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.restoreBestWeights) {
        this.releaseBestWeights();
        // getWeights() returns the live variables; clones survive later updates.
        this.bestWeights = tf.tidy(() => this.context.model.getWeights().map((weight) => weight.clone()));
      }
      return;
    }
    // Keras never stops on the first epoch, whose value may be NaN.
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.context.stopTraining = true;
    }
  }

  override async onTrainEnd(summary: TrainSummary): Promise<void> {
    if (this.bestWeights && summary.outcome !== 'failed' && this.bestEpoch !== this.lastEpoch) {
      this.context.model.setWeights(this.bestWeights);
    }
    this.releaseBestWeights();
  }

  private releaseBestWeights(): void {
    if (this.bestWeights) tf.dispose(this.bestWeights);
    this.bestWeights = undefined;
  }
}

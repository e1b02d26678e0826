import { type Logger, silentLogger, tf } from '@scenarios/core';
import type { Dataset } from '@scenarios/core/data';
import { rocAuc } from '@scenarios/core/evaluation';
import { Callback, type EpochLogs, predictDataset, type TrainSummary } from '@scenarios/core/training';

export interface BestValidationAucOptions {
  /** Labelled validation data (class labels 0/1). */
  data: Dataset;
  /** Default: silent. */
  logger?: Logger;
}

/**
 * Scores the validation data after every epoch with ROC-AUC of P(class 1), keeps a copy of the
 * weights of the best epoch and puts them back when training ends. ROC-AUC is what triage
 * depends on (the ordering of studies) and, unlike the validation loss, it does not move with
 * the class weights or the difference in class mix between training and validation data.
 */
export class BestValidationAuc extends Callback {
  /** ROC-AUC of each finished epoch. */
  readonly aucs: number[] = [];
  bestEpoch: number | undefined;
  best = Number.NEGATIVE_INFINITY;
  readonly #data: Dataset;
  readonly #labels: Int32Array;
  readonly #logger: Logger;
  #bestWeights: tf.Tensor[] | undefined;

  constructor(options: BestValidationAucOptions) {
    super();
    this.#data = options.data;
    const labels = options.data.labels?.();
    if (!labels) throw new TypeError('BestValidationAuc needs validation data with class labels');
    this.#labels = labels;
    this.#logger = options.logger ?? silentLogger;
  }

  override async onTrainBegin(): Promise<void> {
    this.aucs.length = 0;
    this.bestEpoch = undefined;
    this.best = Number.NEGATIVE_INFINITY;
    this.#release();
  }

  override async onEpochEnd(epoch: number, logs: EpochLogs): Promise<void> {
    const probabilities = await predictDataset(this.context.model, this.#data);
    const positive = probabilities.filter((_, i) => i % 2 === 1);
    const auc = rocAuc(this.#labels, positive);
    this.aucs.push(auc);
    this.#logger.info(
      { epoch: epoch + 1, loss: Number(logs.loss.toFixed(4)), val_auc: Number(auc.toFixed(4)) },
      'validation ROC-AUC',
    );
    if (!(auc > this.best)) return;
    this.best = auc;
    this.bestEpoch = epoch;
    this.#release();
    // getWeights() returns the live variables; clones survive later updates.
    this.#bestWeights = tf.tidy(() => this.context.model.getWeights().map((weight) => weight.clone()));
  }

  override async onTrainEnd(summary: TrainSummary): Promise<void> {
    if (this.#bestWeights && summary.outcome !== 'failed' && this.bestEpoch !== this.aucs.length - 1) {
      this.context.model.setWeights(this.#bestWeights);
    }
    this.#release();
  }

  #release(): void {
    if (this.#bestWeights) tf.dispose(this.#bestWeights);
    this.#bestWeights = undefined;
  }
}

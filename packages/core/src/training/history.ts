/** Numeric values passed to callbacks, keyed by name ('loss', 'accuracy', 'val_loss', ...). */
export type Logs = Readonly<Record<string, number>>;

/**
 * What one epoch produced. `loss` and the metrics are means over the epoch's training
 * examples; `val_*` are the same on the validation data, when there is some.
 */
export interface EpochLogs {
  /** 0-based epoch number. */
  readonly epoch: number;
  readonly loss: number;
  /** Learning rate in effect during the epoch. */
  readonly lr: number;
  /** Wall-clock seconds of the whole epoch, validation included. */
  readonly duration_s: number;
  /** Training examples per second, validation excluded. */
  readonly samples_per_s: number;
  /** Metrics such as `accuracy`, `val_loss`, `val_accuracy`. */
  readonly [name: string]: number;
}

/**
 * Why training ended: every epoch ran; a callback set `stopTraining` (early stopping);
 * or the abort signal fired (the unfinished epoch is not recorded).
 */
export type StopReason = 'completed' | 'callback' | 'aborted';

/** The result of `train()`: one record per finished epoch. */
export interface History {
  readonly epochs: readonly EpochLogs[];
  readonly stopReason: StopReason;
}

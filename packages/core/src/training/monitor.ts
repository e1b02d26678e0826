import { ScenarioError } from '../errors.js';
import type { EpochLogs } from './history.js';

export type MonitorMode = 'min' | 'max' | 'auto';

/** Which logged value a callback watches and what counts as better. */
export interface MonitorOptions {
  /** A key of the epoch logs. Default 'val_loss'. */
  monitor?: string;
  /** 'min', 'max', or 'auto': max for names with acc, auc, f1, precision or recall, else min. Default 'auto'. */
  mode?: MonitorMode;
  /** A change must beat the best value by more than this to count as an improvement. Default 0. */
  minDelta?: number;
}

/** Tracks the best value of one logged quantity, as Keras's EarlyStopping and ModelCheckpoint do. */
export class Monitor {
  readonly name: string;
  readonly direction: 'min' | 'max';
  readonly minDelta: number;
  /** The best value seen since the last reset; ±Infinity before the first. */
  best: number;

  constructor(options: MonitorOptions) {
    this.name = options.monitor ?? 'val_loss';
    const mode = options.mode ?? 'auto';
    if (!['min', 'max', 'auto'].includes(mode)) {
      throw new ScenarioError('INVALID_ARGUMENT', `mode must be min, max or auto, got ${mode}`);
    }
    this.direction = mode === 'auto' ? (/acc|auc|f1|precision|recall/.test(this.name) ? 'max' : 'min') : mode;
    this.minDelta = options.minDelta ?? 0;
    if (!(Number.isFinite(this.minDelta) && this.minDelta >= 0)) {
      throw new ScenarioError('INVALID_ARGUMENT', `minDelta must be a finite number >= 0, got ${this.minDelta}`);
    }
    this.best = this.worst();
  }

  reset(): void {
    this.best = this.worst();
  }

  private worst(): number {
    return this.direction === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }

  /** Refuses, before training starts, a name that the epoch logs will not have. */
  checkAvailable(available: readonly string[], owner: string): void {
    if (!available.includes(this.name)) {
      const hint = this.name.startsWith('val_') ? ' (validation values need validationData)' : '';
      throw new ScenarioError(
        'INVALID_ARGUMENT',
        `${owner} monitors "${this.name}", but training logs only ${available.join(', ')}${hint}`,
      );
    }
  }

  /** Reads the monitored value of an epoch and, when it improves on the best, records it. */
  update(logs: EpochLogs): boolean {
    const value = logs[this.name] ?? Number.NaN;
    const improved = this.direction === 'min' ? value + this.minDelta < this.best : value - this.minDelta > this.best;
    if (improved) this.best = value;
    return improved;
  }
}

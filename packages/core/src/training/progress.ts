import { Callback } from './callback.js';
import type { EpochLogs, Logs } from './history.js';

/** The part of a writable stream that progress output needs; `process.stderr` is one. */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface ProgressOptions {
  /** Where to write. Default `process.stderr`, keeping stdout free for results. */
  stream?: ProgressStream;
  /** Redraw a live bar (true) or write one line per epoch (false). Default: `stream.isTTY`. */
  tty?: boolean;
  /** Least milliseconds between two redraws of the bar. Default 100. */
  refreshMs?: number;
}

const BAR_WIDTH = 24;
const ERASE_LINE = '\r\x1b[K';

/**
 * Reports training progress. On a terminal: a bar redrawn in place with examples done,
 * examples/s, ETA and the running loss, replaced by the epoch line at the end of the epoch.
 * Elsewhere (logs, CI): only the epoch line, e.g.
 * `epoch 2/5 - loss 0.4127 - accuracy 0.8512 - val_loss 0.4390 - val_accuracy 0.8431 - lr 0.001 - 3.2s - 18512 samples/s`.
 */
export class Progress extends Callback {
  private readonly stream: ProgressStream;
  private readonly tty: boolean;
  private readonly refreshMs: number;
  private epoch = 0;
  private epochStart = 0;
  private lastDraw = 0;
  private seen = 0;
  private lossSum = 0;
  /** A bar is on screen without a newline after it. */
  private barOpen = false;

  constructor(options: ProgressOptions = {}) {
    super();
    this.stream = options.stream ?? process.stderr;
    this.tty = options.tty ?? this.stream.isTTY === true;
    this.refreshMs = options.refreshMs ?? 100;
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
    this.epochStart = performance.now();
    this.lastDraw = Number.NEGATIVE_INFINITY;
    this.seen = 0;
    this.lossSum = 0;
  }

  override async onBatchEnd(_batch: number, logs: Logs): Promise<void> {
    const size = logs.size ?? 0;
    this.seen += size;
    this.lossSum += (logs.loss ?? Number.NaN) * size;
    const now = performance.now();
    if (!this.tty || now - this.lastDraw < this.refreshMs) return;
    this.lastDraw = now;
    const { epochs, samples } = this.context.params;
    const done = Math.min(1, this.seen / samples);
    const filled = Math.round(done * BAR_WIDTH);
    const rate = this.seen / Math.max((now - this.epochStart) / 1000, 1e-9);
    const eta = (samples - this.seen) / rate;
    // The head '>' marks a bar still moving; a full bar is all '='.
    const bar = (
      filled === BAR_WIDTH ? '='.repeat(BAR_WIDTH) : `${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? '>' : ''}`
    ).padEnd(BAR_WIDTH, ' ');
    this.barOpen = true;
    this.stream.write(
      `${ERASE_LINE}epoch ${this.epoch + 1}/${epochs} [${bar}] ${this.seen}/${samples} - ${Math.round(rate)} samples/s` +
        ` - ETA ${formatDuration(eta)} - loss ${(this.lossSum / this.seen).toFixed(4)}`,
    );
  }

  override async onEpochEnd(epoch: number, logs: EpochLogs): Promise<void> {
    const values = this.context.params.metrics
      .filter((name) => logs[name] !== undefined)
      .map((name) => `${name} ${(logs[name] as number).toFixed(4)}`);
    const line = [
      `epoch ${epoch + 1}/${this.context.params.epochs}`,
      ...values,
      `lr ${Number(logs.lr.toPrecision(3))}`,
      `${logs.duration_s.toFixed(1)}s`,
      `${Math.round(logs.samples_per_s)} samples/s`,
    ].join(' - ');
    this.stream.write(`${this.tty ? ERASE_LINE : ''}${line}\n`);
    this.barOpen = false;
  }

  /** Ends a bar left open by an aborted or failed epoch, so later output starts on a new line. */
  override async onTrainEnd(): Promise<void> {
    if (this.barOpen) this.stream.write('\n');
    this.barOpen = false;
  }
}

/** 42s, 3m05s, 1h02m. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Callback } from './callback.js';
import type { EpochLogs, Logs } from './history.js';

export interface JsonlLogOptions {
  /** File to append to; its directory is created. Earlier content is kept. */
  path: string;
  /** Also write a line per batch. Default false. */
  perBatch?: boolean;
}

/**
 * Appends one JSON object per line to a file: `{"type":"epoch","time":...,"epoch":0,"loss":...}`
 * at the end of every epoch and, with `perBatch`, `{"type":"batch","time":...,"epoch":0,"batch":3,...}`
 * after every batch. `time` is an ISO-8601 timestamp; non-finite numbers become null.
 */
export class JsonlLog extends Callback {
  readonly path: string;
  readonly perBatch: boolean;
  private epoch = 0;

  constructor(options: JsonlLogOptions) {
    super();
    this.path = options.path;
    this.perBatch = options.perBatch ?? false;
  }

  override async onTrainBegin(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
  }

  override async onBatchEnd(_batch: number, logs: Logs): Promise<void> {
    if (this.perBatch) await this.append({ type: 'batch', time: new Date().toISOString(), epoch: this.epoch, ...logs });
  }

  override async onEpochEnd(_epoch: number, logs: EpochLogs): Promise<void> {
    await this.append({ type: 'epoch', time: new Date().toISOString(), ...logs });
  }

  private async append(record: Record<string, unknown>): Promise<void> {
    await appendFile(this.path, `${JSON.stringify(record)}\n`);
  }
}

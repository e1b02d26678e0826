import { type Logger, ScenarioError } from '@scenarios/core';
import type { ArrayDataset } from '@scenarios/core/data';

/** The data formats the adapters read. */
export const DATA_FORMATS = ['idx', 'cifar10', 'folder'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

/** What to do with a file (or record) that cannot be read: skip it and go on, or stop with DATA_CORRUPT. */
export type CorruptPolicy = 'skip' | 'stop';

/** A file or record left out under the 'skip' policy, and why. */
export interface SkippedItem {
  path: string;
  reason: string;
}

/** Images with class labels, as every adapter returns them. */
export interface LabeledImages {
  /** uint8 HWC pixels scaled by 1/255 into float32 batches, with int32 labels. */
  dataset: ArrayDataset;
  /** Class names, index i naming label i. */
  classNames: string[];
  /** [height, width, channels] of one image. */
  inputShape: [number, number, number];
  format: DataFormat;
  /** A short name of the data set, such as `fashion-mnist`, `mnist`, `cifar-10` or the folder's name. */
  name: string;
  /** The files the examples came from, for the data fingerprint. */
  files: string[];
  /** What the 'skip' policy left out. */
  skipped: SkippedItem[];
  /** Whether a mirrored image keeps its class (clothing, objects: yes; digits: no). */
  horizontalFlip: boolean;
}

/** Options every adapter takes. */
export interface AdapterOptions {
  /** Keep at most this many examples. Default: all. */
  limit?: number;
  /** Default 'stop'. */
  onCorrupt?: CorruptPolicy;
  /** Default: silent. */
  logger?: Logger;
}

/**
 * Applies the corrupt-data policy to one failure: 'stop' throws DATA_CORRUPT naming `path`,
 * 'skip' records it (and warns on the logger) so loading goes on.
 */
export function handleCorrupt(
  failure: { path: string; error: unknown },
  policy: { onCorrupt: CorruptPolicy; skipped: SkippedItem[]; logger: Logger },
): void {
  const reason = failure.error instanceof Error ? failure.error.message : String(failure.error);
  if (policy.onCorrupt === 'stop') {
    throw new ScenarioError('DATA_CORRUPT', `${failure.path}: ${reason}`, {
      details: { path: failure.path },
      cause: failure.error,
    });
  }
  policy.skipped.push({ path: failure.path, reason });
  policy.logger.warn({ path: failure.path, reason }, 'skipping an unreadable file');
}

/** Checks a `limit` option: undefined or a positive integer. */
export function checkLimit(limit: number | undefined): void {
  if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) {
    throw new ScenarioError('INVALID_ARGUMENT', `limit must be a positive integer, got ${limit}`);
  }
}

import type { Logger } from '@scenarios/core';
import type { Interactions } from './interactions.js';

/** The data formats the adapters read. */
export const DATA_FORMATS = ['movielens', 'movielens-100k', 'csv'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

/** Options every adapter takes. */
export interface AdapterOptions {
  /** Read only the first N interaction rows (for quick runs). Default: all. */
  limit?: number;
  /** Warnings (a missing metadata file). Default: silent. */
  logger?: Logger;
}

/** What an adapter returns. */
export interface LoadedInteractions {
  format: DataFormat;
  /** The files read, for the data fingerprint. */
  files: string[];
  interactions: Interactions;
}

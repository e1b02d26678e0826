import type { tf } from '@scenarios/core';

/** The encoders a classifier can be built on. */
export const ENCODER_NAMES = ['ngram', 'use'] as const;
export type EncoderName = (typeof ENCODER_NAMES)[number];

/**
 * Turns texts into fixed-size vectors. Every encoder of the app (the trainable `ngram` bag of
 * embeddings, the Universal Sentence Encoder) answers this one interface, so the classifier head,
 * the embedding cache and the server do not care which one they have.
 */
export interface TextEncoder {
  readonly name: EncoderName;
  /** Width of each embedding. */
  readonly dim: number;
  /** One row per text, in order: a [texts.length, dim] tensor the caller disposes. */
  embed(texts: readonly string[]): Promise<tf.Tensor2D>;
  /** Frees the encoder's weights. */
  dispose(): void;
}

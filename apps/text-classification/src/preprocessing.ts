import { ScenarioError } from '@scenarios/core';
import type { TaskKind } from './datasets/labeled-texts.js';
import { checkNgramConfig, type NgramConfig } from './encoders/ngram-features.js';
import type { UseIdentity } from './encoders/use-encoder.js';

/** The `ngram` encoder as the manifest records it. */
export interface NgramSpec {
  name: 'ngram';
  dim: number;
  hash: 'fnv1a32';
  buckets: number;
  max_tokens: number;
  word_ngrams: number;
  char_min: number;
  char_max: number;
  max_chars: number;
}

/** The `use` encoder as the manifest records it: which copy, and how texts are cut. */
export interface UseSpec extends UseIdentity {
  name: 'use';
  dim: number;
  max_chars: number;
}

/** How a text becomes a decision; saved as the manifest's `preprocessing` and applied by predict and the server. */
export interface TextPreprocessing {
  kind: 'text';
  task: TaskKind;
  encoder: NgramSpec | UseSpec;
  /**
   * Binary tasks: the positive class (the second label) is chosen when its probability is at
   * least this, tuned on the validation split. Multi-label: every label at or above it. Unused
   * for multi-class (argmax).
   */
  threshold: number;
  /** E-mail input (`predict --email`): what of a message makes the text. */
  email?: { fields: ['subject', 'body']; from_domain: boolean };
}

export function ngramSpec(config: NgramConfig, dim: number): NgramSpec {
  return {
    name: 'ngram',
    dim,
    hash: 'fnv1a32',
    buckets: config.buckets,
    max_tokens: config.maxTokens,
    word_ngrams: config.wordNgrams,
    char_min: config.charMin,
    char_max: config.charMax,
    max_chars: config.maxChars,
  };
}

export function ngramConfigOf(spec: NgramSpec): NgramConfig {
  return checkNgramConfig({
    buckets: spec.buckets,
    maxTokens: spec.max_tokens,
    wordNgrams: spec.word_ngrams,
    charMin: spec.char_min,
    charMax: spec.char_max,
    maxChars: spec.max_chars,
  });
}

/** Reads the preprocessing back from a manifest; MODEL_INVALID when it is not a text classifier's. */
export function parsePreprocessing(value: Record<string, unknown>): TextPreprocessing {
  const invalid = (what: string) =>
    new ScenarioError('MODEL_INVALID', `the manifest's preprocessing ${what}: ${JSON.stringify(value).slice(0, 200)}`);
  if (value.kind !== 'text') throw invalid('is not a text input');
  if (value.task !== 'single-label' && value.task !== 'multi-label') throw invalid('has no task');
  const threshold = value.threshold;
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) throw invalid('has no threshold in [0, 1]');
  const encoder = value.encoder as Record<string, unknown> | undefined;
  const positive = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;
  if (!encoder || !positive(encoder.dim) || !positive(encoder.max_chars)) throw invalid('has no encoder');
  if (encoder.name === 'ngram') {
    try {
      ngramConfigOf(encoder as unknown as NgramSpec);
    } catch (error) {
      throw invalid(`has a bad n-gram config (${(error as Error).message})`);
    }
  } else if (encoder.name !== 'use' || typeof encoder.source !== 'string') {
    throw invalid('names an unknown encoder');
  }
  const email = value.email as TextPreprocessing['email'] | undefined;
  return {
    kind: 'text',
    task: value.task,
    encoder: encoder as unknown as NgramSpec | UseSpec,
    threshold,
    ...(email ? { email: { fields: ['subject', 'body'], from_domain: email.from_domain === true } } : {}),
  };
}

import { ScenarioError } from '@scenarios/core';

/** How the `ngram` encoder turns a text into hashed feature ids; saved in the manifest. */
export interface NgramConfig {
  /** Hash buckets (embedding rows); id 0 is padding, so features land in 1..buckets-1. */
  buckets: number;
  /** Distinct features kept per text; the rest of a long text is cut. */
  maxTokens: number;
  /** Longest word n-gram: 1 for unigrams only, 2 adds bigrams. */
  wordNgrams: number;
  /** Character n-grams of each word (with `<` and `>` marking its ends), from `charMin` to `charMax` long; 0 turns them off. */
  charMin: number;
  charMax: number;
  /** Characters of a text read at most. */
  maxChars: number;
}

/** The defaults of the `ngram` encoder: 2^18 buckets, 1,024 features, word 1-2 grams and char 3-5 grams. */
export const DEFAULT_NGRAM_CONFIG: Readonly<NgramConfig> = Object.freeze({
  buckets: 262_144,
  maxTokens: 1024,
  wordNgrams: 2,
  charMin: 3,
  charMax: 5,
  maxChars: 50_000,
});

/** Checks a configuration (from flags or a manifest); INVALID_ARGUMENT names the bad field. */
export function checkNgramConfig(config: NgramConfig): NgramConfig {
  const bad = (field: string, rule: string) =>
    new ScenarioError(
      'INVALID_ARGUMENT',
      `ngram ${field} must be ${rule}, got ${String(config[field as keyof NgramConfig])}`,
    );
  const int = (v: unknown, min: number, max: number) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
  // Ids travel as float32 in the data set: 2^24 keeps every id exact.
  if (!int(config.buckets, 2, 2 ** 24)) throw bad('buckets', 'an integer in [2, 2^24]');
  if (!int(config.maxTokens, 1, 65_536)) throw bad('maxTokens', 'an integer in [1, 65536]');
  if (!int(config.wordNgrams, 1, 4)) throw bad('wordNgrams', 'an integer in [1, 4]');
  if (!int(config.charMin, 0, 10)) throw bad('charMin', 'an integer in [0, 10]');
  if (!int(config.charMax, config.charMin, 10)) throw bad('charMax', `an integer in [charMin, 10]`);
  if (!int(config.maxChars, 1, 10_000_000)) throw bad('maxChars', 'a positive integer');
  return config;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Distinct starting points keep word, bigram and character features apart in the hash space. */
const KIND_SEED = { word: 0x77, char: 0x63 } as const;

function fnvUpdate(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME) >>> 0;
}

function hashRange(hash: number, text: string, start: number, end: number): number {
  let h = hash;
  for (let i = start; i < end; i++) h = fnvUpdate(h, text.charCodeAt(i));
  return h;
}

/** Scripts written without spaces between words: each character is a word (bigrams then pair them). */
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}';
/**
 * Words: single CJK characters, runs of other letters, marks and digits (with an inner apostrophe),
 * and the symbols that matter in mail.
 */
const WORD = new RegExp(`[${CJK}]|(?:(?![${CJK}])[\\p{L}\\p{M}\\p{N}])+(?:['’][\\p{L}\\p{M}]+)*|[$€£¥%!]`, 'gu');

/**
 * Lower-cased, NFKC-normalised words of a text, cut at `maxChars` characters.
 *
 * @example words('Hello, WORLD! 100%') // ['hello', 'world', '!', '100', '%']
 * @example words('免費電話 call') // ['免', '費', '電', '話', 'call']
 */
export function words(text: string, maxChars = DEFAULT_NGRAM_CONFIG.maxChars): string[] {
  const clipped = text.length > maxChars ? text.slice(0, maxChars) : text;
  return clipped.normalize('NFKC').toLowerCase().match(WORD) ?? [];
}

/**
 * Hashes texts into feature ids for a bag of embeddings (fastText's hashing trick): word 1..n-grams
 * first, in text order, then character n-grams of the distinct words, each feature once, until
 * `maxTokens` are found. Word features come first so that a long text contributes its vocabulary
 * from beginning to end before sub-word pieces fill what is left.
 */
export class NgramFeaturizer {
  readonly config: Readonly<NgramConfig>;
  /** `seen[id] === generation` marks an id already taken for the current text. */
  readonly #seen: Int32Array;
  #generation = 0;

  constructor(config: NgramConfig = DEFAULT_NGRAM_CONFIG) {
    this.config = Object.freeze({ ...checkNgramConfig(config) });
    this.#seen = new Int32Array(config.buckets);
  }

  /** The distinct feature ids of one text (each in 1..buckets-1), at most `maxTokens`. */
  featureIds(text: string): number[] {
    const { maxTokens, wordNgrams, charMin, charMax, buckets } = this.config;
    this.#generation = (this.#generation + 1) | 0;
    if (this.#generation === 0) {
      this.#seen.fill(0);
      this.#generation = 1;
    }
    const generation = this.#generation;
    const ids: number[] = [];
    const take = (hash: number): boolean => {
      const id = 1 + (hash % (buckets - 1));
      if (this.#seen[id] !== generation) {
        this.#seen[id] = generation;
        ids.push(id);
      }
      return ids.length >= maxTokens;
    };
    const tokens = words(text, this.config.maxChars);
    const wordHashes = tokens.map((token) => hashRange(FNV_OFFSET ^ KIND_SEED.word, token, 0, token.length));
    for (let i = 0; i < tokens.length; i++) {
      if (take(wordHashes[i] as number)) return ids;
      // An n-gram continues the hash of the one before it, with a space between words.
      let hash = wordHashes[i] as number;
      for (let n = 2; n <= wordNgrams && i + n <= tokens.length; n++) {
        const next = tokens[i + n - 1] as string;
        hash = hashRange(fnvUpdate(hash, 32), next, 0, next.length);
        if (take(hash)) return ids;
      }
    }
    if (charMin === 0) return ids;
    const done = new Set<string>();
    for (const token of tokens) {
      if (done.has(token)) continue;
      done.add(token);
      const marked = `<${token}>`;
      for (let n = charMin; n <= charMax; n++) {
        // The whole marked word is already a word feature when it is this short.
        for (let start = 0; start + n <= marked.length && n < marked.length; start++) {
          if (take(hashRange(FNV_OFFSET ^ KIND_SEED.char, marked, start, start + n))) return ids;
        }
      }
    }
    return ids;
  }

  /** Feature ids of many texts as one row-major [texts, maxTokens] array, padded with 0. */
  featurize(texts: readonly string[]): Float32Array {
    const { maxTokens } = this.config;
    const out = new Float32Array(texts.length * maxTokens);
    texts.forEach((text, row) => {
      out.set(this.featureIds(text), row * maxTokens);
    });
    return out;
  }
}

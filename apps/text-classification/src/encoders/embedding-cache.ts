import { ScenarioError, tf } from '@scenarios/core';
import type { TextEncoder } from './text-encoder.js';

/** Hit and miss counts of an embedding cache, since it was made. */
export interface CacheStats {
  hits: number;
  misses: number;
  /** Entries held now. */
  size: number;
  maxEntries: number;
}

/**
 * A bounded least-recently-used map: a `Map` keeps insertion order, so re-inserting on every hit
 * keeps the oldest entry first, and that one goes when the map is full.
 */
export class LruCache<K, V> {
  readonly maxEntries: number;
  readonly #entries = new Map<K, V>();

  constructor(maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 0) {
      throw new ScenarioError('INVALID_ARGUMENT', `cache size must be an integer >= 0, got ${maxEntries}`);
    }
    this.maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The value, marked as the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  /** Stores a value, evicting the least recently used entry when full (nothing is kept at size 0). */
  set(key: K, value: V): void {
    if (this.maxEntries === 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value as K;
      this.#entries.delete(oldest);
    }
  }
}

/**
 * An encoder that remembers the embeddings of the texts it has seen in a bounded LRU cache, so a
 * server answering the same texts again skips the encoder. Only the texts it has not seen go to
 * the inner encoder, in one call.
 */
export class CachedEncoder implements TextEncoder {
  readonly name: TextEncoder['name'];
  readonly dim: number;
  readonly #inner: TextEncoder;
  readonly #cache: LruCache<string, Float32Array>;
  #hits = 0;
  #misses = 0;

  constructor(inner: TextEncoder, options: { maxEntries: number }) {
    this.#inner = inner;
    this.name = inner.name;
    this.dim = inner.dim;
    this.#cache = new LruCache(options.maxEntries);
  }

  get stats(): CacheStats {
    return { hits: this.#hits, misses: this.#misses, size: this.#cache.size, maxEntries: this.#cache.maxEntries };
  }

  async embed(texts: readonly string[]): Promise<tf.Tensor2D> {
    const rows = new Float32Array(texts.length * this.dim);
    const missing: string[] = [];
    const missingAt = new Map<string, number[]>();
    texts.forEach((text, i) => {
      const cached = this.#cache.get(text);
      if (cached) {
        this.#hits++;
        rows.set(cached, i * this.dim);
        return;
      }
      this.#misses++;
      const at = missingAt.get(text);
      if (at) at.push(i);
      else {
        missingAt.set(text, [i]);
        missing.push(text);
      }
    });
    if (missing.length > 0) {
      const embedded = await this.#inner.embed(missing);
      const values = (await embedded.data()) as Float32Array;
      embedded.dispose();
      missing.forEach((text, j) => {
        const row = values.slice(j * this.dim, (j + 1) * this.dim);
        this.#cache.set(text, row);
        for (const i of missingAt.get(text) as number[]) rows.set(row, i * this.dim);
      });
    }
    return tf.tensor2d(rows, [texts.length, this.dim]);
  }

  dispose(): void {
    this.#inner.dispose();
  }
}

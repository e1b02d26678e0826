import { ScenarioError, tf } from '@scenarios/core';
import { describe, expect, it } from 'vitest';
import { CachedEncoder, LruCache } from './embedding-cache.js';
import type { TextEncoder } from './text-encoder.js';

/** A real (if simple) encoder: [length, number of spaces]; it records what it was asked. */
class LengthEncoder implements TextEncoder {
  readonly name = 'ngram' as const;
  readonly dim = 2;
  readonly calls: string[][] = [];
  async embed(texts: readonly string[]): Promise<tf.Tensor2D> {
    this.calls.push([...texts]);
    return tf.tensor2d(
      texts.flatMap((text) => [text.length, text.split(' ').length - 1]),
      [texts.length, 2],
    );
  }
  dispose(): void {}
}

describe('LruCache', () => {
  it('evicts the least recently used entry when full', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('keeps nothing at size 0 and refuses a negative size', () => {
    const cache = new LruCache<string, number>(0);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
    expect(() => new LruCache(-1)).toThrow(ScenarioError);
  });
});

describe('CachedEncoder', () => {
  it('embeds only texts it has not seen, once each, and returns rows in request order', async () => {
    const inner = new LengthEncoder();
    const cached = new CachedEncoder(inner, { maxEntries: 10 });
    const before = tf.memory().numTensors;
    const first = await cached.embed(['a b', 'ccc', 'a b']);
    expect(Array.from(first.dataSync())).toEqual([3, 1, 3, 0, 3, 1]);
    const second = await cached.embed(['ccc', 'dd dd', 'a b']);
    expect(Array.from(second.dataSync())).toEqual([3, 0, 5, 1, 3, 1]);
    expect(inner.calls).toEqual([['a b', 'ccc'], ['dd dd']]);
    expect(cached.stats).toEqual({ hits: 2, misses: 4, size: 3, maxEntries: 10 });
    tf.dispose([first, second]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

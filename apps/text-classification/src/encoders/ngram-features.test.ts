import { ScenarioError } from '@scenarios/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NGRAM_CONFIG, NgramFeaturizer, words } from './ngram-features.js';

const config = { ...DEFAULT_NGRAM_CONFIG, buckets: 1 << 20, charMin: 0, charMax: 0 };

describe('words', () => {
  it('lower-cases, normalises and keeps the symbols that matter in mail', () => {
    expect(words('Hello, WORLD! 100% — don’t pay $5')).toEqual([
      'hello',
      'world',
      '!',
      '100',
      '%',
      'don’t',
      'pay',
      '$',
      '5',
    ]);
    // NFKC folds the full-width letters and the ligature.
    expect(words('ＦＲＥＥ ﬁnance')).toEqual(['free', 'finance']);
    expect(words('abcdef', 3)).toEqual(['abc']);
  });
});

describe('NgramFeaturizer', () => {
  it('gives one id per distinct unigram and bigram, in text order, all in 1..buckets-1', () => {
    const featurizer = new NgramFeaturizer(config);
    const ids = featurizer.featureIds('a b a b');
    // a, (a b), b, (b a), then a and (a b) and b again: 4 distinct features.
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    for (const id of ids) expect(id >= 1 && id < config.buckets).toBe(true);
    const [a, ab, b, ba] = ids;
    expect(featurizer.featureIds('a')).toEqual([a]);
    expect(featurizer.featureIds('b a')).toEqual([b, ba, a]);
    expect(featurizer.featureIds('A, B')).toEqual([a, ab, b]);
  });

  it('adds character n-grams of each distinct word after the word features', () => {
    const featurizer = new NgramFeaturizer({ ...config, wordNgrams: 1, charMin: 3, charMax: 3 });
    const ids = featurizer.featureIds('cat cat');
    // 'cat', then the 3-grams of '<cat>': <ca, cat, at> (cat as a char gram is hashed apart from the word).
    expect(ids).toHaveLength(4);
    expect(ids[0]).toBe(new NgramFeaturizer({ ...config, wordNgrams: 1 }).featureIds('cat')[0]);
  });

  it('stops at maxTokens and pads featurize rows with 0', () => {
    const featurizer = new NgramFeaturizer({ ...config, maxTokens: 3 });
    expect(featurizer.featureIds('one two three four')).toHaveLength(3);
    const rows = featurizer.featurize(['one', '', 'one two three four']);
    expect(rows).toHaveLength(9);
    expect(Array.from(rows.subarray(0, 3)).filter((id) => id !== 0)).toHaveLength(1);
    expect(Array.from(rows.subarray(3, 6))).toEqual([0, 0, 0]);
    expect(Array.from(rows.subarray(6, 9)).every((id) => id > 0)).toBe(true);
  });

  it('hashes the same text to the same ids in any featurizer with the same config', () => {
    const text = 'Cheap meds, limited offer: reply now';
    expect(new NgramFeaturizer(DEFAULT_NGRAM_CONFIG).featureIds(text)).toEqual(
      new NgramFeaturizer(DEFAULT_NGRAM_CONFIG).featureIds(text),
    );
  });

  it('refuses a config that cannot work', () => {
    expect(() => new NgramFeaturizer({ ...config, buckets: 2 ** 25 })).toThrow(ScenarioError);
    expect(() => new NgramFeaturizer({ ...config, charMin: 4, charMax: 3 })).toThrow(/charMax/);
    expect(() => new NgramFeaturizer({ ...config, maxTokens: 0 })).toThrow(/maxTokens/);
  });
});

import { ScenarioError } from '@scenarios/core';
import { describe, expect, it } from 'vitest';
import { rowsOfSplit, sampleRows, splitTexts } from './split.js';

describe('splitTexts', () => {
  const texts = Array.from({ length: 100 }, (_, i) =>
    i % 10 === 0 ? 'same text' : i % 7 === 0 ? 'seven' : `text ${i}`,
  );
  const strata = Int32Array.from({ length: 100 }, (_, i) => (i < 30 ? 1 : 0));

  it('keeps every set of equal texts inside one split and reports how many duplicates it found', () => {
    const split = splitTexts({ texts, strata, seed: 3 });
    const partOf = new Map<number, string>();
    for (const name of ['train', 'validation', 'test'] as const) for (const row of split[name]) partOf.set(row, name);
    expect(partOf.size).toBe(100);
    const parts = (text: string) => new Set(texts.flatMap((t, i) => (t === text ? [partOf.get(i)] : [])));
    expect(parts('same text').size).toBe(1);
    expect(parts('seven').size).toBe(1);
    // 10 copies of 'same text' and 'seven' at 7, 14, 21, 28, 35, 42, 49, 56, 63, 77, 84, 91, 98 (70 is 'same text'):
    // 9 + 12 texts equal to an earlier one, in 2 groups.
    expect(split.duplicates).toBe(21);
    expect(split.duplicateGroups).toBe(2);
  });

  it('splits the distinct texts 70/10/20 by stratum, the same way for the same seed', () => {
    const unique = Array.from({ length: 200 }, (_, i) => `t${i}`);
    const classes = Int32Array.from({ length: 200 }, (_, i) => (i < 50 ? 1 : 0));
    const split = splitTexts({ texts: unique, strata: classes, seed: 1 });
    expect([split.train.length, split.validation.length, split.test.length]).toEqual([140, 20, 40]);
    expect(Array.from(split.test).filter((row) => row < 50)).toHaveLength(10);
    expect(splitTexts({ texts: unique, strata: classes, seed: 1 })).toEqual(split);
    expect(splitTexts({ texts: unique, strata: classes, seed: 2 }).test).not.toEqual(split.test);
    expect(rowsOfSplit(split, 'all', 200)).toHaveLength(200);
  });

  it('refuses strata that do not match the texts', () => {
    expect(() => splitTexts({ texts: ['a'], strata: [0, 1] })).toThrow(ScenarioError);
  });
});

describe('sampleRows', () => {
  it('takes a stratified sample of the requested size, or everything', () => {
    const strata = Int32Array.from({ length: 100 }, (_, i) => (i < 20 ? 1 : 0));
    const sample = sampleRows(strata, { limit: 50, seed: 0 });
    expect(sample).toHaveLength(50);
    expect(Array.from(sample).filter((row) => row < 20)).toHaveLength(10);
    expect(sampleRows(strata, { limit: 500, seed: 0 })).toHaveLength(100);
  });
});

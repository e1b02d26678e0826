import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import { ArrayDataset } from './array-dataset.js';
import { createRng } from './random.js';

/** Five 2x2 uint8 "images" whose pixels encode their index i: 10i, 10i+1, 10i+2, 10i+3; labels 100+i. */
const makeDataset = () =>
  new ArrayDataset({
    inputs: Uint8Array.from({ length: 20 }, (_, k) => 10 * Math.floor(k / 4) + (k % 4)),
    inputShape: [2, 2],
    targets: Int32Array.of(100, 101, 102, 103, 104),
    inputScale: 0.5,
  });

/** Reads all batches of one pass and disposes them, returning values, shapes and dtypes. */
const collect = (ds: ArrayDataset, options: Parameters<ArrayDataset['batches']>[0]) =>
  [...ds.batches(options)].map(({ xs, ys }) => {
    const out = {
      x: [...xs.dataSync()],
      y: [...ys.dataSync()],
      xShape: xs.shape,
      yShape: ys.shape,
      dtypes: [xs.dtype, ys.dtype],
    };
    tf.dispose([xs, ys]);
    return out;
  });

let tensorsBefore = 0;
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

describe('ArrayDataset', () => {
  it('describes its examples', () => {
    const ds = makeDataset();
    expect(ds.size).toBe(5);
    expect(ds.elementSpec).toEqual({ x: { shape: [2, 2], dtype: 'float32' }, y: { shape: [], dtype: 'int32' } });
    expect(ds.labels?.()).toEqual(Int32Array.of(100, 101, 102, 103, 104));
  });

  it('builds batches in order, scaled, with a partial last batch by default', () => {
    const batches = collect(makeDataset(), { batchSize: 2 });
    expect(batches.map((b) => b.xShape)).toEqual([
      [2, 2, 2],
      [2, 2, 2],
      [1, 2, 2],
    ]);
    expect(batches.map((b) => b.yShape)).toEqual([[2], [2], [1]]);
    expect(batches[0]?.dtypes).toEqual(['float32', 'int32']);
    expect(batches[0]?.x).toEqual([0, 0.5, 1, 1.5, 5, 5.5, 6, 6.5]);
    expect(batches.map((b) => b.y)).toEqual([[100, 101], [102, 103], [104]]);
    expect(collect(makeDataset(), { batchSize: 2, includePartial: false }).map((b) => b.y)).toEqual([
      [100, 101],
      [102, 103],
    ]);
    expect(collect(makeDataset(), { batchSize: 10 }).map((b) => b.y)).toEqual([[100, 101, 102, 103, 104]]);
  });

  it('shuffles by seed: the same seed gives the same order, the order of createRng(seed)', () => {
    const ds = new ArrayDataset({
      inputs: new Float32Array(64),
      inputShape: [1],
      targets: Int32Array.from({ length: 64 }, (_, i) => i),
    });
    const order = (seed: number) => collect(ds, { batchSize: 10, shuffle: true, seed }).flatMap((b) => b.y);
    expect(order(3)).toEqual([...createRng(3).shuffledIndices(64)]);
    expect(order(3)).toEqual(order(3));
    expect(order(4)).not.toEqual(order(3));
    expect([...order(4)].sort((a, b) => a - b)).toEqual(Array.from({ length: 64 }, (_, i) => i));
    expect(collect(ds, { batchSize: 64, shuffle: true }).flatMap((b) => b.y)).toEqual(order(0));
  });

  it('makes zero-copy subsets, composable, in the order given', () => {
    const inputs = Uint8Array.from({ length: 20 }, (_, k) => 10 * Math.floor(k / 4) + (k % 4));
    const ds = new ArrayDataset({ inputs, inputShape: [2, 2], targets: Int32Array.of(100, 101, 102, 103, 104) });
    const view = ds.subset([4, 1, 3]);
    expect(view.size).toBe(3);
    expect(view.labels?.()).toEqual(Int32Array.of(104, 101, 103));
    const inner = view.subset(Int32Array.of(2, 0));
    expect(inner.labels?.()).toEqual(Int32Array.of(103, 104));
    expect(collect(inner, { batchSize: 4 })[0]?.x).toEqual([30, 31, 32, 33, 40, 41, 42, 43]);
    // The view shares the arrays: a change to them shows through.
    inputs[12] = 99;
    expect(collect(inner, { batchSize: 1 })[0]?.x).toEqual([99, 31, 32, 33]);
    expect(() => view.subset([3])).toThrow(ScenarioError);
    expect(() => view.subset([-1])).toThrow(ScenarioError);
  });

  it('carries float targets with a shape and has no labels then', () => {
    const ds = new ArrayDataset({
      inputs: Float32Array.of(1, 2, 3),
      inputShape: [1],
      targets: Float32Array.of(0.5, 1.5, 2.5, 3.5, 4.5, 5.5),
      targetShape: [2],
    });
    expect(ds.elementSpec.y).toEqual({ shape: [2], dtype: 'float32' });
    expect(ds.labels).toBeUndefined();
    const [batch] = collect(ds.subset([2, 0]), { batchSize: 2 });
    expect(batch).toMatchObject({ x: [3, 1], y: [4.5, 5.5, 0.5, 1.5], yShape: [2, 2], dtypes: ['float32', 'float32'] });
  });

  it('builds each batch only when asked, so stopping early leaks nothing', () => {
    const ds = makeDataset();
    const pass = ds.batches({ batchSize: 1 });
    const first = pass.next();
    expect(tf.memory().numTensors).toBe(tensorsBefore + 2);
    if (!first.done) tf.dispose([first.value.xs, first.value.ys]);
    pass.return?.();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('rejects arrays that do not agree and bad batch sizes', () => {
    expect(() => new ArrayDataset({ inputs: new Uint8Array(7), inputShape: [2], targets: new Int32Array(4) })).toThrow(
      /7 input values of shape \[2\] and 4 target values/,
    );
    expect(
      () => new ArrayDataset({ inputs: new Uint8Array(4), inputShape: [2], targets: new Int32Array(2), rows: [2] }),
    ).toThrow(/row 2 is outside \[0, 2\)/);
    expect(() => [...makeDataset().batches({ batchSize: 0 })]).toThrow(/batchSize must be a positive integer/);
  });
});

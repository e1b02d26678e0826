import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tf } from '@scenarios/core';

/** Width of the miniature encoder's embeddings: USE's own 512. */
export const MINI_USE_DIM = 512;

/**
 * The miniature vocabulary: USE's six reserved symbols, then word pieces (with the SentencePiece
 * word-start mark `▁`) and single letters so that every lower-case text has a tokenisation.
 */
export const MINI_VOCAB: [string, number][] = [
  ['<unk>', 0],
  ['<s>', 0],
  ['</s>', 0],
  ['<pad>', 0],
  ['<r1>', 0],
  ['<r2>', 0],
  ['▁', -2],
  ['▁hello', -1],
  ['▁world', -1],
  ['▁free', -1],
  ['▁money', -1],
  ['▁meeting', -1],
  ['▁lunch', -1],
  ...'abcdefghijklmnopqrstuvwxyz'.split('').map((letter): [string, number] => [letter, -5]),
];

/** Row `id` of the miniature embedding table: a fixed pattern, different for every id. */
export function miniEmbeddingRow(id: number): Float32Array {
  return Float32Array.from({ length: MINI_USE_DIM }, (_, j) => Math.sin((id + 1) * 0.37 + j * 0.11) * 0.8);
}

/** What the miniature model gives for one text's token ids: tanh of the mean of their rows. */
export function miniEmbedding(ids: readonly number[]): Float32Array {
  const sum = new Float32Array(MINI_USE_DIM);
  for (const id of ids) {
    for (const [j, v] of miniEmbeddingRow(id).entries()) sum[j] = (sum[j] as number) + v;
  }
  return sum.map((v) => Math.tanh(v / ids.length));
}

const int32 = { type: 'DT_INT32' };
const dims = (...sizes: number[]) => ({ dim: sizes.map((size) => ({ size: String(size) })) });
const constNode = (name: string, dtype: string) => ({ name, op: 'Const', attr: { dtype: { type: dtype } } });

/**
 * Writes a miniature Universal Sentence Encoder to `dir` in the format the real one is published
 * in: a tfjs graph model (`model.json` with a TensorFlow GraphDef, weights in two shards) and a
 * SentencePiece `vocab.json`. Like USE it takes `indices` int32 [n, 2] (text, position) and `values`
 * int32 [n] (token ids) and gives a [texts, 512] embedding: here tanh(SparseSegmentMean(table,
 * values, indices[:, 0])), a TensorFlow embedding-bag lookup over a table with `MINI_VOCAB.length` rows.
 */
export async function writeMiniUse(dir: string, options: { inputNames?: [string, string] } = {}): Promise<string> {
  const [indicesName, valuesName] = options.inputNames ?? ['indices', 'values'];
  const rows = MINI_VOCAB.length;
  const table = new Float32Array(rows * MINI_USE_DIM);
  for (let id = 0; id < rows; id++) table.set(miniEmbeddingRow(id), id * MINI_USE_DIM);
  const tensors = {
    'Encoder/embeddings': tf.tensor2d(table, [rows, MINI_USE_DIM]),
    'Encoder/slice_begin': tf.tensor1d([0, 0], 'int32'),
    'Encoder/slice_end': tf.tensor1d([0, 1], 'int32'),
    'Encoder/slice_strides': tf.tensor1d([1, 1], 'int32'),
  };
  const { data, specs } = await tf.io.encodeWeights(tensors);
  tf.dispose(Object.values(tensors));
  const bytes = new Uint8Array(data as ArrayBuffer);
  const cut = Math.floor(bytes.length / 2);
  const modelJson = {
    format: 'graph-model',
    generatedBy: '2.x',
    convertedBy: 'text-classification test (miniature USE)',
    modelTopology: {
      node: [
        { name: indicesName, op: 'Placeholder', attr: { dtype: int32, shape: { shape: dims(-1, 2) } } },
        { name: valuesName, op: 'Placeholder', attr: { dtype: int32, shape: { shape: dims(-1) } } },
        constNode('Encoder/embeddings', 'DT_FLOAT'),
        constNode('Encoder/slice_begin', 'DT_INT32'),
        constNode('Encoder/slice_end', 'DT_INT32'),
        constNode('Encoder/slice_strides', 'DT_INT32'),
        {
          name: 'Encoder/segment_ids',
          op: 'StridedSlice',
          input: [indicesName, 'Encoder/slice_begin', 'Encoder/slice_end', 'Encoder/slice_strides'],
          attr: { T: int32, Index: int32, begin_mask: { i: '1' }, end_mask: { i: '1' }, shrink_axis_mask: { i: '2' } },
        },
        {
          name: 'Encoder/mean',
          op: 'SparseSegmentMean',
          input: ['Encoder/embeddings', valuesName, 'Encoder/segment_ids'],
          attr: { T: { type: 'DT_FLOAT' }, Tidx: int32, Tsegmentids: int32 },
        },
        { name: 'Encoder/embedding', op: 'Tanh', input: ['Encoder/mean'], attr: { T: { type: 'DT_FLOAT' } } },
      ],
      library: {},
      versions: { producer: 1482 },
    },
    weightsManifest: [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: specs }],
  };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'model.json'), JSON.stringify(modelJson));
  await writeFile(join(dir, 'group1-shard1of2.bin'), bytes.subarray(0, cut));
  await writeFile(join(dir, 'group1-shard2of2.bin'), bytes.subarray(cut));
  await writeFile(join(dir, 'vocab.json'), JSON.stringify(MINI_VOCAB));
  return dir;
}

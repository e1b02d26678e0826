import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScenarioError, tf } from '@scenarios/core';
import * as tfCore from '@tensorflow/tfjs-core';
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINI_USE_DIM, MINI_VOCAB, miniEmbedding, writeMiniUse } from '../test-support/mini-use.js';
import { parseVocabulary, USE_MODEL_DIR_ENV, UseEncoder } from './use-encoder.js';

let dir: string;
let modelDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'use-encoder-'));
  modelDir = await writeMiniUse(join(dir, 'mini-use'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function expectRows(actual: Float32Array, expected: Float32Array[]): void {
  expect(actual.length).toBe(expected.length * MINI_USE_DIM);
  expected.forEach((row, i) => {
    for (let j = 0; j < MINI_USE_DIM; j += 97) expect(actual[i * MINI_USE_DIM + j]).toBeCloseTo(row[j] as number, 5);
  });
}

describe('UseEncoder with a miniature USE saved in the published format', () => {
  it('loads model.json, both weight shards and vocab.json from a directory, and embeds through the package', async () => {
    const before = tf.memory().numTensors;
    const encoder = await UseEncoder.load({ dir: modelDir });
    expect(encoder.dim).toBe(512);
    expect(encoder.identity.source).toBe(modelDir);
    expect(encoder.identity.model_json_sha256).toMatch(/^[0-9a-f]{64}$/);
    // Vocabulary ids 7 to 12 are ▁hello ▁world ▁free ▁money ▁meeting ▁lunch.
    const embeddings = await encoder.embed(['hello world', 'free money', 'lunch']);
    expect(embeddings.shape).toEqual([3, 512]);
    expectRows((await embeddings.data()) as Float32Array, [
      miniEmbedding([7, 8]),
      miniEmbedding([9, 10]),
      miniEmbedding([12]),
    ]);
    // One tfjs: the tensor the package made lives in core's engine and is core's Tensor class.
    expect(embeddings).toBeInstanceOf(tf.Tensor);
    expect(tfCore.engine()).toBe(tf.engine());
    embeddings.dispose();
    encoder.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("tokenises with the package's SentencePiece tokenizer and the vocabulary from disk", () => {
    const tokenizer = new Tokenizer(MINI_VOCAB);
    expect(tokenizer.encode('hello world')).toEqual([7, 8]);
    expect(tokenizer.encode('free lunch')).toEqual([9, 12]);
    // A word missing from the vocabulary falls back to ▁ and single letters (a = 13): ▁ b y e.
    expect(tokenizer.encode('bye')).toEqual([6, 14, 37, 17]);
  });

  it('gives the same rows in batches of any size, cuts long texts and keeps a row for an empty text', async () => {
    const texts = ['hello', 'world', 'free money', '', 'meeting', `lunch ${'a'.repeat(50)}`];
    const small = await UseEncoder.load({ dir: modelDir }, { batchSize: 2, maxChars: 5 });
    const large = await UseEncoder.load({ dir: modelDir }, { batchSize: 64, maxChars: 5 });
    const [a, b] = await Promise.all([small.embed(texts), large.embed(texts)]);
    expect(a.shape).toEqual([6, 512]);
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    const values = (await a.data()) as Float32Array;
    // '' becomes ' ' (▁▁, two ▁ pieces); 'lunch aaaa...' is cut to 'lunch'.
    expectRows(values.subarray(3 * 512, 4 * 512), [miniEmbedding([6, 6])]);
    expectRows(values.subarray(5 * 512), [miniEmbedding([12])]);
    tf.dispose([a, b]);
    small.dispose();
    large.dispose();
  });

  it(`reads the directory from ${USE_MODEL_DIR_ENV} when no source is given`, async () => {
    process.env[USE_MODEL_DIR_ENV] = modelDir;
    try {
      const encoder = await UseEncoder.load();
      expect(encoder.identity.source).toBe(modelDir);
      encoder.dispose();
    } finally {
      delete process.env[USE_MODEL_DIR_ENV];
    }
  });

  it('refuses a model without the indices and values inputs, a missing or malformed vocabulary', async () => {
    const renamed = await writeMiniUse(join(dir, 'renamed'), { inputNames: ['ids', 'positions'] });
    await expect(UseEncoder.load({ dir: renamed })).rejects.toMatchObject({ code: 'MODEL_INVALID' });
    const noVocab = await writeMiniUse(join(dir, 'no-vocab'));
    await rm(join(noVocab, 'vocab.json'));
    await expect(UseEncoder.load({ dir: noVocab })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    const badVocab = await writeMiniUse(join(dir, 'bad-vocab'));
    await writeFile(join(badVocab, 'vocab.json'), '{"not": "a list"}');
    await expect(UseEncoder.load({ dir: badVocab })).rejects.toMatchObject({ code: 'MODEL_INVALID' });
    await expect(UseEncoder.load({ dir: join(dir, 'missing') })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });

  it('reports a download that fails as MODEL_NOT_FOUND with the offline way out', async () => {
    const error = await UseEncoder.load({
      modelUrl: 'http://127.0.0.1:9/model.json',
      vocabUrl: 'http://127.0.0.1:9/vocab.json',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioError);
    expect(error).toMatchObject({ code: 'MODEL_NOT_FOUND' });
    expect((error as Error).message).toContain('--use-model');
  });
});

describe('parseVocabulary', () => {
  it('takes [piece, score] pairs and refuses anything else', () => {
    expect(parseVocabulary(Buffer.from('[["a", -1], ["b", 0]]'), 'v')).toEqual([
      ['a', -1],
      ['b', 0],
    ]);
    for (const bad of ['[]', '[["a"]]', '[[1, 2]]', 'nope']) {
      expect(() => parseVocabulary(Buffer.from(bad), 'v')).toThrow(ScenarioError);
    }
  });
});

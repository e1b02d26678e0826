import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildMlp } from '../models/mlp.js';
import { JsonlLog } from './jsonl-log.js';
import { gaussianBlobs } from './test-support/gaussian-blobs.js';
import { train } from './train.js';

describe('JsonlLog', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jsonl-log-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const readLines = async (path: string) =>
    (await readFile(path, 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('writes one JSON object per epoch, equal to the history, into a directory it creates', async () => {
    const path = join(dir, 'runs', 'one', 'metrics.jsonl');
    const model = buildMlp({ inputShape: [2], hiddenUnits: [4], numClasses: 2 });
    const history = await train(model, {
      trainData: gaussianBlobs({ n: 64, seed: 1 }),
      validationData: gaussianBlobs({ n: 32, seed: 2 }),
      epochs: 2,
      callbacks: [new JsonlLog({ path })],
    });
    const lines = await readLines(path);
    expect(lines).toHaveLength(2);
    lines.forEach((line, epoch) => {
      const { type, time, ...values } = line;
      expect(type).toBe('epoch');
      expect(new Date(time as string).toISOString()).toBe(time);
      expect(values).toEqual(history.epochs[epoch]);
    });
    model.dispose();
  });

  it('adds a line per batch when asked, and appends to what is there', async () => {
    const path = join(dir, 'metrics.jsonl');
    const model = buildMlp({ inputShape: [2], hiddenUnits: [4], numClasses: 2 });
    const options = { trainData: gaussianBlobs({ n: 40, seed: 1 }), epochs: 2, batchSize: 16 };
    await train(model, { ...options, callbacks: [new JsonlLog({ path, perBatch: true })] });
    const lines = await readLines(path);
    // 40 examples in batches of 16: 3 batches (16, 16, 8), then the epoch line; twice.
    expect(lines.map((line) => `${line.type}:${line.epoch}:${line.batch ?? ''}:${line.size ?? ''}`)).toEqual([
      'batch:0:0:16',
      'batch:0:1:16',
      'batch:0:2:8',
      'epoch:0::',
      'batch:1:0:16',
      'batch:1:1:16',
      'batch:1:2:8',
      'epoch:1::',
    ]);
    expect(typeof lines[0]?.loss).toBe('number');
    expect(typeof lines[0]?.accuracy).toBe('number');

    await train(model, { ...options, callbacks: [new JsonlLog({ path })] });
    expect(await readLines(path)).toHaveLength(8 + 2);
    model.dispose();
  });
});

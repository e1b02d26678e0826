import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNodeScript, startChildServer } from '@scenarios/core/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedbackStore } from './feedback/feedback-store.js';
import { itemId, syntheticData, userId, writeMovieLensCsv } from './test-support/synthetic-data.js';

// The built command: turbo builds the package before testing it.
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

const run = (...args: string[]) => runNodeScript(cli, args);

const TINY = [
  '--epochs',
  '30',
  '--batch-size',
  '32',
  '--factors',
  '8',
  '--history-length',
  '3',
  '--learning-rate',
  '0.05',
  '--rating-epochs',
  '60',
  '--rating-batch-size',
  '32',
  '--rating-factors',
  '4',
  '--rating-learning-rate',
  '0.02',
  '--rating-l2',
  '0.05',
  '--rating-row-l2',
  '0.1',
  '--seed',
  '1',
];

let root: string;
const data = () => join(root, 'ml');
const model = () => join(root, 'model');

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'rec-cli-'));
  await writeMovieLensCsv(data(), syntheticData());
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('recommendation CLI', () => {
  it('train saves a model and prints one summary line; logs go to stderr', async () => {
    const out = await run('train', '--data', data(), '--out', model(), ...TINY);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(
      /^saved ml-recommender version \d{8}T\d{6}Z to .*: rmse \d\.\d{4}, mae \d\.\d{4}, hit_rate@10 \d\.\d{4} \(popularity \d\.\d{4}\), ndcg@10 \d\.\d{4} \(popularity \d\.\d{4}\), backend \w+\n$/,
    );
    expect(out.stderr).toContain('ranking model epoch 30/30');
    expect(out.stderr).toContain('rating model epoch 60/60');
  });

  it('evaluate --json prints exactly one JSON object with the contract keys', async () => {
    const out = await run('evaluate', '--model', model(), '--data', data(), '--json');
    expect(out.code, out.stderr).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0] as string);
    expect(Object.keys(result)).toEqual(['scenario', 'dataset', 'split', 'n', 'metrics', 'backend']);
    expect(result).toMatchObject({ scenario: 'recommendation', dataset: 'ml', split: 'test', n: 24 });
    const manifest = JSON.parse(await readFile(join(model(), 'manifest.json'), 'utf8'));
    expect(result.metrics).toEqual(manifest.metrics);
    const text = await run('evaluate', '--model', model(), '--data', data());
    expect(text.stdout).toMatch(/HR@10\s+\d\.\d{4}\s+\d\.\d{4}/);
    expect(text.stdout).toContain('RMSE');
  });

  it('predict lists recommendations and similar items, applying stored feedback', async () => {
    const user = userId(3);
    const first = await run('predict', '--model', model(), '--k', '2', '--json', String(user));
    expect(first.code, first.stderr).toBe(0);
    const top = JSON.parse(first.stdout).results[0].recommendations[0].item as number;
    const store = FeedbackStore.open(`${model()}.feedback.sqlite`);
    store.insertMany([{ user, item: top, timestamp: 1 }]);
    store.close();
    const after = await run('predict', '--model', model(), '--k', '2', '--json', String(user));
    expect(JSON.parse(after.stdout).results[0].recommendations.map((r: { item: number }) => r.item)).not.toContain(top);
    const text = await run('predict', '--model', model(), '--k', '3', '--genre', 'Horror', '424242');
    expect(text.stdout).toMatch(/^user 424242 \(popular\):\n {2}1\. \d+ Movie .*\[Horror\] score \d/);
    const similar = await run('predict', '--model', model(), '--similar', '--k', '2', String(itemId(0)));
    expect(similar.stdout).toMatch(/^similar to 7 Movie 0, part 1 \(1990\):\n {2}1\. /);
  });

  it('retrain merges the stored feedback into a new model with the old settings, flags overriding them', async () => {
    const out = await run(
      'retrain',
      ...['--model', model(), '--data', data(), '--out', join(root, 'retrained'), '--sampled-negatives', '8'],
    );
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toContain('merging stored feedback (feedback=');
    const manifest = JSON.parse(await readFile(join(root, 'retrained', 'manifest.json'), 'utf8'));
    expect(manifest.training.config).toMatchObject({
      data: { feedback_rows: 1 },
      ranking: { factors: 8, historyLength: 3, epochs: 30, sampledNegatives: 8 },
      rating: { factors: 4, rowL2: 0.1 },
    });
    expect(manifest.training.seed).toBe(1);
  });

  it('serve answers on 127.0.0.1 and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [cli, 'serve', '--model', model(), '--port', '0'], { stdio: 'pipe' });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
        if (match) resolve(match[1] as string);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const res = await fetch(`${url}/v1/users/${userId(1)}/recommendations?k=2`);
    expect(res.status).toBe(200);
    const posted = await fetch(`${url}/v1/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 1, item: itemId(5), timestamp: 77 }),
    });
    expect(posted.status).toBe(201);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('serve --processes 2 shares the port and the feedback: feedback sent to one process excludes the item in both', async () => {
    const feedback = join(root, 'two-processes.sqlite');
    const server = await startChildServer({
      cli,
      args: ['serve', '--model', model(), '--port', '0', '--processes', '2', '--feedback', feedback],
    });
    try {
      // A new connection per request, so that the two processes take turns.
      const top = async () => {
        const res = await fetch(`${server.url}/v1/users/${userId(2)}/recommendations?k=1`, {
          headers: { connection: 'close' },
        });
        expect(res.status).toBe(200);
        return ((await res.json()) as { recommendations: { item: number }[] }).recommendations[0]?.item;
      };
      const first = await top();
      expect(first).toBeDefined();
      const posted = await fetch(`${server.url}/v1/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', connection: 'close' },
        body: JSON.stringify({ user: userId(2), item: first, timestamp: 88 }),
      });
      expect(posted.status).toBe(201);
      const after = await Promise.all(Array.from({ length: 6 }, top));
      expect(after).not.toContain(first);
    } finally {
      await server.stop();
    }
    const store = FeedbackStore.open(feedback, { readonly: true });
    expect(store.count()).toBe(1);
    store.close();
  });

  it('exits 2 with a message on bad usage and bad input, writing nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['train', '--out', join(root, 'x')], /--data is required/],
      [['train', '--data', data(), '--out', join(root, 'x'), '--epochs', '0'], /--epochs must be an integer >= 1/],
      [['train', '--data', join(root, 'nowhere'), '--out', join(root, 'x')], /does not exist/],
      [['train', '--data', data(), '--out', join(root, 'x'), '--bogus'], /Unknown option/],
      [['predict', '--model', model(), 'abc'], /user id must be an integer id/],
      [['predict', '--model', model(), '--k', '500', '1'], /--k must be at most 100/],
      [['evaluate', '--model', join(root, 'nope'), '--data', data()], /no model directory/],
      [['frobnicate'], /unknown command/],
    ];
    for (const [args, message] of cases) {
      const out = await run(...args);
      expect(out.code, args.join(' ')).toBe(2);
      expect(out.stderr).toMatch(message);
    }
    expect(existsSync(join(root, 'x'))).toBe(false);
  });
});

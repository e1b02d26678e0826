import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNodeScript } from '@scenarios/core/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTML_IN_MIXED_EMAIL, writeCorpus } from './test-support/emails.js';
import { topicRows, writeTopicCsv } from './test-support/texts.js';

// The built command: turbo builds the package before testing it.
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const SMALL = ['--buckets', '4096', '--dim', '16', '--epochs', '8', '--learning-rate', '0.05', '--batch-size', '16'];

const run = (...args: string[]) => runNodeScript(cli, args);

let root: string;
let csv: string;
const model = () => join(root, 'topics-model');

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tc-cli-'));
  csv = await writeTopicCsv(join(root, 'topics.csv'), topicRows({ perTopic: 40 }));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('text-classification CLI on a CSV file', () => {
  it('train saves a model and prints its held-out figures', async () => {
    const out = await run(
      'train',
      '--data',
      csv,
      '--out',
      model(),
      '--text-column',
      'body',
      '--label-column',
      'topic',
      ...SMALL,
    );
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(
      /^saved topics-ngram version \d{8}T\d{6}Z to .*: test accuracy (0\.9\d+|1\.0000), macro F1/,
    );
    expect(out.stderr).toContain('0 duplicate text(s)');
    expect(existsSync(join(model(), 'manifest.json'))).toBe(true);
  });

  it('evaluate --json prints exactly one JSON object with the contract fields', async () => {
    const out = await run('evaluate', '--model', model(), '--data', csv, '--json');
    expect(out.code).toBe(0);
    const result = JSON.parse(out.stdout);
    expect(result).toMatchObject({
      scenario: 'text-classification',
      dataset: 'topics',
      split: 'test',
      n: 24,
      backend: 'wasm',
    });
    expect(Object.keys(result.metrics)).toEqual(
      expect.arrayContaining(['accuracy', 'macro_f1', 'per_class', 'roc_auc', 'confusion_matrix', 'threshold']),
    );
    const text = await run('evaluate', '--model', model(), '--data', csv, '--split', 'all');
    expect(text.stdout).toMatch(/topics all: n 120, accuracy/);
  });

  it('predict prints the label and scores of each text', async () => {
    const out = await run('predict', '--model', model(), '--json', 'goal for the team', 'the senate vote');
    expect(out.code).toBe(0);
    const { results } = JSON.parse(out.stdout);
    expect(results.map((r: { labels: string[] }) => r.labels)).toEqual([['sports'], ['politics']]);
  });

  it('bad usage and bad input exit with 2 and a message', async () => {
    const cases: [string[], RegExp][] = [
      [['train', '--data', csv], /--out is required/],
      [['train', '--data', csv, '--out', join(root, 'x'), '--encoder', 'bert'], /--encoder must be one of ngram, use/],
      [['train', '--data', csv, '--out', join(root, 'x'), '--char-ngrams', '5-3'], /--char-ngrams|charMax/],
      [
        ['train', '--data', csv, '--out', join(root, 'x'), '--encoder', 'use', '--dim', '8'],
        /apply to --encoder ngram/,
      ],
      [
        [
          'train',
          '--data',
          csv,
          '--out',
          join(root, 'x'),
          '--text-column',
          'body',
          '--label-column',
          'topic',
          '--encoder',
          'use',
          '--use-model',
          join(root, 'no-use'),
        ],
        /no model\.json/,
      ],
      [['train', '--data', csv, '--out', join(root, 'x')], /missing column\(s\) text, label/],
      [['train', '--data', join(root, 'missing.csv'), '--out', join(root, 'x')], /missing\.csv/],
      [['evaluate', '--model', join(root, 'nothing'), '--data', csv], /no model directory/],
      [['predict', '--model', model()], /give at least one text/],
      [['serve', '--model', model(), '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const out = await run(...args);
      expect([args.join(' '), out.code]).toEqual([args.join(' '), 2]);
      expect(out.stderr).toMatch(message);
    }
    expect(existsSync(join(root, 'x'))).toBe(false);
  });

  it('serve answers over HTTP and drains on SIGTERM with exit 0', async () => {
    const child = spawn(process.execPath, [cli, 'serve', '--model', model(), '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 30_000);
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = stderr.match(/serving on (http:\/\/\S+)/);
        if (match) {
          clearTimeout(timer);
          resolveUrl(match[1] as string);
        }
      });
    });
    const classify = await fetch(`${url}/v1/classify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ texts: ['referee and striker'] }),
    });
    expect(classify.status).toBe(200);
    expect(((await classify.json()) as { results: { label: string }[] }).results[0]?.label).toBe('sports');
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('text-classification CLI on e-mail', () => {
  it('trains on a SpamAssassin-style corpus directory and predicts raw e-mail files', async () => {
    const corpus = await writeCorpus(join(root, 'corpus'), { perFolder: 20 });
    const out = join(root, 'mail-model');
    const trained = await run('train', '--data', corpus, '--out', out, ...SMALL);
    expect(trained.code).toBe(0);
    const email = join(root, 'deal.eml');
    await writeFile(email, HTML_IN_MIXED_EMAIL);
    const predicted = await run('predict', '--model', out, '--email', '--json', email);
    expect(predicted.code).toBe(0);
    const { results } = JSON.parse(predicted.stdout);
    expect(results[0].input).toBe(email);
    expect(Object.keys(results[0].scores)).toEqual(['ham', 'spam']);
    const evaluation = JSON.parse((await run('evaluate', '--model', out, '--data', corpus, '--json')).stdout);
    expect(Object.keys(evaluation.metrics.by_group)).toEqual(['easy_ham', 'hard_ham', 'spam']);
  });
});

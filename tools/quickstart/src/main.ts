#!/usr/bin/env node
/**
 * The main job of the README: trains the reference CNN on Fashion-MNIST for one epoch on the
 * default backend and prints its evaluation on the test split. Progress and logs go to
 * stderr, the evaluation to stdout.
 */
import { parseArgs } from 'node:util';
import { exitCodeOf, initBackend, stderrLogger, toScenarioError } from '@scenarios/core';
import { loadFashionMnist } from '@scenarios/core/data';
import { evaluateClassifier, renderClassificationReport } from '@scenarios/core/evaluation';
import { buildModel } from '@scenarios/core/models';
import { Progress, train } from '@scenarios/core/training';

const USAGE = `usage: pnpm start [-- --data <dir>] [--epochs N] [--batch-size N] [--seed N] [--limit N]

Trains the reference CNN on Fashion-MNIST and prints its test evaluation. Without --data the
data set is looked for in $SCENARIOS_DATA_DIR/fashion-mnist, the project's data cache and
/usr/share/datasets/fashion-mnist, then downloaded; offline, the committed 2,000-image sample is used.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      epochs: { type: 'string', default: '1' },
      'batch-size': { type: 'string', default: '64' },
      seed: { type: 'string', default: '0' },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const epochs = positiveInt('epochs', values.epochs);
  const batchSize = positiveInt('batch-size', values['batch-size']);
  const seed = positiveInt('seed', values.seed, 0);
  const limit = values.limit === undefined ? undefined : positiveInt('limit', values.limit);

  const logger = stderrLogger();
  const backend = await initBackend({ logger });
  const load = (split: 'train' | 'test') =>
    loadFashionMnist({
      split,
      logger,
      allowSample: true,
      ...(values.data ? { dir: values.data } : {}),
      ...(limit ? { limit } : {}),
    });
  const trainSet = await load('train');
  const testSet = await load('test');
  logger.info(
    `data: Fashion-MNIST from ${trainSet.dir} (${trainSet.source}): ${trainSet.dataset.size} training, ${testSet.dataset.size} test images`,
  );

  const model = buildModel('reference-cnn', { seed });
  try {
    const history = await train(model, {
      trainData: trainSet.dataset,
      epochs,
      batchSize,
      seed,
      callbacks: [new Progress()],
    });
    const report = await evaluateClassifier(model, testSet.dataset, { classNames: trainSet.classNames });
    const last = history.epochs.at(-1);
    process.stdout.write(`${renderClassificationReport(report)}\n`);
    process.stdout.write(
      `reference-cnn, ${epochs} epoch(s) on ${trainSet.dataset.size} images, backend ${backend.name}: ` +
        `test accuracy ${report.accuracy.toFixed(4)}, macro F1 ${report.macro_f1.toFixed(4)}` +
        (last ? `, ${Math.round(last.samples_per_s)} training samples/s\n` : '\n'),
    );
  } finally {
    model.dispose();
  }
}

function positiveInt(flag: string, text: string, min = 1): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`--${flag} must be an integer >= ${min}, got ${text}`);
  return value;
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  if (error instanceof UsageError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    process.stderr.write(`error: ${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const scenarioError = toScenarioError(error);
  process.stderr.write(`error: ${scenarioError.message}\n`);
  process.exitCode = exitCodeOf(scenarioError.code);
});

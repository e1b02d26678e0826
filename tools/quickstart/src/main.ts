#!/usr/bin/env node
/**
 * The main job of the README: trains the reference CNN on Fashion-MNIST for one epoch on the
 * default backend and prints its evaluation on the test split. Progress and logs go to
 * stderr, the evaluation to stdout. Exit codes: 0 success, 1 failure, 2 bad usage or input.
 */
import { parseArgs } from 'node:util';
import { exitCodeOf, stderrLogger, toScenarioError } from '@scenarios/core';
import { runQuickstart } from './quickstart.js';

const USAGE = `usage: pnpm start [--data <dir>] [--epochs N] [--batch-size N] [--seed N] [--limit N]

Trains the reference CNN on Fashion-MNIST and prints its test evaluation. Without --data the
data set is looked for in $SCENARIOS_DATA_DIR/fashion-mnist, the project's data cache and
/usr/share/datasets/fashion-mnist, then downloaded; offline, the committed 2,000-image sample is used.`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    // `npm start -- --flag` habits pass a literal `--` through pnpm; it separates nothing here.
    args: argv[0] === '--' ? argv.slice(1) : argv,
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
    return 0;
  }
  const { text } = await runQuickstart({
    ...(values.data ? { data: values.data } : {}),
    epochs: integer('epochs', values.epochs, 1),
    batchSize: integer('batch-size', values['batch-size'], 1),
    seed: integer('seed', values.seed, 0),
    ...(values.limit === undefined ? {} : { limit: integer('limit', values.limit, 1) }),
    logger: stderrLogger(),
    progress: process.stderr,
  });
  process.stdout.write(text);
  return 0;
}

function integer(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`--${flag} must be an integer >= ${min}, got ${text}`);
  return value;
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (usage) {
      process.stderr.write(`error: ${(error as Error).message}\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    const scenarioError = toScenarioError(error);
    process.stderr.write(`error: ${scenarioError.message}\n`);
    process.exitCode = exitCodeOf(scenarioError.code);
  },
);

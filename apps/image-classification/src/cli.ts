#!/usr/bin/env node
/**
 * The image-classification command: train, evaluate, predict and serve (DESIGN.md's CLI contract).
 * Results go to stdout, progress and logs to stderr. Exit codes: 0 success, 1 failure, 2 bad usage or input.
 */
import { exitCodeOf, toScenarioError } from '@scenarios/core';
import { type CommandIo, processIo, UsageError } from './commands/args.js';
import { EVALUATE_USAGE, evaluateCommand } from './commands/evaluate.js';
import { PREDICT_USAGE, predictCommand } from './commands/predict.js';
import { SERVE_USAGE, serveCommand } from './commands/serve.js';
import { TRAIN_USAGE, trainCommand } from './commands/train.js';

const COMMANDS: Readonly<Record<string, (args: string[], io: CommandIo) => Promise<number>>> = {
  train: trainCommand,
  evaluate: evaluateCommand,
  predict: predictCommand,
  serve: serveCommand,
};

const USAGE = `usage:
  ${TRAIN_USAGE}
  ${EVALUATE_USAGE}
  ${PREDICT_USAGE}
  ${SERVE_USAGE}

--data takes IDX files (MNIST, Fashion-MNIST), CIFAR-10 binary batches, or an image folder
(one sub-folder per class of PNG, JPEG or WebP images); the format is detected unless --format says.`;

async function main(argv: string[]): Promise<number> {
  const [verb, ...args] = argv;
  if (verb === undefined) throw new UsageError('give a command');
  if (verb === '--help' || verb === '-h' || verb === 'help' || args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const command = COMMANDS[verb];
  if (!command) throw new UsageError(`unknown command "${verb}"`);
  return command(args, processIo());
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const scenarioError = toScenarioError(error);
    process.stderr.write(`error: ${scenarioError.message}\n${error instanceof UsageError ? `${USAGE}\n` : ''}`);
    process.exitCode = exitCodeOf(scenarioError.code);
  },
);

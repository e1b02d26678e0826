#!/usr/bin/env node
/**
 * The image-classification command: train, evaluate, predict and serve (DESIGN.md's CLI contract).
 * Results go to stdout, progress and logs to stderr. Exit codes: 0 success, 1 failure, 2 bad usage or input.
 */
import { runCli } from '@scenarios/core/cli';
import { DATA_USAGE, dataCommand } from './commands/data.js';
import { EVALUATE_USAGE, evaluateCommand } from './commands/evaluate.js';
import { PREDICT_USAGE, predictCommand } from './commands/predict.js';
import { SERVE_USAGE, serveCommand } from './commands/serve.js';
import { START_USAGE, startCommand } from './commands/start.js';
import { TRAIN_USAGE, trainCommand } from './commands/train.js';

const USAGE = `usage:
  ${TRAIN_USAGE}
  ${EVALUATE_USAGE}
  ${PREDICT_USAGE}
  ${SERVE_USAGE}
  ${START_USAGE}
  ${DATA_USAGE}

--data takes IDX files (MNIST, Fashion-MNIST), CIFAR-10 binary batches, or an image folder
(one sub-folder per class of PNG, JPEG or WebP images); the format is detected unless --format says.`;

process.exitCode = await runCli(process.argv.slice(2), {
  commands: {
    train: trainCommand,
    evaluate: evaluateCommand,
    predict: predictCommand,
    serve: serveCommand,
    start: startCommand,
    data: dataCommand,
  },
  usage: USAGE,
});

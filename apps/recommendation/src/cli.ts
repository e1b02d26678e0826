#!/usr/bin/env node
/**
 * The recommendation command: train, evaluate, predict, serve and retrain (DESIGN.md's CLI contract).
 * Results go to stdout, progress and logs to stderr. Exit codes: 0 success, 1 failure, 2 bad usage or input.
 */
import { runCli } from '@scenarios/core/cli';
import { EVALUATE_USAGE, evaluateCommand } from './commands/evaluate.js';
import { PREDICT_USAGE, predictCommand } from './commands/predict.js';
import { RETRAIN_USAGE, retrainCommand } from './commands/retrain.js';
import { SERVE_USAGE, serveCommand } from './commands/serve.js';
import { TRAIN_USAGE, trainCommand } from './commands/train.js';

const USAGE = `usage:
  ${TRAIN_USAGE}
  ${EVALUATE_USAGE}
  ${PREDICT_USAGE}
  ${SERVE_USAGE}
  ${RETRAIN_USAGE}

--data takes a MovieLens CSV directory (ratings.csv, movies.csv: ml-latest-small, ml-25m), a MovieLens 100K
directory (u.data, u.item), or a CSV of user,item[,rating][,timestamp] (a file, or a directory with
interactions.csv and optionally items.csv); the format is detected unless --format says.`;

process.exitCode = await runCli(process.argv.slice(2), {
  commands: {
    train: trainCommand,
    evaluate: evaluateCommand,
    predict: predictCommand,
    serve: serveCommand,
    retrain: retrainCommand,
  },
  usage: USAGE,
});

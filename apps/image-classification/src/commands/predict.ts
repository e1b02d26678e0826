import { initBackend } from '@scenarios/core';
import { type CommandIo, integerFlag, parseFlags, required, UsageError } from '@scenarios/core/cli';
import { loadClassifier } from '../classifier.js';
import { predictFiles } from '../predict-images.js';
import { DEFAULT_TOP_K } from '../top-k.js';

export const PREDICT_USAGE = 'image-classification predict --model <model-dir> [--top-k N] [--json] <image...>';

/** `predict`: the top labels of each image file, one line per image (or one JSON object). */
export async function predictCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    { model: { type: 'string' }, 'top-k': { type: 'string' }, json: { type: 'boolean' } },
    true,
  );
  const modelDir = required('model', values.model);
  if (positionals.length === 0) throw new UsageError('give at least one image file');
  const k = integerFlag('top-k', values['top-k'], 1) ?? DEFAULT_TOP_K;
  await initBackend({ logger: io.logger });
  const classifier = await loadClassifier(modelDir, { logger: io.logger });
  try {
    const results = await predictFiles(classifier, positionals, { topK: k });
    if (values.json) {
      const { name, version } = classifier.manifest.model;
      io.stdout.write(
        `${JSON.stringify({ model_name: name, model_version: version, results: results.map((r) => ({ path: r.path, predictions: r.top })) })}\n`,
      );
    } else {
      for (const { path, top } of results) {
        io.stdout.write(`${path}: ${top.map((p) => `${p.label} ${p.probability.toFixed(4)}`).join(', ')}\n`);
      }
    }
    return 0;
  } finally {
    classifier.model.dispose();
  }
}

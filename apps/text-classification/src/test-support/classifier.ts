import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadClassifier, type TextClassifier } from '../classifier.js';
import { trainTextClassifier } from '../train-classifier.js';
import { topicRows, writeTopicCsv, writeTopicJsonl } from './texts.js';

/** Small, fast ngram settings for tests: the synthetic topics are easy. */
export const SMALL_NGRAM = { ngram: { buckets: 4096 }, dim: 16, epochs: 8, learningRate: 0.05, batchSize: 16 } as const;

/**
 * Trains an `ngram` topic classifier (politics, science, sports) on synthetic texts in `dir` and
 * returns its model directory; with `multiLabel`, on texts that mix two topics (sigmoid head).
 */
export async function trainTopicModel(dir: string, options: { multiLabel?: boolean } = {}): Promise<string> {
  await mkdir(dir, { recursive: true });
  const out = join(dir, options.multiLabel ? 'topics-multi' : 'topics');
  if (options.multiLabel) {
    const path = await writeTopicJsonl(join(dir, 'topics.jsonl'), topicRows({ perTopic: 40, mixed: true }));
    await trainTextClassifier({ path, out, labelColumn: 'labels', ...SMALL_NGRAM, epochs: 12 });
  } else {
    const path = await writeTopicCsv(join(dir, 'topics.csv'), topicRows({ perTopic: 40 }));
    await trainTextClassifier({ path, out, textColumn: 'body', labelColumn: 'topic', ...SMALL_NGRAM });
  }
  return out;
}

/** `trainTopicModel`, loaded. */
export async function topicClassifier(dir: string, options: { multiLabel?: boolean } = {}): Promise<TextClassifier> {
  return loadClassifier(await trainTopicModel(dir, options));
}

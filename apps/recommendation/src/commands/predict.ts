import { existsSync } from 'node:fs';
import { initBackend } from '@scenarios/core';
import { type CommandIo, integerFlag, parseFlags, required, UsageError } from '@scenarios/core/cli';
import { defaultFeedbackPath, FeedbackStore } from '../feedback/feedback-store.js';
import { loadRecommender } from '../model/model-dir.js';
import { Recommender, type ScoredItem } from '../recommender.js';
import { listParam, parseIdParam } from '../server/request-parsing.js';
import { DEFAULT_K, DEFAULT_MAX_K } from '../server.js';

export const PREDICT_USAGE = `recommendation predict --model <model-dir> [--k N] [--genre G,...] [--exclude ID,...]
    [--similar] [--feedback <file.sqlite>] [--json] <user-id... | item-id... with --similar>`;

function formatItems(items: readonly ScoredItem[]): string {
  return items
    .map((s, rank) => {
      const rating = s.predicted_rating === undefined ? '' : `, predicted rating ${s.predicted_rating.toFixed(2)}`;
      return `  ${rank + 1}. ${s.item} ${s.title || '(no title)'} [${s.genres.join('|')}] score ${s.score.toFixed(4)}${rating}`;
    })
    .join('\n');
}

/**
 * `predict`: the top k items for each user id (or, with `--similar`, the items most similar to
 * each item id), with the model's stored feedback applied when its file exists.
 */
export async function predictCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    {
      model: { type: 'string' },
      k: { type: 'string' },
      genre: { type: 'string', multiple: true },
      exclude: { type: 'string', multiple: true },
      similar: { type: 'boolean' },
      feedback: { type: 'string' },
      json: { type: 'boolean' },
    },
    true,
  );
  const modelDir = required('model', values.model);
  if (positionals.length === 0)
    throw new UsageError(values.similar ? 'give at least one item id' : 'give at least one user id');
  const k = integerFlag('k', values.k, 1) ?? DEFAULT_K;
  if (k > DEFAULT_MAX_K) throw new UsageError(`--k must be at most ${DEFAULT_MAX_K}`);
  const genres = listParam(values.genre);
  const exclude = listParam(values.exclude).map((id) => parseIdParam('--exclude', id));
  const ids = positionals.map((id) => parseIdParam(values.similar ? 'item id' : 'user id', id));
  await initBackend({ logger: io.logger });
  const recommender = new Recommender(await loadRecommender(modelDir, { logger: io.logger }));
  const feedbackPath = typeof values.feedback === 'string' ? values.feedback : defaultFeedbackPath(modelDir);
  if (typeof values.feedback === 'string' || existsSync(feedbackPath)) {
    const store = FeedbackStore.open(feedbackPath, { readonly: true });
    try {
      for (const row of store.all())
        if (recommender.hasItem(row.item)) recommender.recordInteraction(row.user, row.item);
    } finally {
      store.close();
    }
  }
  const model = { model_name: recommender.name, model_version: recommender.version };
  if (values.similar) {
    const results = ids.map((item) => recommender.similar(item, { k, genres }));
    if (values.json) io.stdout.write(`${JSON.stringify({ ...model, results })}\n`);
    else
      for (const r of results)
        io.stdout.write(`similar to ${r.item.item} ${r.item.title}:\n${formatItems(r.similar)}\n`);
    return 0;
  }
  const results = ids.map((user) => {
    const { strategy, items } = recommender.recommend(user, { k, exclude, genres });
    return { user, strategy, recommendations: items };
  });
  if (values.json) io.stdout.write(`${JSON.stringify({ ...model, results })}\n`);
  else for (const r of results) io.stdout.write(`user ${r.user} (${r.strategy}):\n${formatItems(r.recommendations)}\n`);
  return 0;
}

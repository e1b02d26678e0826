import { ScenarioError } from '@scenarios/core';
import type { Router } from 'express';
import type { FeedbackSync } from '../feedback/feedback-sync.js';
import type { FeedbackWriter } from '../feedback/feedback-writer.js';
import type { Recommender } from '../recommender.js';
import { listParam, parseFeedback, parseIdParam, parseK } from './request-parsing.js';

export interface RouteOptions {
  recommender: Recommender;
  writer: FeedbackWriter;
  /** Brings in feedback other processes stored, before a user's recommendations. */
  sync: FeedbackSync;
  /** Default k. */
  defaultK: number;
  /** Largest k. */
  maxK: number;
}

/**
 * The app's routes under `/v1`:
 * - `GET /users/{id}/recommendations?k=&exclude=&genre=`: the user's top k;
 * - `GET /items/{id}/similar?k=&genre=`: the items closest to an item (404 for an unknown item);
 * - `POST /feedback` `{user, item, rating?, timestamp?}`: stored, then effective at once (201;
 *   404 for an unknown item, 409 for a duplicate: same user, item and timestamp).
 */
export function recommendationRoutes(router: Router, options: RouteOptions): void {
  const { recommender, writer, sync } = options;
  const model = { model_name: recommender.name, model_version: recommender.version };
  const kRange = { fallback: options.defaultK, maxK: options.maxK };

  router.get('/users/:id/recommendations', (req, res) => {
    const user = parseIdParam('user id', req.params.id);
    const k = parseK(req.query.k, kRange);
    const exclude = listParam(req.query.exclude).map((value) => parseIdParam('exclude', value));
    const genres = listParam(req.query.genre);
    sync.sync();
    const { strategy, items } = recommender.recommend(user, { k, exclude, genres });
    res.json({ user, ...model, strategy, recommendations: items });
  });

  router.get('/items/:id/similar', (req, res) => {
    const item = parseIdParam('item id', req.params.id);
    const k = parseK(req.query.k, kRange);
    const genres = listParam(req.query.genre);
    const result = recommender.similar(item, { k, genres });
    res.json({ item: result.item, ...model, similar: result.similar });
  });

  router.post('/feedback', async (req, res) => {
    const feedback = parseFeedback(req.body, {
      ...(recommender.settings.ratingScale ? { ratingScale: recommender.settings.ratingScale } : {}),
      now: () => Math.floor(Date.now() / 1000),
    });
    if (!recommender.hasItem(feedback.item)) {
      throw new ScenarioError('NOT_FOUND', `item ${feedback.item} is not in the catalogue`);
    }
    const outcome = await writer.write(feedback);
    if (!outcome.inserted) {
      throw new ScenarioError(
        'CONFLICT',
        `duplicate feedback: user ${feedback.user} already sent item ${feedback.item} at timestamp ${feedback.timestamp}`,
      );
    }
    res.status(201).json({ feedback: { id: outcome.id, ...feedback } });
  });
}

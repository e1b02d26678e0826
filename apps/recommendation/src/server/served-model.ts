import { ScenarioError } from '@scenarios/core';
import type { NamedTensors, ServedModel, TensorMetadata } from '@scenarios/core/serving';
import type { FeedbackSync } from '../feedback/feedback-sync.js';
import type { Recommender } from '../recommender.js';

/**
 * The recommender as an Open Inference Protocol v2 model: inputs `user` and `item`, INT32 `[n]`
 * raw ids; outputs `score` (the ranking model's score of each pair, from the user's history) and,
 * when the model predicts ratings, `rating`, both FP32 `[n]`. An unknown item is 404. Scores read
 * the users' histories after `sync` has brought in the latest feedback.
 */
export function recommenderServedModel(recommender: Recommender, sync: FeedbackSync): ServedModel {
  const outputs: TensorMetadata[] = [{ name: 'score', datatype: 'FP32', shape: [-1] }];
  if (recommender.settings.ratingScale) outputs.push({ name: 'rating', datatype: 'FP32', shape: [-1] });
  return {
    name: recommender.name,
    version: recommender.version,
    platform: 'scenarios-recommendation',
    inputs: [
      { name: 'user', datatype: 'INT32', shape: [-1] },
      { name: 'item', datatype: 'INT32', shape: [-1] },
    ],
    outputs,
    isReady: () => true,
    predict: async (batch) => {
      sync.sync();
      return batch.map((inputs): NamedTensors => {
        const users = inputs.user?.data as number[];
        const items = inputs.item?.data as number[];
        if (users.length !== items.length) {
          throw new ScenarioError('BAD_REQUEST', `user has ${users.length} elements and item ${items.length}`);
        }
        const { score, rating } = recommender.scorePairs({ users, items });
        const shape = [users.length];
        return {
          score: { datatype: 'FP32', shape, data: score },
          ...(rating ? { rating: { datatype: 'FP32', shape, data: rating } } : {}),
        };
      });
    },
  };
}

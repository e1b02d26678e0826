import { join } from 'node:path';
import { type TrainRecommenderResult, trainRecommender } from '../train-recommender.js';
import { type SyntheticData, syntheticData, writeMovieLensCsv } from './synthetic-data.js';

/** Small, quick settings that still learn the synthetic data's structure. */
export const TINY_TRAINING = {
  ranking: { factors: 16, historyLength: 3, epochs: 30, batchSize: 32, learningRate: 0.05 },
  rating: { factors: 4, epochs: 60, batchSize: 32, learningRate: 0.02, l2: 0.05, rowL2: 0.1 },
} as const;

/** Writes the synthetic MovieLens data under `root/data` and trains a model into `root/model`. */
export async function trainTinyModel(
  root: string,
  options: { data?: SyntheticData } = {},
): Promise<{ dataDir: string; modelDir: string; data: SyntheticData; result: TrainRecommenderResult }> {
  const data = options.data ?? syntheticData();
  const dataDir = join(root, 'data');
  const modelDir = join(root, 'model');
  await writeMovieLensCsv(dataDir, data);
  const result = await trainRecommender({ data: dataDir, out: modelDir, seed: 1, ...TINY_TRAINING });
  return { dataDir, modelDir, data, result };
}

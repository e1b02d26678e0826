/**
 * @scenarios/recommendation: collaborative filtering on @scenarios/core, from MovieLens (or any
 * interactions CSV) to a served model that learns from feedback.
 */
export { columnPositions, fileExists, forEachLine, parseId, parseNumber } from './datasets/delimited-file.js';
export {
  buildInteractions,
  groupRowsByUser,
  type Interactions,
  type ItemInfo,
  indexById,
  isRawId,
  MAX_RAW_ID,
  RowCollector,
  rowsByUserInTimeOrder,
} from './datasets/interactions.js';
export { type InteractionsCsvOptions, loadInteractionsCsv } from './datasets/interactions-csv.js';
export {
  detectFormat,
  INTERACTIONS_CSV_FILES,
  type LoadDataOptions,
  type LoadedData,
  loadInteractions,
} from './datasets/load-interactions.js';
export {
  type AdapterOptions,
  DATA_FORMATS,
  type DataFormat,
  type LoadedInteractions,
} from './datasets/loaded-interactions.js';
export { mergeFeedback, reindex } from './datasets/merge-feedback.js';
export { loadMovieLens100k, MOVIELENS_100K_FILES, MOVIELENS_100K_GENRES } from './datasets/movielens-100k.js';
export { loadMovieLensCsv, MOVIELENS_CSV_FILES } from './datasets/movielens-csv.js';
export { type EvaluateRecommenderOptions, type EvaluationResult, evaluateRecommender } from './evaluate-recommender.js';
export {
  type EvaluateRankerOptions,
  evaluateRanker,
  type ItemScorer,
  itemCounts,
  popularityScorer,
  rankingModelScorer,
} from './evaluation/evaluate-ranking.js';
export { evaluateRatings } from './evaluation/evaluate-ratings.js';
export { type RankingCase, type RankingCases, rankingCases } from './evaluation/ranking-cases.js';
export {
  DEFAULT_PROTOCOL,
  type EvaluationProtocol,
  type EvaluationSplits,
  evaluationSplits,
  recommenderMetrics,
} from './evaluation/recommender-metrics.js';
export {
  defaultFeedbackPath,
  type FeedbackInput,
  type FeedbackRow,
  FeedbackStore,
  type InsertOutcome,
} from './feedback/feedback-store.js';
export { FeedbackWriter, type FeedbackWriterOptions } from './feedback/feedback-writer.js';
export { type StartedServer, type StartServerOptions, startServer } from './main.js';
export {
  loadRecommender,
  MODEL_FILES,
  type RecommenderArtifacts,
  type RecommenderSettings,
  SCENARIO,
  saveRecommender,
} from './model/model-dir.js';
export {
  type RankingWeights,
  type RatingWeights,
  type RecommenderWeights,
  readWeights,
} from './model/model-weights.js';
export {
  buildRecommenderModel,
  RANKING_LAYERS,
  RATING_LAYERS,
  type RecommenderModelOptions,
} from './model/recommender-model.js';
export { Recommender, type RecommendOptions, type ScoredItem, type Strategy } from './recommender.js';
export { createRowScorer } from './row-scorer.js';
export {
  itemSimilarityVectors,
  normalizeRows,
  predictRating,
  recentItems,
  scoreRows,
  topK,
  userVector,
} from './scoring.js';
export {
  createApp,
  DEFAULT_K,
  DEFAULT_MAX_K,
  type RecommendationApp,
  type RecommendationAppOptions,
} from './server.js';
export { type RowScorer, simdScorer } from './simd-scorer.js';
export { leaveLastOut, type RatingSplitOptions, type RowSplit, randomRatingSplit, rowMask } from './splits.js';
export {
  type RankingConfig,
  type RatingConfig,
  type TrainRecommenderOptions,
  type TrainRecommenderResult,
  trainRecommender,
} from './train-recommender.js';
export {
  nextItemExamples,
  type UserSequences,
  userSequences,
} from './training/history-examples.js';
export { RANKING_TRAINING_DEFAULTS, type RankingTrainingOptions, trainRankingHead } from './training/train-ranking.js';
export { RATING_TRAINING_DEFAULTS, type RatingTrainingOptions, trainRatingHead } from './training/train-rating.js';

export {
  averagePrecision,
  averagePrecisionOneVsRest,
} from './average-precision.js';
export {
  type CalibrationBin,
  type CalibrationOptions,
  type CalibrationResult,
  expectedCalibrationError,
} from './calibration.js';
export {
  type AveragedMetrics,
  accuracy,
  type ClassCountOptions,
  type ClassMetrics,
  confusionMatrix,
  MAX_CONFUSION_CLASSES,
  metricsFromConfusion,
  type PrecisionRecallF1,
  precisionRecallF1,
} from './classification.js';
export {
  type ClassificationReport,
  type ClassificationReportInput,
  classificationReport,
  type PerClassReport,
} from './classification-report.js';
export { type EvaluateClassifierOptions, evaluateClassifier } from './evaluate-classifier.js';
export { type LogLossOptions, logLoss } from './log-loss.js';
export { argmax } from './probability-matrix.js';
export {
  averagePrecisionAtK,
  type CatalogCoverageOptions,
  catalogCoverage,
  hitRateAtK,
  type ItemId,
  meanOverUsers,
  ndcgAtK,
  precisionAtK,
  type RankingMetric,
  type RelevantItems,
  recallAtK,
  type UserRecommendations,
  usersWithRelevantItems,
} from './ranking.js';
export { type RankingReportOptions, rankingReport } from './ranking-report.js';
export { mae, rmse } from './regression.js';
export {
  type RenderOptions,
  renderClassificationReport,
  renderConfusionMatrix,
  renderPerClassTable,
} from './render.js';
export { rocAuc, rocAucOneVsRest, rocAucPerClass } from './roc-auc.js';
export {
  applyTemperature,
  type FitTemperatureOptions,
  fitTemperature,
  logitsFromProbabilities,
  type TemperatureFit,
} from './temperature-scaling.js';

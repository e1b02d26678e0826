export { BestCheckpoint, type BestCheckpointOptions, type SaveCheckpoint } from './best-checkpoint.js';
export { Callback, CallbackList, type TrainingContext, type TrainingParams, type TrainSummary } from './callback.js';
export type { ClassWeights } from './class-weights.js';
export { EarlyStopping, type EarlyStoppingOptions } from './early-stopping.js';
export type { EpochLogs, History, Logs, StopReason } from './history.js';
export { JsonlLog, type JsonlLogOptions } from './jsonl-log.js';
export { labelSmoothingCrossentropy } from './label-smoothing.js';
export {
  binaryCrossentropy,
  categoricalCrossentropy,
  LOSSES,
  type LossFunction,
  type LossName,
  meanSquaredError,
  sparseCategoricalCrossentropy,
} from './losses.js';
export {
  type CosineDecayOptions,
  cosineDecay,
  type LearningRateSchedule,
  LearningRateScheduler,
  type StepDecayOptions,
  stepDecay,
} from './lr-schedule.js';
export { accuracy, METRICS, type Metric, type MetricName } from './metrics.js';
export type { MonitorMode, MonitorOptions } from './monitor.js';
export {
  createOptimizer,
  DEFAULT_LEARNING_RATES,
  getLearningRate,
  type OptimizerName,
  setLearningRate,
} from './optimizer.js';
export { type PredictDatasetOptions, predictDataset } from './predict-dataset.js';
export { formatDuration, Progress, type ProgressOptions, type ProgressStream } from './progress.js';
export { train } from './train.js';
export type { AugmentContext, AugmentFunction, TrainOptions } from './train-options.js';

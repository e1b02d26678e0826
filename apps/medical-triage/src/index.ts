/**
 * @scenarios/medical-triage: chest X-ray triage on @scenarios/core, with calibrated scores, DICOM
 * input and an audit trail. Not for diagnostic use: it orders a reading worklist.
 */
export {
  type AuditEntry,
  AuditStore,
  DEFAULT_AUDIT_DB,
  type ListAuditOptions,
  type NewAuditEntry,
} from './audit/audit-store.js';
export {
  type LoadMedmnistOptions,
  loadMedmnist,
  MEDMNIST_SPLITS,
  type MedmnistSplit,
  type TriageImages,
  triageDataset,
} from './datasets/medmnist.js';
export { displayPixels } from './dicom/display-pixels.js';
export { type DicomImageSpec, encodeDicom } from './dicom/encode-dicom.js';
export {
  DEFAULT_MAX_DICOM_PIXELS,
  type DicomImage,
  isDicom,
  type ReadDicomOptions,
  readDicom,
} from './dicom/read-dicom.js';
export { SUPPORTED_TRANSFER_SYNTAXES, TRANSFER_SYNTAX } from './dicom/transfer-syntax.js';
export { type EvaluateModelOptions, type EvaluationResult, evaluateModel } from './evaluate-model.js';
export { scoreImages, type TriageMetrics, triageMetrics } from './evaluate-triage.js';
export {
  DEFAULT_MAX_INPUT_PIXELS,
  type DecodedInput,
  type DecodeInputOptions,
  decodeInput,
  type ImageShape,
  INPUT_FORMATS,
  type InputFormat,
} from './input/decode-input.js';
export { type StartedServer, type StartServerOptions, startServer } from './main.js';
export {
  buildTriageRecipe,
  DEFAULT_WIDTHS,
  type TriageRecipe,
  type TriageRecipeOptions,
  triageAugmentation,
} from './model.js';
export { AUDIT_TOKEN_ENV, auditRoute, MAX_AUDIT_PAGE } from './server/audit-route.js';
export { RAW_INPUT_TYPES, type RequestInput, requestInput } from './server/request-input.js';
export { type TriageResponse, type TriageRouteOptions, triageRoute } from './server/triage-route.js';
export { createApp, DEFAULT_MAX_BODY_BYTES, type TriageApp, type TriageAppOptions } from './server.js';
export { type TrainTriageOptions, type TrainTriageResult, trainTriage } from './train-triage.js';
export { BalancedSampling } from './training/balanced-sampling.js';
export { BestValidationAuc, type BestValidationAucOptions } from './training/best-validation-auc.js';
export {
  calibratedProbability,
  decide,
  NOTICE,
  PRIORITIES,
  type Priority,
  type ReviewReason,
  type StudyFacts,
  type TriageDecision,
} from './triage/decide.js';
export {
  DEFAULT_MAX_ROBUST_Z,
  fitImageStatistics,
  type ImageStatisticsReference,
  imageStatistics,
  STATISTIC_NAMES,
  type StatisticName,
  type StatisticReference,
  unusualStatistics,
} from './triage/image-statistics.js';
export {
  type ChooseOperatingPointsOptions,
  chooseOperatingPoints,
  DEFAULT_ROUTINE_SENSITIVITY,
  DEFAULT_TARGET_SENSITIVITY,
  metricsAtThreshold,
  type OperatingPoints,
  type ThresholdMetrics,
} from './triage/operating-points.js';
export { DEFAULT_SALIENCY_SIZE, renderSaliencyPng, type SaliencyOptions, saliencyMap } from './triage/saliency.js';
export {
  DEFAULT_BODY_PARTS,
  DEFAULT_MODALITIES,
  parseTriageConfig,
  TRIAGE_CONFIG_FILE,
  type TriageConfig,
} from './triage/triage-config.js';
export { type FileDecision, triageFiles } from './triage-files.js';
export {
  loadTriageModel,
  predictScores,
  preprocessingFor,
  SCENARIO,
  type TriageModel,
  type TriagePreprocessing,
  toModelInput,
} from './triage-model.js';

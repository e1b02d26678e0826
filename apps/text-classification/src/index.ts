/**
 * @scenarios/text-classification: from e-mails, CSV or JSONL to a served text classifier on @scenarios/core.
 */
export {
  classProbabilities,
  type LoadClassifierOptions,
  loadClassifier,
  SCENARIO,
  type TextClassifier,
} from './classifier.js';
export { type DataPlan, loadPlannedData, type PlannedData, partOf } from './data-plan.js';
export { type EmailTextOptions, emailText, htmlToText, type ParsedEmail, parseEmail } from './datasets/email.js';
export {
  type LabeledTexts,
  selectRows,
  strataOf,
  type TaskKind,
  TEXT_FORMATS,
  type TextFormat,
} from './datasets/labeled-texts.js';
export { detectFormat, loadTextData, type TextDataOptions } from './datasets/load-text-data.js';
export {
  groupOfFolder,
  loadSpamAssassin,
  SPAM_ASSASSIN,
  SPAM_ASSASSIN_GROUPS,
  type SpamAssassinOptions,
  spamAssassinPackageDir,
} from './datasets/spam-assassin.js';
export {
  DEFAULT_SPLIT_FRACTIONS,
  SPLITS,
  type SplitName,
  sampleRows,
  splitTexts,
  type TextSplit,
} from './datasets/split.js';
export { type ColumnOptions, loadCsvTexts, loadJsonlTexts } from './datasets/tabular.js';
export { type DecisionRule, decideAll, predictedClass, predictedSet, tuneThreshold } from './decisions.js';
export { BagOfEmbeddings, type BagOfEmbeddingsArgs } from './encoders/bag-of-embeddings.js';
export { CachedEncoder, type CacheStats, LruCache } from './encoders/embedding-cache.js';
export { BAG_LAYER, headAfterBag, NgramEncoder } from './encoders/ngram-encoder.js';
export {
  checkNgramConfig,
  DEFAULT_NGRAM_CONFIG,
  type NgramConfig,
  NgramFeaturizer,
  words,
} from './encoders/ngram-features.js';
export { ENCODER_NAMES, type EncoderName, type TextEncoder } from './encoders/text-encoder.js';
export {
  USE_DEFAULT_MODEL_URL,
  USE_DEFAULT_VOCAB_URL,
  USE_MODEL_DIR_ENV,
  UseEncoder,
  type UseEncoderOptions,
  type UseIdentity,
  type UseSource,
} from './encoders/use-encoder.js';
export { type EvaluateTextOptions, evaluateTextModel, type TextEvaluation } from './evaluate-model.js';
export { type StartedServer, type StartServerOptions, startServer } from './main.js';
export { type ClassRow, type SetMetrics, type TextMetrics, textMetrics } from './metrics.js';
export { balancedClassWeights, buildEmbeddingHead, buildNgramClassifier, type HeadOptions } from './model.js';
export { type NgramSpec, parsePreprocessing, type TextPreprocessing, type UseSpec } from './preprocessing.js';
export { NGRAM_RECIPE_DEFAULTS, type PreparedRecipe, prepareRecipe, type RecipeSettings } from './recipes.js';
export { checkTexts, type TextLimits, textServedModel } from './served-text-model.js';
export { createApp, DEFAULT_JSON_BODY_BYTES, type TextApp, type TextAppOptions } from './server.js';
export { type TrainTextOptions, type TrainTextResult, trainTextClassifier } from './train-classifier.js';

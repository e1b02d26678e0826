/**
 * @scenarios/image-classification: from image files to a served model on @scenarios/core.
 */
export {
  type ClassificationMetrics,
  type Classifier,
  classificationMetrics,
  loadClassifier,
  SCENARIO,
} from './classifier.js';
export { PUBLISHED_DATA_SETS, type PublishedDataSet } from './data-import/data-sets.js';
export { type ImportedFile, type ImportFilesOptions, importFiles } from './data-import/import-files.js';
export { type ExpectedFile, type FileCheck, verifyFileBytes } from './data-import/verify-file.js';
export { CIFAR10_CLASSES, CIFAR10_RECORD_BYTES, type Cifar10Options, loadCifar10 } from './datasets/cifar10.js';
export { IDX_FILES, type IdxOptions, loadIdx, MNIST_CLASSES } from './datasets/idx.js';
export {
  type FolderSplit,
  IMAGE_EXTENSIONS,
  type ImageFolderOptions,
  listImageFolder,
  loadImageFolder,
} from './datasets/image-folder.js';
export {
  type AdapterOptions,
  type CorruptPolicy,
  DATA_FORMATS,
  type DataFormat,
  type LabeledImages,
  type SkippedItem,
} from './datasets/labeled-images.js';
export {
  type DataSplit,
  DEFAULT_FOLDER_SHAPE,
  detectFormat,
  type LoadImageDataOptions,
  loadImageData,
} from './datasets/load-image-data.js';
export { type EvaluateModelOptions, type EvaluationResult, evaluateModel } from './evaluate-model.js';
export {
  DEFAULT_MAX_INPUT_PIXELS,
  type DecodeImageOptions,
  decodeImage,
  IMAGE_FORMATS,
  type ImageShape,
} from './image-decode.js';
export { type StartedServer, type StartServerOptions, startServer } from './main.js';
export {
  buildRecipe,
  imageShapeOf,
  type Preprocessing,
  parsePreprocessing,
  preprocessingFor,
  RECIPE_DEFAULTS,
  RECIPE_NAMES,
  type Recipe,
  type RecipeName,
  type RecipeOptions,
  strongAugmentation,
} from './model.js';
export { type PredictFilesOptions, predictFiles, toModelInput } from './predict-images.js';
export {
  checkReportDir,
  REPORT_EXAMPLES,
  REPORT_HTML,
  type WriteReportOptions,
  writeEvaluationReport,
} from './report/write-report.js';
export {
  createApp,
  DEFAULT_MAX_BODY_BYTES,
  type ImageApp,
  type ImageAppOptions,
  MODEL_INPUT_NAMES,
  MODEL_OUTPUT_NAMES,
} from './server.js';
export { DEFAULT_TOP_K, type LabelScore, topK } from './top-k.js';
export { type TrainClassifierOptions, type TrainClassifierResult, trainClassifier } from './train-classifier.js';

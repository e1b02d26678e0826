export { fastBatchNormalization } from './batch-norm-layer.js';
export {
  type ClassifierOptions,
  DEFAULT_INPUT_SHAPE,
  DEFAULT_NUM_CLASSES,
  DEFAULT_SEED,
} from './builder-options.js';
export {
  buildMatrixFactorization,
  DEFAULT_MF_FACTORS,
  type MatrixFactorizationInputs,
  type MatrixFactorizationOptions,
  matrixFactorization,
} from './matrix-factorization.js';
export { buildMlp, DEFAULT_MLP_HIDDEN_UNITS, type MlpOptions } from './mlp.js';
export { buildReferenceCnn, type ReferenceCnnOptions } from './reference-cnn.js';
export {
  type BuilderOptions,
  buildModel,
  createModelRegistry,
  MODEL_BUILDERS,
  type ModelBuilder,
  type ModelBuilders,
  type ModelName,
  type ModelRegistry,
  modelRegistry,
} from './registry.js';
export {
  buildResnetSmall,
  DEFAULT_RESNET_BLOCKS_PER_STAGE,
  DEFAULT_RESNET_WIDTHS,
  type ResnetSmallOptions,
} from './resnet-small.js';
export {
  buildVggSmall,
  DEFAULT_VGG_CONVS_PER_STAGE,
  DEFAULT_VGG_DENSE_UNITS,
  DEFAULT_VGG_WIDTHS,
  type VggSmallOptions,
} from './vgg-small.js';

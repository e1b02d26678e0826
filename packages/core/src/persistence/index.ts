export { fingerprintFiles, sha256Buffer, sha256File } from './checksum.js';
export { fileSystemHandler, MODEL_JSON, WEIGHTS_BIN } from './fs-io-handler.js';
export {
  type LoadedModel,
  type LoadModelDirOptions,
  loadGraphModelDir,
  loadModelDir,
  readManifest,
  verifyModelDir,
} from './load-model.js';
export {
  type FileEntry,
  MANIFEST_FORMAT_VERSION,
  MANIFEST_JSON,
  type ModelManifest,
  manifestSchema,
  type TensorSpec,
} from './manifest.js';
export {
  type ManifestFields,
  type ModelTensorInfo,
  type SavableModel,
  type SaveModelDirOptions,
  saveModelDir,
} from './save-model.js';

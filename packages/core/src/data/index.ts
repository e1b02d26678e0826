export { ArrayDataset, type ArrayDatasetOptions } from './array-dataset.js';
export {
  type ErasingOptions,
  type FlipOptions,
  randomErasing,
  randomHorizontalFlip,
  randomTranslate,
  type TranslateOptions,
} from './augment.js';
export { type AffineOptions, randomAffine } from './augment-affine.js';
export { type CsvOptions, type CsvRecord, parseCsv, readCsvFile } from './csv-reader.js';
export {
  type DataLocation,
  type DataSource,
  dataCacheDir,
  findDataFile,
  findRepoRoot,
  type LocateDataOptions,
  locateData,
} from './data-location.js';
export type { Batch, BatchOptions, Dataset, ElementSpec, TensorSpec } from './dataset.js';
export { type DownloadOptions, downloadVerified, type RemoteFile, sha256Hex } from './download.js';
export {
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_CONTENT_SHA256,
  FASHION_MNIST_DEBIAN_DIR,
  FASHION_MNIST_FILES,
  FASHION_MNIST_SAMPLE_DIR,
  FASHION_MNIST_URL,
  type FashionMnist,
  type LoadFashionMnistOptions,
  type LocateFashionMnistOptions,
  loadFashionMnist,
  locateFashionMnist,
} from './fashion-mnist.js';
export type { DecodeOptions } from './file-bytes.js';
export type { IdxDtype } from './idx-format.js';
export { decodeIdx, readIdxFile } from './idx-reader.js';
export { encodeIdx, type IdxArray } from './idx-writer.js';
export type { NdArray, NdDtype, NumericArray } from './nd-array.js';
export { decodeNpy, readNpyFile } from './npy-reader.js';
export { decodeNpz, type NpzOptions, readNpzFile } from './npz-reader.js';
export { encodeNpy, encodeNpz } from './npz-writer.js';
export { createRng, deriveSeed, type Rng } from './random.js';
export { randomSplit, type SplitOptions, stratifiedSplit } from './split.js';

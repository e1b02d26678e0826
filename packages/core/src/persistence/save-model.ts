import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { currentBackend } from '../backend/index.js';
import { ScenarioError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import { tf } from '../tf.js';
import { sha256File } from './checksum.js';
import { fsyncDir, isCode, writeFileSynced } from './durable-fs.js';
import { fileSystemHandler, MODEL_JSON, WEIGHTS_BIN } from './fs-io-handler.js';
import {
  describeIssues,
  type FileEntry,
  fileNameSchema,
  MANIFEST_FORMAT_VERSION,
  MANIFEST_JSON,
  type ModelManifest,
  manifestSchema,
  type TensorSpec,
} from './manifest.js';

/** What saveModelDir needs of a model: both `tf.LayersModel` and `tf.GraphModel` fit. */
export interface SavableModel {
  save(handler: tf.io.IOHandler, config?: tf.io.SaveConfig): Promise<tf.io.SaveResult>;
  readonly inputs: readonly ModelTensorInfo[];
  readonly outputs: readonly ModelTensorInfo[];
}

/** A model's symbolic input or output, as LayersModel and GraphModel both describe them. */
export interface ModelTensorInfo {
  name: string;
  shape?: readonly (number | null)[];
  dtype: string;
}

/**
 * The manifest fields the caller provides. `format_version`, `created_at`, `tfjs_version` and
 * `files` are always filled in by saveModelDir; `backend` defaults to the current backend,
 * `inputs`/`outputs` to the model's own, `preprocessing` to `{}`.
 */
export type ManifestFields = Pick<ModelManifest, 'scenario' | 'model'> &
  Partial<Omit<ModelManifest, 'scenario' | 'model' | 'format_version' | 'created_at' | 'tfjs_version' | 'files'>>;

export interface SaveModelDirOptions {
  model: SavableModel;
  manifest: ManifestFields;
  /** Replace an existing model directory (one holding manifest.json, or an empty one). Default false. */
  overwrite?: boolean;
  /** Save the optimizer state with the weights, to resume training later (layers models). Default false. */
  includeOptimizer?: boolean;
  /** More files for the directory, name to content (a vocabulary, say); checksummed like the weights. */
  extraFiles?: Readonly<Record<string, Uint8Array | string>>;
  /** Default: silent. */
  logger?: Logger;
}

const RESERVED_NAMES = new Set([MODEL_JSON, WEIGHTS_BIN, MANIFEST_JSON]);

/**
 * Saves a model directory: `model.json`, `weights.bin`, any extra files, and `manifest.json`
 * with the sha256 and size of every other file.
 *
 * Everything is written into a temporary sibling `<dir>.tmp-XXXXXX` (same parent, so the final
 * rename is atomic), flushed to the disk, manifest last, then renamed into place. An existing
 * `dir` is refused (INVALID_ARGUMENT) unless `overwrite` is true; it is then moved aside, the new
 * directory renamed in, and the old one removed. On any failure the temporary directory is removed
 * and an existing model is left as it was. Returns the manifest written.
 */
export async function saveModelDir(dir: string, options: SaveModelDirOptions): Promise<ModelManifest> {
  const target = resolve(dir);
  const logger = options.logger ?? silentLogger;
  const base = manifestWithoutFiles(options);
  const extraFiles = Object.entries(options.extraFiles ?? {});
  for (const [name] of extraFiles) checkExtraFileName(name);
  const replace = await targetIsReplaceable(target, options.overwrite ?? false);

  const temp = await mkdir(dirname(target), { recursive: true })
    .then(() => mkdtemp(`${target}.tmp-`))
    .catch((error: unknown) => {
      throw fsFailure(error, target);
    });
  try {
    await options.model.save(fileSystemHandler(temp), { includeOptimizer: options.includeOptimizer ?? false });
    for (const [name, content] of extraFiles) await writeFileSynced(join(temp, name), content);
    const manifest = manifestSchema.parse({ ...base, files: await checksumFiles(temp) });
    await writeFileSynced(join(temp, MANIFEST_JSON), `${JSON.stringify(manifest, null, 2)}\n`);
    await fsyncDir(temp);
    await moveIntoPlace({ temp, target, replace, logger });
    logger.info({ dir: target, files: Object.keys(manifest.files) }, `saved model ${manifest.model.name}`);
    return manifest;
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw fsFailure(error, target);
  }
}

/** The manifest without `files`, checked before anything touches the disk. */
function manifestWithoutFiles(options: SaveModelDirOptions): Omit<ModelManifest, 'files'> {
  const { manifest, model } = options;
  const candidate = {
    ...manifest,
    format_version: MANIFEST_FORMAT_VERSION,
    created_at: new Date().toISOString(),
    tfjs_version: tf.version.tfjs,
    backend: manifest.backend ?? describeBackend(),
    inputs: manifest.inputs ?? model.inputs.map(toTensorSpec),
    outputs: manifest.outputs ?? model.outputs.map(toTensorSpec),
    preprocessing: manifest.preprocessing ?? {},
  };
  const parsed = manifestSchema.omit({ files: true }).safeParse(candidate);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error);
    throw new ScenarioError('INVALID_ARGUMENT', `invalid manifest: ${issues.join('; ')}`, { details: { issues } });
  }
  return parsed.data;
}

function describeBackend(): ModelManifest['backend'] {
  const info = currentBackend();
  const name = info?.name ?? tf.getBackend();
  const versions: Record<string, string> = { ...tf.version, 'tfjs-backend-wasm': version_wasm };
  const version = versions[`tfjs-backend-${name}`];
  return { name, ...(version ? { version } : {}), ...(info?.binding ? { binding: info.binding } : {}) };
}

/** Dimensions of unknown size (`null` in layers, -1 in graph models) become `null`. */
function toTensorSpec(info: ModelTensorInfo): TensorSpec {
  const shape = info.shape?.map((size) => (size === null || size < 0 ? null : size));
  return { name: info.name, dtype: info.dtype, ...(shape ? { shape } : {}) };
}

function checkExtraFileName(name: string): void {
  const problem = !fileNameSchema.safeParse(name).success
    ? 'is not a plain file name'
    : RESERVED_NAMES.has(name)
      ? 'is reserved for the model itself'
      : undefined;
  if (problem) throw new ScenarioError('INVALID_ARGUMENT', `extra file ${JSON.stringify(name)} ${problem}`);
}

/** False when `target` does not exist; true when it may be replaced; throws otherwise. */
async function targetIsReplaceable(target: string, overwrite: boolean): Promise<boolean> {
  // ENOTDIR: a parent is a file; creating the parent will fail with the plainer message.
  const info = await stat(target).catch((error: unknown) => {
    if (isCode(error, 'ENOENT', 'ENOTDIR')) return undefined;
    throw fsFailure(error, target);
  });
  if (!info) return false;
  if (!info.isDirectory()) throw new ScenarioError('INVALID_ARGUMENT', `${target} exists and is not a directory`);
  if (!overwrite) {
    throw new ScenarioError('INVALID_ARGUMENT', `${target} already exists; pass overwrite to replace it`);
  }
  // Never delete a directory that is not ours: overwrite only replaces a model directory or nothing.
  const entries = await readdir(target);
  if (entries.length > 0 && !entries.includes(MANIFEST_JSON)) {
    throw new ScenarioError('INVALID_ARGUMENT', `refusing to replace ${target}: it is not a model directory`);
  }
  return true;
}

async function checksumFiles(dir: string): Promise<Record<string, FileEntry>> {
  const files: Record<string, FileEntry> = {};
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name);
    files[name] = { sha256: await sha256File(path), size: (await stat(path)).size };
  }
  return files;
}

async function moveIntoPlace(args: { temp: string; target: string; replace: boolean; logger: Logger }): Promise<void> {
  const { temp, target, replace, logger } = args;
  const parent = dirname(target);
  if (!replace) {
    await rename(temp, target);
    await fsyncDir(parent);
    return;
  }
  const backup = join(parent, `${basename(target)}.old-${randomBytes(4).toString('hex')}`);
  await rename(target, backup);
  try {
    await rename(temp, target);
  } catch (error) {
    await rename(backup, target);
    throw error;
  }
  await fsyncDir(parent);
  // The new model is in place; a backup that cannot be removed is untidy, not a failed save.
  await rm(backup, { recursive: true, force: true }).catch((error: unknown) =>
    logger.warn({ backup, error: String(error) }, 'could not remove the previous model directory'),
  );
}

/** File-system errors the caller can fix (a file in the way, no permission) are bad arguments. */
function fsFailure(error: unknown, target: string): ScenarioError {
  if (error instanceof ScenarioError) return error;
  const message = `could not save model to ${target}: ${error instanceof Error ? error.message : String(error)}`;
  const code = isCode(error, 'ENOTDIR', 'EEXIST', 'ENOTEMPTY', 'EACCES', 'EPERM', 'EROFS')
    ? 'INVALID_ARGUMENT'
    : 'INTERNAL';
  return new ScenarioError(code, message, { cause: error });
}

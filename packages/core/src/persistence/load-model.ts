import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ScenarioError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import { tf } from '../tf.js';
import { sha256File } from './checksum.js';
import { isCode } from './durable-fs.js';
import { fileSystemHandler, readModelJSON, weightFilePaths } from './fs-io-handler.js';
import { describeIssues, MANIFEST_JSON, type ModelManifest, manifestSchema } from './manifest.js';

export interface LoadModelDirOptions {
  /** Refuse (MODEL_INVALID) a model whose manifest names another scenario. Default: any scenario. */
  expectScenario?: string;
  /** Default: silent. */
  logger?: Logger;
}

/** A model loaded from a model directory, with its manifest. */
export interface LoadedModel<M> {
  model: M;
  manifest: ModelManifest;
}

/**
 * Reads and validates `<dir>/manifest.json` without looking at the other files.
 * MODEL_NOT_FOUND when `dir` is not a directory; MODEL_INVALID, with every problem listed,
 * when the manifest is missing, is not JSON or does not fit the schema.
 */
export async function readManifest(dir: string): Promise<ModelManifest> {
  const target = resolve(dir);
  const info = await stat(target).catch((error: unknown) => {
    if (isCode(error, 'ENOENT', 'ENOTDIR')) {
      throw new ScenarioError('MODEL_NOT_FOUND', `no model directory at ${target}`, { cause: error });
    }
    throw error;
  });
  if (!info.isDirectory()) throw new ScenarioError('MODEL_NOT_FOUND', `${target} is a file, not a model directory`);
  let text: string;
  try {
    text = await readFile(join(target, MANIFEST_JSON), 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) throw new ScenarioError('MODEL_INVALID', `${target} has no ${MANIFEST_JSON}`);
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(
      'MODEL_INVALID',
      `${MANIFEST_JSON} in ${target} is not valid JSON: ${(error as Error).message}`,
    );
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error);
    throw new ScenarioError('MODEL_INVALID', `invalid ${MANIFEST_JSON} in ${target}: ${issues.join('; ')}`, {
      details: { issues },
    });
  }
  return parsed.data;
}

/**
 * Checks a model directory without loading it: the manifest (see readManifest), the scenario,
 * the size and sha256 of every listed file (CHECKSUM_MISMATCH naming the file), that every
 * weight file model.json uses is listed and that no unlisted `.bin` file lies beside them
 * (MODEL_INVALID). Other unlisted files are reported on the logger and ignored.
 */
export async function verifyModelDir(dir: string, options: LoadModelDirOptions = {}): Promise<ModelManifest> {
  return (await verify(resolve(dir), options)).manifest;
}

/** Verifies a model directory (see verifyModelDir), then loads its layers model. */
export async function loadModelDir(
  dir: string,
  options: LoadModelDirOptions = {},
): Promise<LoadedModel<tf.LayersModel>> {
  const target = resolve(dir);
  const { manifest, format } = await verify(target, options);
  if (format === 'graph-model') {
    throw new ScenarioError('MODEL_INVALID', `${target} holds a graph model; load it with loadGraphModelDir`);
  }
  const model = await loading(target, () => tf.loadLayersModel(fileSystemHandler(target)));
  (options.logger ?? silentLogger).info(
    { dir: target, version: manifest.model.version },
    `loaded ${manifest.model.name}`,
  );
  return { model, manifest };
}

/** Verifies a model directory (see verifyModelDir), then loads its graph model (format `graph-model`). */
export async function loadGraphModelDir(
  dir: string,
  options: LoadModelDirOptions = {},
): Promise<LoadedModel<tf.GraphModel>> {
  const target = resolve(dir);
  const { manifest, format } = await verify(target, options);
  if (format !== 'graph-model') {
    throw new ScenarioError('MODEL_INVALID', `${target} holds a ${format ?? 'layers-model'}, not a graph model`);
  }
  const model = await loading(target, () => tf.loadGraphModel(fileSystemHandler(target)));
  (options.logger ?? silentLogger).info(
    { dir: target, version: manifest.model.version },
    `loaded ${manifest.model.name}`,
  );
  return { model, manifest };
}

async function verify(
  target: string,
  options: LoadModelDirOptions,
): Promise<{ manifest: ModelManifest; format: string | undefined }> {
  const manifest = await readManifest(target);
  if (options.expectScenario !== undefined && manifest.scenario !== options.expectScenario) {
    throw new ScenarioError(
      'MODEL_INVALID',
      `${target} holds a model for scenario "${manifest.scenario}", not "${options.expectScenario}"`,
    );
  }
  for (const [name, expected] of Object.entries(manifest.files)) await checkFile(target, name, expected);

  const modelJSON = await readModelJSON(target);
  for (const path of weightFilePaths(modelJSON.weightsManifest)) {
    if (!(path in manifest.files)) {
      throw new ScenarioError(
        'MODEL_INVALID',
        `weight file ${path} used by model.json is not listed in ${MANIFEST_JSON}`,
      );
    }
  }
  for (const name of await readdir(target)) {
    if (name === MANIFEST_JSON || name in manifest.files) continue;
    if (name.endsWith('.bin')) {
      throw new ScenarioError(
        'MODEL_INVALID',
        `${target} holds a weight file ${name} that ${MANIFEST_JSON} does not list`,
      );
    }
    options.logger?.warn({ dir: target, file: name }, 'ignoring a file the manifest does not list');
  }
  return { manifest, format: modelJSON.format };
}

async function checkFile(target: string, name: string, expected: { sha256: string; size: number }): Promise<void> {
  const path = join(target, name);
  const info = await stat(path).catch((error: unknown) => {
    if (isCode(error, 'ENOENT'))
      throw new ScenarioError('MODEL_INVALID', `${name} listed in ${MANIFEST_JSON} is missing`);
    throw error;
  });
  if (info.size !== expected.size) {
    throw new ScenarioError('CHECKSUM_MISMATCH', `${name} has ${info.size} bytes, the manifest says ${expected.size}`, {
      details: { file: name, expectedSize: expected.size, actualSize: info.size },
    });
  }
  const actual = await sha256File(path);
  if (actual !== expected.sha256) {
    throw new ScenarioError('CHECKSUM_MISMATCH', `${name} does not match its sha256 in ${MANIFEST_JSON}`, {
      details: { file: name, expected: expected.sha256, actual },
    });
  }
}

/** Whatever tfjs objects to in a verified directory (unknown layer, shape mismatch) makes the model invalid. */
async function loading<M>(target: string, load: () => Promise<M>): Promise<M> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ScenarioError('MODEL_INVALID', `could not load the model in ${target}: ${message}`, { cause: error });
  }
}

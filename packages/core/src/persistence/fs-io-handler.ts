import { mkdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import { isCode, writeFileSynced } from './durable-fs.js';

/** File name of the model topology and weights manifest, as every tfjs handler names it. */
export const MODEL_JSON = 'model.json';
/** File name under which `fileSystemHandler` saves all weights. */
export const WEIGHTS_BIN = 'weights.bin';

/**
 * A `tf.io.IOHandler` for a directory on the local filesystem: what tfjs-node's `file://`
 * handler does, for core without native TensorFlow.
 *
 * - `save` creates the directory when needed and writes `weights.bin` (all weights in one file,
 *   as tfjs-node does: on a local disk shards buy nothing), then `model.json` (topology, format,
 *   generatedBy, convertedBy, trainingConfig, signature, userDefinedMetadata, weightsManifest).
 *   Each file is flushed to the disk before `save` resolves.
 * - `load` reads `model.json` and every weight file its `weightsManifest` lists, in any number of
 *   groups and shards as tfjs-converter writes them, resolved relative to the directory and
 *   concatenated in order. Paths that leave the directory are refused (MODEL_INVALID).
 *
 * Works for layers models (`model.save(handler)`, `tf.loadLayersModel(handler)`) and graph
 * models (`tf.loadGraphModel(handler)`, `graphModel.save(handler)`).
 */
export function fileSystemHandler(dir: string): tf.io.IOHandler {
  return {
    save: (artifacts) => saveArtifacts(dir, artifacts),
    load: async () => {
      const modelJSON = await readModelJSON(dir);
      return tf.io.getModelArtifactsForJSON(modelJSON, (manifest) => readWeights(dir, manifest));
    },
  };
}

async function saveArtifacts(dir: string, artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
  const { modelTopology } = artifacts;
  if (modelTopology === undefined) throw new ScenarioError('INVALID_ARGUMENT', 'the model artifacts have no topology');
  if (modelTopology instanceof ArrayBuffer) {
    throw new ScenarioError('INVALID_ARGUMENT', 'a binary (protobuf) model topology cannot be saved as model.json');
  }
  const weights =
    artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  // Undefined optional fields disappear in JSON.stringify, so model.json only holds what the model has.
  const modelJSON: tf.io.ModelJSON = {
    modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    trainingConfig: artifacts.trainingConfig,
    signature: artifacts.signature,
    userDefinedMetadata: artifacts.userDefinedMetadata,
    modelInitializer: artifacts.modelInitializer,
    initializerSignature: artifacts.initializerSignature,
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
  };
  await mkdir(dir, { recursive: true });
  // Weights first: a model.json on disk always points at weights that are already complete.
  await writeFileSynced(join(dir, WEIGHTS_BIN), new Uint8Array(weights));
  await writeFileSynced(join(dir, MODEL_JSON), JSON.stringify(modelJSON));
  return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON({ ...artifacts, weightData: weights }) };
}

/**
 * Reads and parses `<dir>/model.json`. MODEL_NOT_FOUND when it is missing, MODEL_INVALID when it
 * is not JSON or has no `modelTopology`.
 */
export async function readModelJSON(dir: string): Promise<tf.io.ModelJSON> {
  const path = join(dir, MODEL_JSON);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT', 'ENOTDIR')) {
      throw new ScenarioError('MODEL_NOT_FOUND', `no ${MODEL_JSON} in ${dir}`, { cause: error });
    }
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError('MODEL_INVALID', `${path} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  if (record?.modelTopology == null) throw new ScenarioError('MODEL_INVALID', `${path} has no modelTopology`);
  if (!Array.isArray(record.weightsManifest))
    throw new ScenarioError('MODEL_INVALID', `${path} has no weightsManifest list`);
  return parsed as tf.io.ModelJSON;
}

/**
 * The weight files a model.json's `weightsManifest` lists, in order, as normalised paths relative
 * to its directory (`./weights.bin` becomes `weights.bin`). Throws MODEL_INVALID for a path that
 * leaves the directory.
 */
export function weightFilePaths(manifest: tf.io.WeightsManifestConfig): string[] {
  return manifest.flatMap((group) => group.paths.map(insideDirectory));
}

function insideDirectory(path: string): string {
  const normalised = posix.normalize(path);
  if (posix.isAbsolute(normalised) || normalised === '..' || normalised.startsWith('../') || normalised === '.') {
    throw new ScenarioError('MODEL_INVALID', `weight path ${JSON.stringify(path)} points outside the model directory`);
  }
  return normalised;
}

async function readWeights(
  dir: string,
  manifest: tf.io.WeightsManifestConfig,
): Promise<[tf.io.WeightsManifestEntry[], ArrayBuffer]> {
  const shards: Uint8Array[] = [];
  for (const path of weightFilePaths(manifest)) {
    try {
      shards.push(await readFile(join(dir, path)));
    } catch (error) {
      if (isCode(error, 'ENOENT')) {
        throw new ScenarioError('MODEL_INVALID', `weight file ${path} listed in ${MODEL_JSON} is missing`, {
          cause: error,
        });
      }
      throw error;
    }
  }
  // One copy into a buffer of our own: Node's Buffers may be views into a larger shared pool.
  const weights = new Uint8Array(shards.reduce((sum, shard) => sum + shard.byteLength, 0));
  let offset = 0;
  for (const shard of shards) {
    weights.set(shard, offset);
    offset += shard.byteLength;
  }
  return [tf.io.getWeightSpecs(manifest), weights.buffer];
}

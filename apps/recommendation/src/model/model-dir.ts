import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Logger, ScenarioError, type tf } from '@scenarios/core';
import { loadModelDir, type ManifestFields, type ModelManifest, saveModelDir } from '@scenarios/core/persistence';
import type { ItemInfo } from '../datasets/interactions.js';
import type { UserSequences } from '../training/history-examples.js';
import { type RecommenderWeights, readWeights } from './model-weights.js';

/** The scenario name written to, and expected in, every manifest of this app. */
export const SCENARIO = 'recommendation';

/** Extra files of a recommender model directory, beside core's model.json, weights.bin and manifest.json. */
export const MODEL_FILES = { users: 'users.json', items: 'items.json', histories: 'histories.i32' } as const;

/** What the manifest's `preprocessing` holds for this app. */
export interface RecommenderSettings {
  /** Items of history the ranking model reads. */
  historyLength: number;
  /** [min, max] of the training ratings; absent for implicit data. */
  ratingScale?: [number, number];
}

/** Everything a saved recommender holds, on the host. */
export interface RecommenderArtifacts {
  manifest: ModelManifest;
  settings: RecommenderSettings;
  weights: RecommenderWeights;
  /** Raw user id of each user index. */
  userIds: Int32Array;
  /** Raw item id of each item index. */
  itemIds: Int32Array;
  itemInfo: ItemInfo[];
  /** Every user's interactions known at training time (all of the data), oldest first. */
  histories: UserSequences;
}

export interface SaveRecommenderOptions {
  model: tf.LayersModel;
  manifest: ManifestFields;
  settings: RecommenderSettings;
  userIds: Int32Array;
  itemIds: Int32Array;
  itemInfo: readonly ItemInfo[];
  histories: UserSequences;
  overwrite?: boolean;
  logger?: Logger;
}

/** `[numUsers, offsets (numUsers + 1), items]` as little-endian int32. */
function encodeHistories(histories: UserSequences): Uint8Array {
  const numUsers = histories.offsets.length - 1;
  const bytes = new Uint8Array((1 + histories.offsets.length + histories.items.length) * 4);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, numUsers, true);
  let at = 4;
  for (const part of [histories.offsets, histories.items]) {
    for (const value of part) {
      view.setInt32(at, value, true);
      at += 4;
    }
  }
  return bytes;
}

function decodeHistories(bytes: Uint8Array, source: string): UserSequences {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = bytes.byteLength / 4;
  const numUsers = count >= 1 ? view.getInt32(0, true) : -1;
  if (!Number.isInteger(count) || numUsers < 0 || count < numUsers + 2) {
    throw new ScenarioError('MODEL_INVALID', `${source} is not a histories file`);
  }
  const read = (first: number, length: number) => {
    const out = new Int32Array(length);
    for (let i = 0; i < length; i++) out[i] = view.getInt32((first + i) * 4, true);
    return out;
  };
  const offsets = read(1, numUsers + 1);
  const items = read(numUsers + 2, count - numUsers - 2);
  if (offsets[numUsers] !== items.length)
    throw new ScenarioError('MODEL_INVALID', `${source}: offsets do not match items`);
  return { offsets, items };
}

/**
 * Saves a recommender with core's `saveModelDir` (atomic, checksummed): the Keras model, the id
 * maps and item metadata (`users.json`, `items.json`, named in the manifest's `id_maps`) and every
 * user's interactions (`histories.i32`), which the server excludes and the user tower reads.
 */
export async function saveRecommender(dir: string, options: SaveRecommenderOptions): Promise<ModelManifest> {
  const items = Array.from(options.itemIds, (id, index) => ({ id, ...(options.itemInfo[index] as ItemInfo) }));
  return saveModelDir(dir, {
    model: options.model,
    manifest: {
      ...options.manifest,
      scenario: SCENARIO,
      preprocessing: {
        history_length: options.settings.historyLength,
        rating_scale: options.settings.ratingScale ?? null,
        history_padding: 'history holds item index + 1; 0 pads, with weight 0',
      },
      id_maps: {
        users: { file: MODEL_FILES.users, count: options.userIds.length },
        items: { file: MODEL_FILES.items, count: options.itemIds.length },
      },
    },
    extraFiles: {
      [MODEL_FILES.users]: JSON.stringify(Array.from(options.userIds)),
      [MODEL_FILES.items]: JSON.stringify(items),
      [MODEL_FILES.histories]: encodeHistories(options.histories),
    },
    ...(options.overwrite ? { overwrite: true } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

function parseSettings(manifest: ModelManifest, source: string): RecommenderSettings {
  const { history_length: historyLength, rating_scale: scale } = manifest.preprocessing as Record<string, unknown>;
  if (!Number.isInteger(historyLength) || (historyLength as number) < 1) {
    throw new ScenarioError('MODEL_INVALID', `${source}: preprocessing.history_length must be a positive integer`);
  }
  const validScale = Array.isArray(scale) && scale.length === 2 && scale.every((v) => Number.isFinite(v));
  if (scale !== null && scale !== undefined && !validScale) {
    throw new ScenarioError('MODEL_INVALID', `${source}: preprocessing.rating_scale must be [min, max] or null`);
  }
  return { historyLength: historyLength as number, ...(validScale ? { ratingScale: scale as [number, number] } : {}) };
}

/**
 * Loads a recommender saved by `saveRecommender`: core verifies the manifest and the checksums
 * (MODEL_NOT_FOUND, MODEL_INVALID, CHECKSUM_MISMATCH), the tables are copied to the host and the
 * Keras model is freed. MODEL_INVALID when the id maps do not fit the tables.
 */
export async function loadRecommender(dir: string, options: { logger?: Logger } = {}): Promise<RecommenderArtifacts> {
  const target = resolve(dir);
  const { model, manifest } = await loadModelDir(target, {
    expectScenario: SCENARIO,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  try {
    const settings = parseSettings(manifest, target);
    const weights = readWeights(model, { historyLength: settings.historyLength });
    const read = (name: string) => readFile(join(target, name));
    const userIds = Int32Array.from(JSON.parse((await read(MODEL_FILES.users)).toString('utf8')) as number[]);
    const items = JSON.parse((await read(MODEL_FILES.items)).toString('utf8')) as (ItemInfo & { id: number })[];
    const histories = decodeHistories(await read(MODEL_FILES.histories), join(target, MODEL_FILES.histories));
    const problem =
      items.length !== weights.numItems
        ? `items.json lists ${items.length} items for ${weights.numItems} rows`
        : histories.offsets.length - 1 !== userIds.length
          ? `histories.i32 has ${histories.offsets.length - 1} users, users.json ${userIds.length}`
          : weights.rating && weights.rating.userBias.length !== userIds.length
            ? `users.json lists ${userIds.length} users for ${weights.rating.userBias.length} rows`
            : undefined;
    if (problem) throw new ScenarioError('MODEL_INVALID', `${target}: ${problem}`);
    return {
      manifest,
      settings,
      weights,
      userIds,
      itemIds: Int32Array.from(items, (item) => item.id),
      itemInfo: items.map(({ title, genres }) => ({ title, genres })),
      histories,
    };
  } finally {
    model.dispose();
  }
}

import { readCsvFile } from '@scenarios/core/data';
import { columnPositions, fileExists, parseId, parseNumber } from './delimited-file.js';
import { buildInteractions, type ItemInfo, RowCollector } from './interactions.js';
import type { AdapterOptions, LoadedInteractions } from './loaded-interactions.js';

export interface InteractionsCsvOptions extends AdapterOptions {
  /** An items file: `item,title[,genres]` with genres separated by `|`. Default none. */
  itemsPath?: string;
}

/**
 * Reads a generic interactions CSV with a header naming the columns `user` and `item` and,
 * optionally, `rating` (a number; an empty field is an interaction without a rating) and
 * `timestamp` (seconds since the epoch). Ids are integers in [0, 2^31 - 1]; other columns are
 * ignored. Without any rating the data is implicit feedback and only the ranking model is trained.
 *
 * @throws ScenarioError DATA_NOT_FOUND when a file is missing, DATA_CORRUPT on a bad header or field.
 */
export async function loadInteractionsCsv(
  path: string,
  options: InteractionsCsvOptions = {},
): Promise<LoadedInteractions> {
  const rows = await readCsvFile(path);
  // A file with a header and no rows is caught by buildInteractions ("holds no interactions").
  const header = rows.length > 0 ? Object.keys(rows[0] as object) : ['user', 'item'];
  const columns = columnPositions(header, { path, required: ['user', 'item'], optional: ['rating', 'timestamp'] });
  const collector = new RowCollector();
  for (const [index, record] of rows.entries()) {
    if (options.limit !== undefined && collector.size >= options.limit) break;
    const at = (column: string) => ({ path, line: index + 2, column });
    collector.add({
      user: parseId(record.user, at('user')),
      item: parseId(record.item, at('item')),
      rating: columns.rating < 0 ? Number.NaN : parseNumber(record.rating, { ...at('rating'), optional: true }),
      timestamp: columns.timestamp < 0 ? Number.NaN : parseNumber(record.timestamp, at('timestamp')),
    });
  }
  const files = [path];
  let itemInfo: Map<number, ItemInfo> | undefined;
  if (options.itemsPath !== undefined && (await fileExists(options.itemsPath))) {
    itemInfo = await readItems(options.itemsPath);
    files.push(options.itemsPath);
  }
  return {
    format: 'csv',
    files,
    interactions: buildInteractions(collector, { source: path, ...(itemInfo ? { itemInfo } : {}) }),
  };
}

async function readItems(path: string): Promise<Map<number, ItemInfo>> {
  const records = await readCsvFile(path);
  const header = records.length > 0 ? Object.keys(records[0] as object) : [];
  columnPositions(header, { path, required: ['item', 'title'], optional: ['genres'] });
  const info = new Map<number, ItemInfo>();
  records.forEach((record, index) => {
    const id = parseId(record.item, { path, line: index + 2, column: 'item' });
    const genres = (record.genres ?? '').split('|').filter((g) => g !== '');
    info.set(id, { title: record.title ?? '', genres });
  });
  return info;
}

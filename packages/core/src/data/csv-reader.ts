import { parse } from 'csv-parse/sync';
import { ScenarioError } from '../errors.js';
import { readFileBytes } from './file-bytes.js';

/** One CSV row: column name -> field text (values are not converted). */
export type CsvRecord = Record<string, string>;

export interface CsvOptions {
  /** Field delimiter, one character. Default ','. */
  delimiter?: string;
  /** The first row names the columns. Default true. */
  header?: boolean;
  /**
   * With a header: keep only these columns (each must exist). Without a header: the names of
   * the columns, in order (required then). Default: every column of the header.
   */
  columns?: readonly string[];
  /** Names the input in error messages. Default '<buffer>' (the path for `readCsvFile`). */
  source?: string;
}

/**
 * Reads a CSV file into records (RFC 4180: quoted fields may hold delimiters, quotes doubled
 * as "" and line breaks; a UTF-8 byte-order mark is dropped; empty lines are skipped).
 *
 * @throws ScenarioError DATA_NOT_FOUND when the file does not exist, DATA_CORRUPT on malformed
 * CSV (unclosed quote, a row with the wrong number of fields) or a missing column.
 */
export async function readCsvFile(path: string, options: Omit<CsvOptions, 'source'> = {}): Promise<CsvRecord[]> {
  return parseCsv(await readFileBytes(path), { ...options, source: path });
}

/** Parses CSV text or UTF-8 bytes; see `readCsvFile`. */
export function parseCsv(input: string | Uint8Array, options: CsvOptions = {}): CsvRecord[] {
  const source = options.source ?? '<buffer>';
  const header = options.header ?? true;
  const selected = options.columns;
  if (!header && (!selected || selected.length === 0)) {
    throw new ScenarioError('INVALID_ARGUMENT', `${source}: a CSV without a header needs the 'columns' option`);
  }
  let headerNames: string[] = [];
  let records: CsvRecord[];
  try {
    records = parse(typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength), {
      bom: true,
      delimiter: options.delimiter ?? ',',
      skip_empty_lines: true,
      columns: header
        ? (names: string[]) => {
            headerNames = names;
            return names;
          }
        : [...(selected as readonly string[])],
    }) as CsvRecord[];
  } catch (error) {
    throw new ScenarioError('DATA_CORRUPT', `${source}: invalid CSV (${(error as Error).message})`, { cause: error });
  }
  if (!header || !selected) return records;

  const missing = selected.filter((name) => !headerNames.includes(name));
  if (missing.length > 0 && headerNames.length > 0) {
    throw new ScenarioError(
      'DATA_CORRUPT',
      `${source}: missing column(s) ${missing.join(', ')} (the header has ${headerNames.join(', ')})`,
    );
  }
  return records.map((record) => {
    const picked: CsvRecord = {};
    for (const name of selected) picked[name] = record[name] as string;
    return picked;
  });
}

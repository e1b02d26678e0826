import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { ScenarioError } from '@scenarios/core';
import { isRawId } from './interactions.js';

export interface DelimitedFileOptions {
  /** Field delimiter, such as ',' or '\t'. */
  delimiter: string;
  /** Text encoding: MovieLens 100K is latin-1. Default 'utf8'. */
  encoding?: 'utf8' | 'latin1';
}

/** Where a field came from, for error messages. */
export interface FieldSource {
  path: string;
  line: number;
  column: string;
}

/** Whether a file exists (and is a file). */
export async function fileExists(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
}

/**
 * Streams a delimited text file line by line (any size: nothing but the current line is held),
 * calling `onLine(fields, lineNumber)` for every non-blank line; `onLine` returns false to stop.
 * For files without quoting, such as MovieLens ratings; quoted CSV goes through core's CSV reader.
 *
 * @throws ScenarioError DATA_NOT_FOUND when the file does not exist.
 */
export async function forEachLine(
  path: string,
  options: DelimitedFileOptions,
  onLine: (fields: string[], line: number) => boolean | undefined,
): Promise<void> {
  if (!(await fileExists(path))) throw new ScenarioError('DATA_NOT_FOUND', `${path} does not exist`);
  const input = createReadStream(path, { encoding: options.encoding ?? 'utf8' });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  try {
    for await (const text of lines) {
      number++;
      const line = number === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      if (line.trim() === '') continue;
      if (onLine(line.split(options.delimiter), number) === false) break;
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

function corrupt(source: FieldSource, problem: string): ScenarioError {
  return new ScenarioError('DATA_CORRUPT', `${source.path} line ${source.line}: ${source.column} ${problem}`, {
    details: { path: source.path, line: source.line, column: source.column },
  });
}

/** A raw user or item id: an integer in [0, 2^31 - 1]. DATA_CORRUPT otherwise. */
export function parseId(text: string | undefined, source: FieldSource): number {
  const value = text === undefined || text.trim() === '' ? Number.NaN : Number(text);
  if (!isRawId(value)) throw corrupt(source, `must be an integer id in [0, 2^31 - 1], got ${JSON.stringify(text)}`);
  return value;
}

/** A finite number; an empty field is NaN (absent) when `optional`. DATA_CORRUPT otherwise. */
export function parseNumber(text: string | undefined, source: FieldSource & { optional?: boolean }): number {
  if ((text === undefined || text.trim() === '') && source.optional) return Number.NaN;
  const value = text === undefined || text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) throw corrupt(source, `must be a number, got ${JSON.stringify(text)}`);
  return value;
}

/**
 * The position of each wanted column in a header row. DATA_CORRUPT naming the missing ones;
 * optional columns that are absent get -1.
 */
export function columnPositions<R extends string, O extends string = never>(
  header: readonly string[],
  spec: { path: string; required: readonly R[]; optional?: readonly O[] },
): Record<R | O, number> {
  const names = header.map((name) => name.trim());
  const missing = spec.required.filter((name) => !names.includes(name));
  if (missing.length > 0) {
    throw new ScenarioError(
      'DATA_CORRUPT',
      `${spec.path}: the header lacks column(s) ${missing.join(', ')} (it has ${names.join(', ')})`,
    );
  }
  const positions = {} as Record<R | O, number>;
  for (const name of [...spec.required, ...(spec.optional ?? [])]) positions[name] = names.indexOf(name);
  return positions;
}

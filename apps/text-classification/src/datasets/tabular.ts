import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { ScenarioError } from '@scenarios/core';
import { readCsvFile } from '@scenarios/core/data';
import { type LabeledTexts, type TaskKind, withTargets } from './labeled-texts.js';

/** Which fields of a CSV row or JSONL object hold the text, the label(s) and the group. */
export interface ColumnOptions {
  /** Default `text`. */
  textColumn?: string;
  /** Default `label`. */
  labelColumn?: string;
  /**
   * Makes the task multi-label: a label field is split at this separator (`"sports|politics"`).
   * JSONL label arrays are multi-label without it. Default: single-label.
   */
  labelSeparator?: string;
  /** A column naming each row's source group, for metrics broken down by group. Default none. */
  groupColumn?: string;
}

/** The column settings with their defaults, as recorded in the manifest. */
export function columnSettings(
  options: ColumnOptions,
): Required<Omit<ColumnOptions, 'labelSeparator' | 'groupColumn'>> &
  Pick<ColumnOptions, 'labelSeparator' | 'groupColumn'> {
  return {
    textColumn: options.textColumn ?? 'text',
    labelColumn: options.labelColumn ?? 'label',
    ...(options.labelSeparator === undefined ? {} : { labelSeparator: options.labelSeparator }),
    ...(options.groupColumn === undefined ? {} : { groupColumn: options.groupColumn }),
  };
}

interface Row {
  text: unknown;
  label: unknown;
  group?: unknown;
  /** 1-based line (JSONL) or record (CSV) number, for error messages. */
  where: string;
}

/**
 * Reads labelled texts from a CSV file with a header row (RFC 4180 quoting, through core's reader).
 * DATA_CORRUPT for a missing column, an empty label (single-label) or fewer than two classes.
 */
export async function loadCsvTexts(path: string, options: ColumnOptions = {}): Promise<LabeledTexts> {
  const columns = columnSettings(options);
  const wanted = [columns.textColumn, columns.labelColumn, ...(columns.groupColumn ? [columns.groupColumn] : [])];
  const records = await readCsvFile(path, { columns: [...new Set(wanted)] });
  const rows = records.map((record, i) => ({
    text: record[columns.textColumn],
    label: record[columns.labelColumn],
    ...(columns.groupColumn ? { group: record[columns.groupColumn] } : {}),
    where: `record ${i + 1}`,
  }));
  return fromRows(rows, { path, format: 'csv', ...columns });
}

/**
 * Reads labelled texts from a JSON Lines file: one object per line with a string text field and a
 * label that is a string or number (or, for multi-label data, an array of them). Blank lines are
 * skipped. DATA_CORRUPT names the line of a malformed object, a missing field or a wrong type.
 */
export async function loadJsonlTexts(path: string, options: ColumnOptions = {}): Promise<LabeledTexts> {
  const columns = columnSettings(options);
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    throw new ScenarioError('DATA_NOT_FOUND', `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  const rows: Row[] = [];
  content.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new ScenarioError('DATA_CORRUPT', `${path} line ${i + 1}: invalid JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ScenarioError('DATA_CORRUPT', `${path} line ${i + 1}: expected a JSON object`);
    }
    const record = value as Record<string, unknown>;
    rows.push({
      text: record[columns.textColumn],
      label: record[columns.labelColumn],
      ...(columns.groupColumn ? { group: record[columns.groupColumn] } : {}),
      where: `line ${i + 1}`,
    });
  });
  return fromRows(rows, { path, format: 'jsonl', ...columns });
}

function fromRows(
  rows: Row[],
  options: ReturnType<typeof columnSettings> & { path: string; format: 'csv' | 'jsonl' },
): LabeledTexts {
  const { path, textColumn, labelColumn, labelSeparator, groupColumn } = options;
  if (rows.length === 0) throw new ScenarioError('DATA_CORRUPT', `${path} holds no rows`);
  const task: TaskKind =
    labelSeparator !== undefined || rows.some((row) => Array.isArray(row.label)) ? 'multi-label' : 'single-label';
  const corrupt = (row: Row, problem: string) => new ScenarioError('DATA_CORRUPT', `${path} ${row.where}: ${problem}`);
  const scalar = (row: Row, value: unknown): string => {
    if (typeof value === 'string') return value.trim();
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw corrupt(
      row,
      `"${labelColumn}" must be a string or a number, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`,
    );
  };
  const texts = rows.map((row) => {
    if (typeof row.text !== 'string') throw corrupt(row, `"${textColumn}" must be a string`);
    return row.text;
  });
  const labels = rows.map((row) => {
    if (task === 'single-label') {
      const label = scalar(row, row.label);
      if (label === '') throw corrupt(row, `"${labelColumn}" is empty`);
      return label;
    }
    const parts = Array.isArray(row.label)
      ? row.label.map((item) => scalar(row, item))
      : labelSeparator !== undefined
        ? scalar(row, row.label).split(labelSeparator)
        : [scalar(row, row.label)];
    return [...new Set(parts.map((part) => part.trim()).filter((part) => part !== ''))];
  });
  const groups = groupColumn
    ? rows.map((row) => {
        if (row.group === undefined || row.group === null) throw corrupt(row, `"${groupColumn}" is missing`);
        return String(row.group);
      })
    : undefined;
  const name = basename(path, extname(path));
  return withTargets(
    { name, format: options.format, texts, files: [path], ...(groups ? { groups } : {}) },
    task === 'single-label' ? (labels as string[]) : (labels as string[][]),
    task,
  );
}

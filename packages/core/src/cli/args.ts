import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ScenarioError } from '../errors.js';
import { type Logger, stderrLogger } from '../logger.js';

/** What a command writes to, so tests and the CLI share one code path. */
export interface CommandIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  logger: Logger;
}

/** The process's streams, with core's stderr logger. */
export function processIo(): CommandIo {
  return { stdout: process.stdout, stderr: process.stderr, logger: stderrLogger() };
}

/** Bad usage: exit code 2 and the command's usage. */
export class UsageError extends ScenarioError {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * The flags every app's `train` takes (DESIGN.md), for `parseFlags`: `--data`, `--out`, `--epochs`,
 * `--batch-size`, `--seed`, `--limit` and `--overwrite`. Each app reads their values with its own
 * defaults and bounds.
 */
export const TRAIN_FLAGS = {
  data: { type: 'string' },
  out: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  seed: { type: 'string' },
  limit: { type: 'string' },
  overwrite: { type: 'boolean' },
} as const satisfies Options;

/**
 * The flags every app's `serve` takes (DESIGN.md), for `parseFlags`: `--model`, `--port` and
 * `--host`; read them with `serveFlagValues`.
 */
export const SERVE_FLAGS = {
  model: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
} as const satisfies Options;

/** The values of `SERVE_FLAGS`: `--model` is required; port 8080 and host 127.0.0.1 by default. */
export function serveFlagValues(values: ParsedFlags['values']): { model: string; port: number; host: string } {
  return {
    model: required('model', values.model),
    port: integerFlag('port', values.port, 0) ?? 8080,
    host: typeof values.host === 'string' ? values.host : '127.0.0.1',
  };
}

/** Flag values by name (strings, or true for boolean flags) and the positional arguments. */
export interface ParsedFlags {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** `parseArgs` in strict mode, with its errors (unknown flag, missing value) as `UsageError`. */
export function parseFlags(args: string[], options: Options, allowPositionals = false): ParsedFlags {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals, strict: true });
    return { values: values as ParsedFlags['values'], positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A required string flag. */
export function required(flag: string, value: string | boolean | undefined): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${flag} is required`);
  return value;
}

/** An integer flag of at least `min`, or undefined when absent. */
export function integerFlag(flag: string, value: string | boolean | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isInteger(n) || n < min) {
    throw new UsageError(`--${flag} must be an integer >= ${min}, got ${String(value)}`);
  }
  return n;
}

/** A flag whose value is one of `choices`, or undefined when absent. */
export function choiceFlag<C extends string>(
  flag: string,
  value: string | boolean | undefined,
  choices: readonly C[],
): C | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be one of ${choices.join(', ')}, got ${String(value)}`);
  }
  return value as C;
}

/** A finite number flag within [min, max], or undefined when absent. */
export function numberFlag(
  flag: string,
  value: string | boolean | undefined,
  range: { min?: number; max?: number } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const { min = -Infinity, max = Infinity } = range;
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`--${flag} must be a number in [${min}, ${max}], got ${String(value)}`);
  }
  return n;
}

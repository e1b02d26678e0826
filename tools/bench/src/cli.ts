#!/usr/bin/env node
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend, stderrLogger } from '@scenarios/core';
import { findRepoRoot } from '@scenarios/core/data';
import type { Measurement } from './benchmark.js';
import { BENCHMARKS, DEFAULT_BENCHMARKS, REFERENCES } from './registry.js';
import { renderTable } from './table.js';

const USAGE = `usage: pnpm bench [name...] [--samples N] [--out file.json] [--list]

Runs the named benchmarks (default: ${DEFAULT_BENCHMARKS.join(' ')}) on the default backend,
prints a table on stdout and writes the figures as JSON (default bench-results/<time>.json).`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    // `pnpm bench -- --list` passes the `--` through; it separates nothing here.
    args: process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--')),
    allowPositionals: true,
    options: {
      samples: { type: 'string' },
      out: { type: 'string' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return usage(0);
  if (values.list) {
    for (const b of [...BENCHMARKS, ...REFERENCES]) process.stdout.write(`${b.name.padEnd(14)} ${b.description}\n`);
    return 0;
  }
  const names = positionals.length > 0 ? positionals : DEFAULT_BENCHMARKS;
  const known = [...BENCHMARKS, ...REFERENCES].map((b) => b.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; known: ${known.join(', ')}\n`);
    return 2;
  }
  const samples = values.samples === undefined ? undefined : Number(values.samples);
  if (samples !== undefined && !(Number.isInteger(samples) && samples > 0)) {
    process.stderr.write(`--samples must be a positive integer, got ${values.samples}\n`);
    return usage(2);
  }

  const logger = stderrLogger();
  const measurements: Measurement[] = [];
  // References first, while no tfjs backend has started (see `Reference`).
  const references = REFERENCES.filter((r) => names.includes(r.name));
  for (const reference of references) {
    logger.info(`bench: ${reference.name}: ${reference.description}`);
    measurements.push(...(await reference.run({ logger })));
  }
  const backend = await initBackend({ logger });
  for (const benchmark of BENCHMARKS.filter((b) => names.includes(b.name))) {
    logger.info(`bench: ${benchmark.name}: ${benchmark.description}`);
    measurements.push(...(await benchmark.run({ backend, logger, samples })));
  }
  measurements.push(...references.flatMap((reference) => reference.compare(measurements)));
  process.stdout.write(`${renderTable(measurements)}\n`);

  const out =
    values.out ??
    path.join(
      findRepoRoot(process.cwd()) ?? process.cwd(),
      'bench-results',
      `${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(
    out,
    `${JSON.stringify({ date: new Date().toISOString(), backend, node: process.version, measurements }, null, 2)}\n`,
  );
  logger.info(`bench: figures written to ${out}`);
  return 0;
}

function usage(code: number): number {
  (code === 0 ? process.stdout : process.stderr).write(`${USAGE}\n`);
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);

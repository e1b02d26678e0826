#!/usr/bin/env node
/**
 * The app's benchmarks on real Fashion-MNIST (`pnpm bench [scenario...]`): the accuracy of both
 * recipes and how serving compares with in-process inference. Figures go to stdout, one labelled
 * line each; progress and logs to stderr.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { initBackend, ScenarioError } from '@scenarios/core';
import { type CommandIo, integerFlag, parseFlags, runCli, UsageError } from '@scenarios/core/cli';
import { findRepoRoot } from '@scenarios/core/data';
import type { RecipeName } from '../model.js';
import { runAccuracyBench } from './accuracy.js';
import { accuracyLines, machineLine, serveLines } from './report-lines.js';
import { measureServeThroughput } from './serve-throughput.js';

const SCENARIOS = ['accuracy-reference', 'accuracy-strong', 'serve-throughput'] as const;
type Scenario = (typeof SCENARIOS)[number];

const USAGE = `usage: node dist/bench/main.js [all | ${SCENARIOS.join(' | ')}]... [--data <dir>] [--out <dir>]
    [--model <model-dir>] [--epochs N] [--limit N] [--test-each-epoch] [--clients N] [--duration <seconds>]
    [--server-threads N] [--server-processes N]

  accuracy-reference  trains the reference CNN (5 epochs) and prints its test accuracy (target >= 0.90)
  accuracy-strong     trains the strong recipe and prints its test accuracy (>= 0.93) and training time (< 30 min)
  serve-throughput    single-image POST /v1/classify under concurrent clients against in-process batched
                      inference of the same model (target >= 0.8x), with p50 and p99 latency

--data defaults to $SCENARIOS_DATA_DIR/fashion-mnist. Models are written to --out (default
<repo>/.cache/bench/image-classification/<recipe>); serve-throughput serves --model, else the
strong model written there. --epochs and --limit shorten a run for a quick check only;
--test-each-epoch also prints the test accuracy after every epoch (learning curves; it costs time).
--server-threads sets the served model's wasm threads (default: TFJS_WASM_THREADS, else every core);
--server-processes runs \`serve --processes N\` (default 1).`;

interface BenchFlags {
  data: string;
  out: string;
  model: string | undefined;
  epochs: number | undefined;
  limit: number | undefined;
  clients: number | undefined;
  durationMs: number | undefined;
  serverThreads: number | undefined;
  serverProcesses: number | undefined;
}

async function bench(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    {
      data: { type: 'string' },
      out: { type: 'string' },
      model: { type: 'string' },
      epochs: { type: 'string' },
      limit: { type: 'string' },
      clients: { type: 'string' },
      duration: { type: 'string' },
      'test-each-epoch': { type: 'boolean' },
      'server-threads': { type: 'string' },
      'server-processes': { type: 'string' },
    },
    true,
  );
  const scenarios = selectScenarios(positionals);
  const flags = resolveFlags(values);
  const backend = await initBackend({ logger: io.logger });
  io.stdout.write(machineLine('at start', loadavg(), availableParallelism()));
  io.stdout.write(
    `${'backend'.padEnd(20)}${'tfjs'.padEnd(28)}${backend.name}, ${backend.threads ?? '?'} thread(s), tfjs ${backend.tfjsVersion}\n`,
  );
  for (const scenario of scenarios) {
    if (scenario === 'serve-throughput') {
      const model = flags.model ?? join(flags.out, 'strong');
      if (!existsSync(join(model, 'manifest.json'))) {
        throw new ScenarioError('MODEL_NOT_FOUND', `no model at ${model}: run accuracy-strong first or pass --model`);
      }
      const result = await measureServeThroughput({
        model,
        data: flags.data,
        logger: io.logger,
        ...(flags.clients === undefined ? {} : { clients: flags.clients }),
        ...(flags.durationMs === undefined ? {} : { durationMs: flags.durationMs }),
        ...(flags.serverThreads === undefined ? {} : { serverEnv: { TFJS_WASM_THREADS: String(flags.serverThreads) } }),
        ...(flags.serverProcesses === undefined ? {} : { serverProcesses: flags.serverProcesses }),
      });
      io.stdout.write(serveLines(scenario, result));
    } else {
      const recipe: RecipeName = scenario === 'accuracy-strong' ? 'strong' : 'reference-cnn';
      const result = await runAccuracyBench({
        recipe,
        data: flags.data,
        out: join(flags.out, recipe),
        logger: io.logger,
        progress: io.stderr,
        validateEachEpoch: values['test-each-epoch'] === true,
        ...(flags.epochs === undefined ? {} : { epochs: flags.epochs }),
        ...(flags.limit === undefined ? {} : { limit: flags.limit }),
      });
      io.stdout.write(accuracyLines(scenario, result));
    }
  }
  io.stdout.write(machineLine('at end', loadavg(), availableParallelism()));
  return 0;
}

function selectScenarios(names: readonly string[]): Scenario[] {
  if (names.length === 0 || names.includes('all')) return [...SCENARIOS];
  for (const name of names) {
    if (!(SCENARIOS as readonly string[]).includes(name)) throw new UsageError(`unknown scenario "${name}"`);
  }
  return SCENARIOS.filter((scenario) => names.includes(scenario));
}

function resolveFlags(values: Record<string, string | boolean | undefined>): BenchFlags {
  const dataRoot = process.env.SCENARIOS_DATA_DIR;
  const data = typeof values.data === 'string' ? values.data : dataRoot && join(dataRoot, 'fashion-mnist');
  if (!data) throw new UsageError('--data is required when SCENARIOS_DATA_DIR is not set');
  const root = findRepoRoot(process.cwd()) ?? process.cwd();
  const duration = integerFlag('duration', values.duration, 1);
  return {
    data: resolve(data),
    out: resolve(typeof values.out === 'string' ? values.out : join(root, '.cache', 'bench', 'image-classification')),
    model: typeof values.model === 'string' ? resolve(values.model) : undefined,
    epochs: integerFlag('epochs', values.epochs, 1),
    limit: integerFlag('limit', values.limit, 1),
    clients: integerFlag('clients', values.clients, 1),
    durationMs: duration === undefined ? undefined : duration * 1000,
    serverThreads: integerFlag('server-threads', values['server-threads'], 1),
    serverProcesses: integerFlag('server-processes', values['server-processes'], 1),
  };
}

// `runCli` dispatches on a verb; the scenarios are this one command's positional arguments.
process.exitCode = await runCli(['bench', ...process.argv.slice(2)], { commands: { bench }, usage: USAGE });

#!/usr/bin/env node
/**
 * The recommendation benchmark: trains on MovieLens ml-latest-small with the default settings
 * (the code path of `train`), then serves the model from child processes and loads it with autocannon.
 * Prints the figures of the targets: RMSE/MAE on the random 80/20 split; full-ranking and
 * sampled-100 metrics of the ranking model and the popularity baseline under leave-last-out;
 * recommendation latency under concurrent clients; feedback writes per second.
 *
 *   node dist/bench/movielens.js [--data <dir>] [--out <model-dir>] [--model <model-dir>] [--seed N]
 *                                [--clients N] [--seconds N] [--processes N]
 *
 * Without --data the data is found as `$SCENARIOS_DATA_DIR/movielens/ml-latest-small` or in the
 * project's data cache; with --model an existing model is evaluated instead of training one.
 * Latency is measured against `serve` with one process and with --processes (default: one per core).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stderrLogger } from '@scenarios/core';
import { integerFlag, parseFlags, runCli, startChildServer } from '@scenarios/core/cli';
import { locateData } from '@scenarios/core/data';
import { evaluateRecommender } from '../evaluate-recommender.js';
import { RANKING_METRIC_LABELS } from '../evaluation/recommender-metrics.js';
import { FeedbackStore } from '../feedback/feedback-store.js';
import { MODEL_FILES } from '../model/model-dir.js';
import { trainRecommender } from '../train-recommender.js';
import { type LoadResult, runLoad } from './http-load.js';

/** The app's built CLI (dist/bench/ -> dist/cli.js). */
const APP_CLI = fileURLToPath(new URL('../cli.js', import.meta.url));

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

function describeLoad(result: LoadResult): { line: string; throughput: number } {
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const throughput = sorted.length / result.seconds;
  const statuses = Object.entries(result.statuses)
    .map(([status, count]) => `${status} x${count}`)
    .join(', ');
  return {
    throughput,
    line: `p50 ${percentile(sorted, 0.5).toFixed(2)} ms, p99 ${percentile(sorted, 0.99).toFixed(2)} ms, ${throughput.toFixed(0)} requests/s (${sorted.length} requests, ${statuses})`,
  };
}

const f4 = (value: number | undefined) => (value === undefined ? '   n/a' : value.toFixed(4));

async function bench(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    data: { type: 'string' },
    out: { type: 'string' },
    model: { type: 'string' },
    seed: { type: 'string' },
    clients: { type: 'string' },
    seconds: { type: 'string' },
    processes: { type: 'string' },
  });
  const located = await locateData({
    name: 'movielens/ml-latest-small',
    title: 'MovieLens ml-latest-small',
    files: ['ratings.csv', 'movies.csv'],
    ...(typeof values.data === 'string' ? { dir: values.data } : {}),
    hints: ['download https://files.grouplens.org/datasets/movielens/ml-latest-small.zip and unzip it there'],
  });
  const data = located.dir;
  const seed = integerFlag('seed', values.seed, 0) ?? 0;
  const clients = integerFlag('clients', values.clients, 1) ?? 16;
  const seconds = integerFlag('seconds', values.seconds, 1) ?? 10;
  const processes = integerFlag('processes', values.processes, 1) ?? availableParallelism();
  const scratch = await mkdtemp(join(tmpdir(), 'rec-bench-'));
  const logger = stderrLogger();
  try {
    let modelDir: string;
    let metrics: Record<string, number>;
    const started = performance.now();
    if (typeof values.model === 'string') {
      modelDir = values.model;
      metrics = (await evaluateRecommender({ model: modelDir, data, logger })).metrics;
    } else {
      modelDir = typeof values.out === 'string' ? values.out : join(scratch, 'model');
      metrics = (await trainRecommender({ data, out: modelDir, seed, overwrite: true, logger })).metrics;
    }
    const trainSeconds = (performance.now() - started) / 1000;

    const out: string[] = [
      `recommendation bench: ${data}, seed ${seed}, backend wasm, ${trainSeconds.toFixed(0)} s to train and evaluate`,
    ];
    out.push(
      `ratings (random 80/20 split, seed ${seed}, ${metrics.rating_test_size} held out): RMSE ${f4(metrics.rmse)}, MAE ${f4(metrics.mae)}`,
    );
    out.push(`ranking (leave-last-out, ${metrics.evaluated_users} users, full ranking over unseen items):`);
    out.push(`  ${'metric'.padEnd(21)} model  popularity   ratio`);
    for (const [key, label] of RANKING_METRIC_LABELS) {
      const model = metrics[key] as number;
      const baseline = metrics[`popularity_${key}`] as number;
      const ratio = baseline > 0 ? `${(model / baseline).toFixed(2)}x` : 'n/a';
      out.push(`  ${label.padEnd(21)}${f4(model)}  ${f4(baseline)}  ${ratio.padStart(7)}`);
    }

    const users = JSON.parse(await readFile(join(modelDir, MODEL_FILES.users), 'utf8')) as number[];
    const items = (JSON.parse(await readFile(join(modelDir, MODEL_FILES.items), 'utf8')) as { id: number }[]).map(
      (item) => item.id,
    );
    // The server runs as deployed, in child processes: the load generator shares no event loop with it.
    const serve = async <T>(serverProcesses: number, use: (url: string, feedbackPath: string) => Promise<T>) => {
      const feedbackPath = join(scratch, `feedback-${serverProcesses}.sqlite`);
      const server = await startChildServer({
        cli: APP_CLI,
        args: [
          'serve',
          '--model',
          modelDir,
          '--port',
          '0',
          '--feedback',
          feedbackPath,
          '--processes',
          String(serverProcesses),
        ],
      });
      try {
        return await use(server.url, feedbackPath);
      } finally {
        await server.stop();
      }
    };
    const specFor = (url: string) => ({ url, clients, warmupMs: 2000, durationMs: seconds * 1000, users, items, seed });
    const scope = `k=10 over all ${items.length} items, ${clients} clients on 127.0.0.1, ${seconds} s`;
    await serve(1, async (url) => {
      const spec = specFor(url);
      const recommend = describeLoad(await runLoad({ ...spec, kind: 'recommend' }));
      out.push(`recommendation latency, 1 server process, ${scope}: ${recommend.line}`);
      const single = describeLoad(await runLoad({ ...spec, clients: 1, kind: 'recommend' }));
      out.push(`  the same with 1 client: ${single.line}`);
      const floor = describeLoad(await runLoad({ ...spec, kind: 'health' }));
      out.push(`  GET /healthz with ${clients} clients (the HTTP stack alone): ${floor.line}`);
    });
    await serve(processes, async (url, feedbackPath) => {
      const spec = specFor(url);
      if (processes > 1) {
        const recommend = describeLoad(await runLoad({ ...spec, kind: 'recommend' }));
        out.push(
          `recommendation latency, ${processes} server processes (serve --processes ${processes}), ${scope}: ${recommend.line}`,
        );
      }
      const feedback = await runLoad({ ...spec, kind: 'feedback' });
      const written = describeLoad(feedback);
      const store = FeedbackStore.open(feedbackPath, { readonly: true });
      const rows = store.count();
      store.close();
      const accepted = feedback.allStatuses['201'] ?? 0;
      // autocannon stops with up to one request per client in flight, in the warm-up and in the
      // measured run: the server may have stored those without the answer being counted.
      const unanswered = rows - accepted;
      const lossless = unanswered >= 0 && unanswered <= 2 * clients ? 'none lost' : 'MISMATCH';
      out.push(
        `feedback ingestion (SQLite WAL, synchronous=FULL, group commit), ${processes} server process(es), ${clients} clients: ` +
          `${written.throughput.toFixed(0)} writes/s, ${written.line}; ${rows} rows stored for ${accepted} acknowledged writes ` +
          `and ${unanswered} in flight when the load stopped (warm-up included): ${lossless}`,
      );
    });
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

process.exitCode = await runCli(['bench', ...process.argv.slice(2)], {
  commands: { bench },
  usage:
    'node dist/bench/movielens.js [--data <dir>] [--out <model-dir>] [--model <model-dir>] [--seed N] [--clients N] [--seconds N] [--processes N]',
});

#!/usr/bin/env node
/**
 * The medical-triage benchmark: trains on PneumoniaMNIST (or loads a trained model), evaluates the
 * official test split and measures triage latency for one DICOM under concurrent clients on
 * loopback. Prints its figures with labels on stdout; progress goes to stderr.
 *
 *   node dist/bench/triage-bench.js [--data pneumoniamnist.npz] [--epochs N] [--model <dir>]
 *     [--out <dir>] [--clients 16] [--requests 800] [--dicom-size 1024] [--seed 0]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, resolveWasmThreads, stderrLogger } from '@scenarios/core';
import { integerFlag, parseFlags, processIo, runCli } from '@scenarios/core/cli';
import { findRepoRoot } from '@scenarios/core/data';
import { loadMedmnist } from '../datasets/medmnist.js';
import { evaluateModel } from '../evaluate-model.js';
import { trainTriage } from '../train-triage.js';
import { loadTestDicom } from './bench-dicom.js';
import { loadTest } from './load-test.js';
import { spawnServer } from './spawn-server.js';

async function bench(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    data: { type: 'string' },
    epochs: { type: 'string' },
    model: { type: 'string' },
    out: { type: 'string' },
    clients: { type: 'string' },
    requests: { type: 'string' },
    'dicom-size': { type: 'string' },
    seed: { type: 'string' },
  });
  const data = typeof values.data === 'string' ? values.data : defaultData();
  const clients = integerFlag('clients', values.clients, 1) ?? 16;
  const requests = integerFlag('requests', values.requests, 1) ?? 800;
  const dicomSize = integerFlag('dicom-size', values['dicom-size'], 8) ?? 1024;
  const logger = stderrLogger();
  const backend = await initBackend({ logger });
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const scratch = await mkdtemp(join(tmpdir(), 'triage-bench-'));
  try {
    let modelDir = typeof values.model === 'string' ? values.model : undefined;
    print(`medical-triage benchmark: backend ${backend.name}, ${resolveWasmThreads()} wasm thread(s), data ${data}`);
    if (modelDir === undefined) {
      modelDir = typeof values.out === 'string' ? values.out : join(scratch, 'model');
      const epochs = integerFlag('epochs', values.epochs, 1);
      const trained = await trainTriage({
        data,
        out: modelDir,
        overwrite: true,
        seed: integerFlag('seed', values.seed, 0) ?? 0,
        logger,
        progress: process.stderr,
        ...(epochs === undefined ? {} : { epochs }),
      });
      const history = trained.validationAucs;
      print(
        `training time: ${trained.trainingSeconds.toFixed(1)} s (${(trained.trainingSeconds / 60).toFixed(1)} min) for ` +
          `${history.length} epochs; kept epoch ${trained.bestEpoch + 1} (validation ROC-AUC ${history[trained.bestEpoch]?.toFixed(4)})`,
      );
    } else {
      print(`training time: not measured (model loaded from ${modelDir})`);
    }
    const result = await evaluateModel({ model: modelDir, data, split: 'test', logger });
    const m = result.metrics;
    const point = (t: typeof m.urgent) =>
      `sensitivity ${t.sensitivity.toFixed(4)}, specificity ${t.specificity.toFixed(4)}, PPV ${t.ppv.toFixed(4)}, NPV ${t.npv.toFixed(4)}`;
    print(`test split: ${result.n} images, ${m.positives} positive`);
    print(`test ROC-AUC: ${m.roc_auc.toFixed(4)} (target >= 0.96)`);
    print(`test accuracy at threshold 0.5: ${m.accuracy.toFixed(4)} (target >= 0.88)`);
    print(
      `ECE (15 bins) before calibration: ${m.ece_uncalibrated.toFixed(4)}, after: ${m.ece.toFixed(4)} (target <= 0.05)`,
    );
    print(
      `urgent threshold ${m.urgent.threshold.toFixed(4)} (chosen on val for sensitivity 0.95): ${point(m.urgent)} (target sensitivity >= 0.95)`,
    );
    print(`routine threshold ${m.not_routine.threshold.toFixed(4)} (not routine): ${point(m.not_routine)}`);
    print(
      `test priorities: urgent ${m.priorities.urgent}, review ${m.priorities.review} ` +
        `(${m.out_of_distribution} for image statistics), routine ${m.priorities.routine}`,
    );

    const test = await loadMedmnist(data, { split: 'test', limit: 1 });
    const dicom = await loadTestDicom(test, { size: dicomSize });
    // The server runs in its own process, as `serve` would, so the clients do not share its event loop.
    const server = await spawnServer({ model: modelDir, auditDb: join(scratch, 'audit.sqlite') });
    try {
      const options = {
        url: `${server.url}/v1/triage`,
        body: dicom,
        headers: { 'content-type': 'application/dicom' },
        clients,
      };
      await loadTest({ ...options, requests: clients * 2 }); // warm-up
      const load = await loadTest({ ...options, requests });
      print(
        `triage latency, one ${dicomSize}x${dicomSize} 16-bit DICOM (${(dicom.length / 1048576).toFixed(1)} MiB), ` +
          `${clients} concurrent clients on 127.0.0.1, ${load.ok} requests (${load.failed} failed): ` +
          `p50 ${load.p50Ms.toFixed(1)} ms, p99 ${load.p99Ms.toFixed(1)} ms, max ${load.maxMs.toFixed(1)} ms, ${load.throughput.toFixed(1)} requests/s`,
      );
    } finally {
      await server.stop();
    }
    return 0;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** $SCENARIOS_DATA_DIR/medmnist/pneumoniamnist.npz, else the shared data beside the repository. */
function defaultData(): string {
  const root = findRepoRoot(process.cwd()) ?? process.cwd();
  return join(process.env.SCENARIOS_DATA_DIR ?? join(root, '..', 'shared', 'data'), 'medmnist', 'pneumoniamnist.npz');
}

process.exitCode = await runCli(['bench', ...process.argv.slice(2)], {
  commands: { bench },
  usage:
    'triage-bench [--data pneumoniamnist.npz] [--epochs N] [--model <dir>] [--out <dir>] [--clients 16] [--requests 800] [--dicom-size 1024] [--seed 0]',
  io: processIo(),
});

import { tf } from '../tf.js';
import { CallbackList, type TrainingContext, type TrainingParams } from './callback.js';
import { deriveSeed, SEED_PURPOSE } from './derive-seed.js';
import { type DropoutSeeder, dropoutSeeder } from './dropout-seeds.js';
import type { EpochLogs, History, StopReason } from './history.js';
import { getLearningRate } from './optimizer.js';
import { resolveOptimizer, resolveTrainOptions, type TrainOptions, type TrainPlan } from './train-options.js';
import { evaluateDataset, trainStep } from './train-step.js';

/** What one run shares between epochs. */
interface Run {
  plan: TrainPlan;
  context: TrainingContext;
  callbacks: CallbackList;
  dropout: DropoutSeeder;
  classWeights: tf.Tensor1D | undefined;
}

/**
 * Trains `model` in place with a custom loop over `trainData.batches()`: per batch an
 * optimiser step (with augmentation, class weights and seeded dropout), per epoch a
 * validation pass and the callbacks. Every batch tensor is disposed; so are the optimizer
 * (when created here) and everything else `train()` creates. The model need not be compiled.
 *
 * Resolves with the per-epoch history; throws `ScenarioError('INVALID_ARGUMENT')` for bad
 * options or data that does not fit the model.
 *
 * @example
 * const history = await train(buildMlp({ inputShape: [2], numClasses: 2 }), { trainData, epochs: 5 });
 * history.epochs.at(-1); // { epoch: 4, loss: 0.05, accuracy: 0.99, lr: 0.001, duration_s: 0.2, samples_per_s: 9000 }
 */
export async function train(model: tf.LayersModel, options: TrainOptions): Promise<History> {
  const plan = resolveTrainOptions(model, options);
  const { optimizer, owned } = resolveOptimizer(options);
  const metricNames = plan.metrics.map((metric) => metric.name);
  const params: TrainingParams = {
    epochs: plan.epochs,
    batchSize: plan.batchSize,
    samples: plan.trainData.size,
    stepsPerEpoch: Math.ceil(plan.trainData.size / plan.batchSize),
    metrics: [
      'loss',
      ...metricNames,
      ...(plan.validationData ? ['val_loss', ...metricNames.map((n) => `val_${n}`)] : []),
    ],
  };
  const run: Run = {
    plan,
    context: { model, optimizer, params, stopTraining: false },
    callbacks: new CallbackList(plan.callbacks),
    dropout: dropoutSeeder(model),
    classWeights: plan.classWeights && tf.tensor1d(plan.classWeights),
  };
  run.callbacks.setContext(run.context);
  const epochs: EpochLogs[] = [];
  try {
    let stopReason: StopReason;
    try {
      await run.callbacks.onTrainBegin();
      stopReason = await runEpochs(run, epochs);
    } catch (error) {
      // Callbacks still get to release what they hold; the original error is the one to report.
      await run.callbacks
        .onTrainEnd({ epochsCompleted: epochs.length, outcome: 'failed' })
        .catch((cleanup: unknown) => {
          plan.logger.warn({ error: String(cleanup) }, 'a callback failed in onTrainEnd after training failed');
        });
      throw error;
    }
    await run.callbacks.onTrainEnd({ epochsCompleted: epochs.length, outcome: stopReason });
    plan.logger.info({ epochs: epochs.length, stopReason, ...epochs.at(-1) }, 'training finished');
    return { epochs, stopReason };
  } finally {
    run.dropout.restore();
    run.classWeights?.dispose();
    if (owned) optimizer.dispose();
  }
}

async function runEpochs(run: Run, epochs: EpochLogs[]): Promise<StopReason> {
  const { plan, context, callbacks } = run;
  for (let epoch = 0; epoch < plan.epochs; epoch++) {
    if (plan.signal?.aborted) return 'aborted';
    await callbacks.onEpochBegin(epoch);
    const start = performance.now();
    const lr = getLearningRate(context.optimizer);
    const trained = await trainEpoch(run, epoch);
    if (trained === undefined) return 'aborted';
    const trainSeconds = (performance.now() - start) / 1000;
    const validation = plan.validationData
      ? await evaluateDataset({
          model: context.model,
          data: plan.validationData,
          batchSize: plan.batchSize,
          loss: plan.loss,
          metrics: plan.metrics,
        })
      : {};
    const logs: EpochLogs = {
      epoch,
      ...trained.means,
      ...Object.fromEntries(Object.entries(validation).map(([name, value]) => [`val_${name}`, value])),
      lr,
      duration_s: (performance.now() - start) / 1000,
      samples_per_s: trained.samples / trainSeconds,
    };
    epochs.push(logs);
    plan.logger.debug({ ...logs }, `epoch ${epoch + 1}/${plan.epochs}`);
    await callbacks.onEpochEnd(epoch, logs);
    if (context.stopTraining) return 'callback';
  }
  return 'completed';
}

interface EpochTotals {
  /** Mean loss and metrics over the epoch's examples. */
  means: { loss: number; [metric: string]: number };
  samples: number;
}

/** One pass over the training data, or undefined when aborted. */
async function trainEpoch(run: Run, epoch: number): Promise<EpochTotals | undefined> {
  const { plan, context, callbacks, dropout, classWeights } = run;
  const sums = new Float64Array(1 + plan.metrics.length);
  let samples = 0;
  let batch = 0;
  const batches = plan.trainData.batches({
    batchSize: plan.batchSize,
    shuffle: true,
    seed: deriveSeed(plan.seed, [SEED_PURPOSE.shuffle, epoch]),
  });
  for (const { xs, ys } of batches) {
    const size = xs.shape[0] as number;
    let values: Float32Array;
    try {
      if (plan.signal?.aborted) return undefined;
      dropout.reseed(deriveSeed(plan.seed, [SEED_PURPOSE.dropout, epoch, batch]));
      const augment = plan.augment;
      const seed = deriveSeed(plan.seed, [SEED_PURPOSE.augment, epoch, batch]);
      const inputs = augment ? tf.tidy(() => augment(xs, { epoch, batch, seed })) : xs;
      try {
        values = await trainStep({
          model: context.model,
          optimizer: context.optimizer,
          loss: plan.loss,
          metrics: plan.metrics,
          classWeights,
          xs: inputs,
          ys,
        });
      } finally {
        if (inputs !== xs) inputs.dispose();
      }
    } finally {
      tf.dispose([xs, ys]);
    }
    samples += size;
    const batchLogs: Record<string, number> = { batch, size, loss: values[0] as number };
    sums[0] = (sums[0] as number) + (values[0] as number) * size;
    plan.metrics.forEach((metric, i) => {
      batchLogs[metric.name] = (values[i + 1] as number) / size;
      sums[i + 1] = (sums[i + 1] as number) + (values[i + 1] as number);
    });
    await callbacks.onBatchEnd(batch, batchLogs);
    batch++;
  }
  const means: { loss: number; [metric: string]: number } = { loss: (sums[0] as number) / samples };
  plan.metrics.forEach((metric, i) => {
    means[metric.name] = (sums[i + 1] as number) / samples;
  });
  return { means, samples };
}

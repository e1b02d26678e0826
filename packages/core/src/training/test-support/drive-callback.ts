import { tf } from '../../tf.js';
import type { Callback, TrainingContext } from '../callback.js';
import type { EpochLogs } from '../history.js';

/**
 * Runs a callback through the hooks `train()` would call, with the given monitored values
 * as epoch logs, stopping when it sets `stopTraining`. For testing callback logic without
 * training; the context's model is a one-weight stand-in.
 */
export async function driveCallback(
  callback: Callback,
  run: { metrics: Record<string, readonly number[]>; epochs?: number },
): Promise<{ context: TrainingContext; epochsRun: number }> {
  const names = Object.keys(run.metrics);
  const epochs = run.epochs ?? Math.max(...names.map((name) => run.metrics[name]?.length ?? 0));
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
  const optimizer = tf.train.sgd(0.1);
  const context: TrainingContext = {
    model,
    optimizer,
    params: { epochs, batchSize: 1, samples: 1, stepsPerEpoch: 1, metrics: ['loss', ...names] },
    stopTraining: false,
  };
  callback.setContext(context);
  let epochsRun = 0;
  try {
    await callback.onTrainBegin();
    for (let epoch = 0; epoch < epochs && !context.stopTraining; epoch++) {
      await callback.onEpochBegin(epoch);
      const logs: EpochLogs = {
        epoch,
        loss: 1,
        lr: 0.1,
        duration_s: 1,
        samples_per_s: 1,
        ...Object.fromEntries(names.map((name) => [name, run.metrics[name]?.[epoch] ?? Number.NaN])),
      };
      await callback.onEpochEnd(epoch, logs);
      epochsRun++;
    }
    await callback.onTrainEnd({ epochsCompleted: epochsRun, outcome: context.stopTraining ? 'callback' : 'completed' });
  } finally {
    model.dispose();
    optimizer.dispose();
  }
  return { context, epochsRun };
}

import { type Logger, silentLogger, type tf } from '@scenarios/core';
import { createRng } from '@scenarios/core/data';
import { cosineDecay, setLearningRate } from '@scenarios/core/training';

export interface EpochLoopOptions {
  /** Examples per epoch. */
  size: number;
  epochs: number;
  batchSize: number;
  /** Peak learning rate, annealed to 0 along a cosine over the epochs (core's `cosineDecay`). */
  learningRate: number;
  optimizer: tf.Optimizer;
  /** Seeds the shuffle of each epoch. */
  seed: number;
  /**
   * One optimisation step on the examples `order[range[0]..range[1])`; returns the batch's mean
   * loss as a scalar, which the loop reads and disposes.
   */
  step: (order: Int32Array, range: [number, number]) => tf.Scalar | null;
  /** Names the model in the epoch lines, such as 'ranking model'. */
  label: string;
  signal?: AbortSignal;
  logger?: Logger;
}

/**
 * The loop both trainers share: shuffled mini-batches each epoch, cosine learning-rate decay, one
 * info line per epoch. Resolves with the mean loss of each epoch (fewer when aborted).
 */
export async function runEpochs(options: EpochLoopOptions): Promise<number[]> {
  const { size, epochs, batchSize, optimizer } = options;
  const logger = options.logger ?? silentLogger;
  const schedule = cosineDecay({ initial: options.learningRate, epochs });
  const rng = createRng(options.seed);
  const losses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const started = performance.now();
    setLearningRate(optimizer, schedule(epoch));
    const order = rng.shuffledIndices(size);
    let total = 0;
    for (let start = 0; start < size; start += batchSize) {
      if (options.signal?.aborted) return losses;
      const range: [number, number] = [start, Math.min(size, start + batchSize)];
      const loss = options.step(order, range);
      if (loss) {
        total += ((await loss.data())[0] as number) * (range[1] - range[0]);
        loss.dispose();
      }
    }
    losses.push(total / size);
    logger.info(
      { loss: Number((total / size).toFixed(4)), seconds: Number(((performance.now() - started) / 1000).toFixed(1)) },
      `${options.label} epoch ${epoch + 1}/${epochs}`,
    );
  }
  return losses;
}

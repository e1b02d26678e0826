import { ScenarioError } from '../errors.js';
import { Callback } from './callback.js';
import { setLearningRate } from './optimizer.js';

/** The learning rate for a 0-based epoch. */
export type LearningRateSchedule = (epoch: number) => number;

export interface StepDecayOptions {
  /** Rate of the first epochs. */
  initial: number;
  /** Multiplier applied every `stepEpochs` epochs. Default 0.1. */
  factor?: number;
  /** Epochs between drops. Default 10. */
  stepEpochs?: number;
}

/**
 * `initial * factor ^ floor(epoch / stepEpochs)`.
 *
 * @example
 * const schedule = stepDecay({ initial: 0.1, factor: 0.5, stepEpochs: 2 });
 * [0, 1, 2, 3, 4].map(schedule); // [0.1, 0.1, 0.05, 0.05, 0.025]
 */
export function stepDecay(options: StepDecayOptions): LearningRateSchedule {
  const { initial } = options;
  const factor = options.factor ?? 0.1;
  const stepEpochs = options.stepEpochs ?? 10;
  checkRate('initial', initial);
  if (!(factor > 0 && factor <= 1)) invalid(`factor must be in (0, 1], got ${factor}`);
  if (!Number.isInteger(stepEpochs) || stepEpochs <= 0)
    invalid(`stepEpochs must be a positive integer, got ${stepEpochs}`);
  return (epoch) => initial * factor ** Math.floor(epoch / stepEpochs);
}

export interface CosineDecayOptions {
  /** Peak rate, reached at the end of warm-up (or at epoch 0 without it). */
  initial: number;
  /** Total epochs of training, warm-up included. */
  epochs: number;
  /** Rate the curve decays towards. Default 0. */
  minimum?: number;
  /** Epochs of linear warm-up: epoch e < warmupEpochs gets `initial * (e + 1) / warmupEpochs`. Default 0. */
  warmupEpochs?: number;
}

/**
 * Cosine annealing (Loshchilov & Hutter, SGDR) after an optional linear warm-up: with
 * `t = (epoch - warmupEpochs) / (epochs - warmupEpochs)`, the rate is
 * `minimum + (initial - minimum) * (1 + cos(pi * t)) / 2`; epochs past the end get `minimum`.
 *
 * @example
 * const schedule = cosineDecay({ initial: 0.1, epochs: 6, warmupEpochs: 2 });
 * [0, 1, 2, 3, 4, 5].map(schedule); // [0.05, 0.1, 0.1, 0.085355, 0.05, 0.014645]
 */
export function cosineDecay(options: CosineDecayOptions): LearningRateSchedule {
  const { initial, epochs } = options;
  const minimum = options.minimum ?? 0;
  const warmupEpochs = options.warmupEpochs ?? 0;
  checkRate('initial', initial);
  if (!Number.isInteger(warmupEpochs) || warmupEpochs < 0)
    invalid(`warmupEpochs must be an integer >= 0, got ${warmupEpochs}`);
  if (!Number.isInteger(epochs) || epochs <= warmupEpochs) {
    invalid(`epochs must be an integer greater than warmupEpochs (${warmupEpochs}), got ${epochs}`);
  }
  if (!(minimum >= 0 && minimum < initial)) invalid(`minimum must be in [0, initial), got ${minimum}`);
  return (epoch) => {
    if (epoch < warmupEpochs) return (initial * (epoch + 1)) / warmupEpochs;
    const t = Math.min(1, (epoch - warmupEpochs) / (epochs - warmupEpochs));
    return minimum + ((initial - minimum) * (1 + Math.cos(Math.PI * t))) / 2;
  };
}

/**
 * Sets the optimizer's learning rate from a schedule at the start of every epoch; the epoch
 * logs' `lr` shows the rate used.
 *
 * @example
 * new LearningRateScheduler(cosineDecay({ initial: 0.01, epochs: 20, warmupEpochs: 2 }));
 */
export class LearningRateScheduler extends Callback {
  readonly schedule: LearningRateSchedule;

  constructor(schedule: LearningRateSchedule) {
    super();
    this.schedule = schedule;
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    setLearningRate(this.context.optimizer, this.schedule(epoch));
  }
}

function checkRate(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) invalid(`${name} must be a finite number > 0, got ${value}`);
}

function invalid(message: string): never {
  throw new ScenarioError('INVALID_ARGUMENT', message);
}

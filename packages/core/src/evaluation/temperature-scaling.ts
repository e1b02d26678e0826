/**
 * Temperature scaling (Guo et al., 2017): one scalar T > 0 divides the logits before the
 * softmax (or sigmoid), fitted by minimising the negative log-likelihood on held-out data.
 * It leaves the ranking and the argmax unchanged and only makes the probabilities more or less
 * confident, so accuracy and ROC-AUC stay what they were.
 */
import { classLabels, finiteValues, invalidArgument, matrixColumns, probabilityValues } from './validate.js';

export interface FitTemperatureOptions {
  /** Range searched for T. Default [0.05, 20]. */
  bounds?: readonly [number, number];
  /** The search stops when the bracket on ln T is narrower than this. Default 1e-7. */
  tolerance?: number;
}

export interface TemperatureFit {
  /** The fitted temperature; above 1 softens over-confident scores, below 1 sharpens them. */
  temperature: number;
  /** Mean negative log-likelihood at T = 1. */
  nllBefore: number;
  /** Mean negative log-likelihood at the fitted T. */
  nllAfter: number;
  /** True when the optimum lies on a bound of the search range (the data want a more extreme T). */
  atBound: boolean;
}

/** Golden ratio conjugate, for the golden-section search. */
const INVERSE_PHI = (Math.sqrt(5) - 1) / 2;

/**
 * Fits the temperature of a classifier's logits on labelled held-out data.
 *
 * `logits` is one logit per label (a binary sigmoid output) or a row-major `[n, k]` matrix
 * (k >= 2, a softmax output). Log-probabilities are valid softmax logits, so a model that only
 * returns probabilities can be calibrated through `logitsFromProbabilities`. The negative
 * log-likelihood is convex in 1/T, hence unimodal in ln T, and a golden-section search on ln T
 * finds its minimum.
 *
 * @example
 * // Ten examples with logit 1 (sigmoid 0.731), eight of them positive: the best calibrated
 * // probability is 0.8 = sigmoid(1 / T), so T = 1 / ln 4 = 0.7213.
 * fitTemperature([1, 1, 1, 1, 1, 1, 1, 1, 0, 0], Array(10).fill(1)).temperature; // 0.7213
 */
export function fitTemperature(
  labels: ArrayLike<number>,
  logits: ArrayLike<number>,
  options: FitTemperatureOptions = {},
): TemperatureFit {
  const [low, high] = options.bounds ?? [0.05, 20];
  if (!(low > 0 && low < high && Number.isFinite(high))) {
    throw invalidArgument(`bounds must satisfy 0 < low < high < Infinity, got [${low}, ${high}]`);
  }
  const tolerance = options.tolerance ?? 1e-7;
  if (!(tolerance > 0)) throw invalidArgument(`tolerance must be > 0, got ${tolerance}`);
  if (labels.length === 0) throw invalidArgument('labels is empty');
  const values = finiteValues('logits', logits);
  const k = matrixColumns('logits', values.length, labels.length);
  const truth = classLabels('labels', labels, Math.max(k, 2));
  const nll = (temperature: number) => meanNll(truth, values, { k, temperature });

  let a = Math.log(low);
  let b = Math.log(high);
  let c = b - INVERSE_PHI * (b - a);
  let d = a + INVERSE_PHI * (b - a);
  let fc = nll(Math.exp(c));
  let fd = nll(Math.exp(d));
  while (b - a > tolerance) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - INVERSE_PHI * (b - a);
      fc = nll(Math.exp(c));
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + INVERSE_PHI * (b - a);
      fd = nll(Math.exp(d));
    }
  }
  const temperature = Math.exp((a + b) / 2);
  const edge = 1e-4;
  return {
    temperature,
    nllBefore: nll(1),
    nllAfter: nll(temperature),
    atBound: Math.log(temperature) - Math.log(low) < edge || Math.log(high) - Math.log(temperature) < edge,
  };
}

/**
 * Probabilities after dividing the logits by `temperature`: sigmoid(z / T) for one logit per
 * example (`numClasses` 1, the default when `logits` is a plain list), else the row-wise
 * softmax of a row-major `[n, numClasses]` matrix.
 */
export function applyTemperature(
  logits: ArrayLike<number>,
  temperature: number,
  options: { numClasses?: number } = {},
): Float64Array {
  if (!(temperature > 0 && Number.isFinite(temperature))) {
    throw invalidArgument(`temperature must be a finite number > 0, got ${temperature}`);
  }
  const values = finiteValues('logits', logits);
  const k = options.numClasses ?? 1;
  if (!Number.isInteger(k) || k < 1 || values.length % k !== 0) {
    throw invalidArgument(`numClasses must be a positive integer dividing ${values.length}, got ${k}`);
  }
  const out = new Float64Array(values.length);
  if (k === 1) {
    values.forEach((z, i) => {
      out[i] = sigmoid(z / temperature);
    });
    return out;
  }
  for (let row = 0; row < values.length / k; row++) {
    const scaled = values.slice(row * k, (row + 1) * k).map((z) => z / temperature);
    const max = Math.max(...scaled);
    const exps = scaled.map((z) => Math.exp(z - max));
    const total = exps.reduce((s, e) => s + e, 0);
    exps.forEach((e, j) => {
      out[row * k + j] = e / total;
    });
  }
  return out;
}

/**
 * Softmax logits from probabilities: the log of each probability, clipped to
 * [epsilon, 1] first so that a probability of exactly 0 stays finite. Softmax is unchanged by
 * adding a constant to a row, so `softmax(log p) = p` (up to the clipping).
 */
export function logitsFromProbabilities(
  probabilities: ArrayLike<number>,
  options: { epsilon?: number } = {},
): Float64Array {
  const epsilon = options.epsilon ?? 1e-7;
  const values = probabilityValues('probabilities', probabilities);
  return Float64Array.from(values, (p) => Math.log(Math.max(p, epsilon)));
}

/** Mean -log p(label) at a temperature, computed stably (log-sum-exp, log1p). */
function meanNll(truth: readonly number[], logits: readonly number[], at: { k: number; temperature: number }): number {
  const { k, temperature } = at;
  let total = 0;
  truth.forEach((label, i) => {
    if (k === 1) {
      // -log sigmoid(s) = softplus(-s); -log(1 - sigmoid(s)) = softplus(s).
      const s = (logits[i] as number) / temperature;
      total += softplus(label === 1 ? -s : s);
      return;
    }
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < k; j++) max = Math.max(max, (logits[i * k + j] as number) / temperature);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp((logits[i * k + j] as number) / temperature - max);
    total += max + Math.log(sum) - (logits[i * k + label] as number) / temperature;
  });
  return total / truth.length;
}

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

import { tf } from '../tf.js';

type BatchNormalizationArgs = Parameters<typeof tf.layers.batchNormalization>[0];
type Layer = ReturnType<typeof tf.layers.batchNormalization>;
type Kwargs = Record<string, unknown>;

/** The fields of tfjs-layers' `BatchNormalization` that the training path below reads. */
interface BatchNormFields {
  gamma: tf.LayerVariable | null;
  beta: tf.LayerVariable | null;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
  momentum: number;
  epsilon: number;
  axis: number;
}

/** tfjs-layers does not export the class, only its factory; its instances carry the constructor. */
const BatchNormalization = Object.getPrototypeOf(tf.layers.batchNormalization({})).constructor as new (
  args?: BatchNormalizationArgs,
) => Layer;

/**
 * Batch normalisation over the last axis (channels-last), with the same weights, inference and
 * serialised form as tfjs-layers' `BatchNormalization` (it saves and loads as that class) but a
 * cheaper training step. tfjs differentiates batch norm through `moments` and a `FusedBatchNorm`
 * gradient that tiles and multiplies full-size tensors about twenty times per layer, which on the
 * wasm backend costs as much as the convolution next to it. Here the forward pass computes the
 * batch statistics once and the gradient is the closed form (Ioffe & Szegedy, 2015):
 *
 *   dx = gamma / sigma * (dy - mean(dy) - x_hat * mean(dy * x_hat)),
 *   dgamma = sum(dy * x_hat), dbeta = sum(dy),
 *
 * a handful of full-size passes. Any other setup (another axis, no scale or no centre) and
 * inference run tfjs-layers' own code.
 *
 * @example
 * model.add(fastBatchNormalization({ momentum: 0.9 }));
 * model.layers.at(-1)?.getClassName(); // 'BatchNormalization'
 */
export function fastBatchNormalization(args: BatchNormalizationArgs = {}): Layer {
  return new FastBatchNormalization(args);
}

class FastBatchNormalization extends BatchNormalization {
  /** Serialised as tfjs-layers' class, so models load anywhere without registering this one. */
  static className = 'BatchNormalization';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const fields = this as unknown as BatchNormFields;
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const { gamma, beta } = fields;
    const lastAxis = fields.axis === -1 || fields.axis === (x?.rank ?? 0) - 1;
    if (kwargs.training !== true || !x || !gamma || !beta || !lastAxis || x.rank < 2) {
      return super.call(inputs, kwargs);
    }
    return tf.tidy(() => {
      const { output, mean, variance } = normalizeInTraining(x, {
        gamma: gamma.read(),
        beta: beta.read(),
        epsilon: fields.epsilon,
      });
      // Moving averages as tfjs-layers keeps them: moving -= (moving - batch) * (1 - momentum).
      for (const [moving, batch] of [
        [fields.movingMean, mean],
        [fields.movingVariance, variance],
      ] as const) {
        const current = moving.read();
        moving.write(tf.sub(current, tf.mul(tf.sub(current, batch), 1 - fields.momentum)));
      }
      // Kept out of the custom gradient's scope, so no tidy releases them.
      tf.dispose([mean, variance]);
      return output;
    });
  }
}

interface Affine {
  gamma: tf.Tensor;
  beta: tf.Tensor;
  epsilon: number;
}

/** Normalises `x` with its own statistics over every axis but the last; the gradient is the closed form. */
function normalizeInTraining(
  x: tf.Tensor,
  affine: Affine,
): { output: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor } {
  const axes = [...Array(x.rank - 1).keys()];
  const count = x.size / (x.shape[x.rank - 1] as number);
  let stats: [tf.Tensor, tf.Tensor] | undefined;
  const normalize = tf.customGrad((...args: (tf.Tensor | ((save: tf.Tensor[]) => void))[]) => {
    const [input, gamma, beta] = args as tf.Tensor[];
    const save = args[3] as (tensors: tf.Tensor[]) => void;
    const { mean, variance } = tf.moments(input as tf.Tensor, axes);
    save([input as tf.Tensor, mean, variance, gamma as tf.Tensor]);
    // Ops inside a custom gradient's forward pass are not taped, so the statistics are taken out here.
    stats = [tf.keep(mean), tf.keep(variance)];
    return {
      value: tf.batchNorm(input as tf.Tensor, mean, variance, beta as tf.Tensor, gamma as tf.Tensor, affine.epsilon),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, mu, sigma2, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        const inverseStd = tf.rsqrt(tf.add(sigma2, affine.epsilon));
        const sumDy = tf.sum(dy, axes);
        // sum(dy * x_hat) = (sum(dy * x) - mean * sum(dy)) / sigma
        const sumDyXhat = tf.mul(tf.sub(tf.sum(tf.mul(dy, xs), axes), tf.mul(mu, sumDy)), inverseStd);
        // dx = k * dy + a * x + c per channel, with k = gamma / sigma.
        const k = tf.mul(scale, inverseStd);
        const a = tf.div(tf.mul(tf.mul(k, inverseStd), sumDyXhat), -count);
        const c = tf.sub(tf.div(tf.mul(k, sumDy), -count), tf.mul(a, mu));
        const dx = tf.add(tf.mul(dy, k), tf.add(tf.mul(xs, a), c));
        return [dx, sumDyXhat, sumDy];
      },
    };
  });
  const output = normalize(x, affine.gamma, affine.beta);
  const [mean, variance] = stats as [tf.Tensor, tf.Tensor];
  return { output, mean, variance };
}

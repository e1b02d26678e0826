import { mulberry32, TensorDataset } from './tensor-dataset.js';

/**
 * Two Gaussian blobs in the plane, class 0 around (-1.5, 0) and class 1 around (1.5, 0),
 * standard deviation 0.7, alternating labels. The best possible accuracy is about 0.98
 * (1 - Phi(-1.5 / 0.7)), so a working classifier gets above 0.95.
 * `flipLabels` swaps the labels, for a validation set that gets worse as training improves.
 */
export function gaussianBlobs(options: { n: number; seed: number; flipLabels?: boolean }): TensorDataset {
  const random = mulberry32(options.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const x = new Float32Array(options.n * 2);
  const y = new Int32Array(options.n);
  for (let i = 0; i < options.n; i++) {
    const label = i % 2;
    x[2 * i] = (label === 0 ? -1.5 : 1.5) + 0.7 * normal();
    x[2 * i + 1] = 0.7 * normal();
    y[i] = options.flipLabels ? 1 - label : label;
  }
  return new TensorDataset({
    x,
    y,
    elementSpec: { x: { shape: [2], dtype: 'float32' }, y: { shape: [], dtype: 'int32' } },
  });
}

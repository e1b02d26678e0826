import { describe, expect, it } from 'vitest';
import { parseMatmulOutput, parseTorchOutput, torchReference } from './benchmarks/torch-reference.js';
import { renderTable } from './table.js';

describe('renderTable', () => {
  it('aligns columns, right-aligns values and rounds them by magnitude', () => {
    const table = renderTable([
      { benchmark: 'train-cnn', runtime: 'wasm', metric: 'throughput', value: 1049.6, unit: 'samples/s' },
      { benchmark: 'train-cnn', runtime: 'wasm / torch', metric: 'ratio', value: 0.26458, unit: 'x', notes: 'n' },
    ]);
    expect(table.split('\n')).toEqual([
      'benchmark  runtime       metric       value  unit       notes',
      '---------  ------------  ----------  ------  ---------  -----',
      'train-cnn  wasm          throughput    1050  samples/s',
      'train-cnn  wasm / torch  ratio       0.2646  x          n',
    ]);
  });
});

describe('parseTorchOutput', () => {
  it('reads the figures of the PyTorch reference line', () => {
    const line =
      'torch 1.13.0a0 threads=2 epochs=1 train_samples_per_s=3968 infer_samples_per_s=6412 test_acc=0.8421\n';
    expect(parseTorchOutput(line)).toEqual({ version: '1.13.0a0', train: 3968, infer: 6412, accuracy: 0.8421 });
  });

  it('refuses output it does not understand', () => {
    expect(() => parseTorchOutput('Traceback (most recent call last):')).toThrow(/unexpected output/);
    expect(() => parseMatmulOutput('Traceback (most recent call last):')).toThrow(/unexpected output/);
  });

  it('reads the rate of the matrix-product reference', () => {
    expect(parseMatmulOutput('torch 1.13.0a0 threads=2 matmul_gflops=129.47\n')).toBe(129.47);
  });
});

describe('torchReference.compare', () => {
  it("divides each wasm throughput and matrix-product rate by PyTorch's, and leaves accuracy alone", () => {
    const rows = torchReference.compare([
      { benchmark: 'train-cnn', runtime: 'torch 1.13.0a0', metric: 'throughput', value: 4000, unit: 'samples/s' },
      { benchmark: 'infer-cnn', runtime: 'torch 1.13.0a0', metric: 'throughput', value: 6000, unit: 'samples/s' },
      { benchmark: 'accuracy-cnn', runtime: 'torch 1.13.0a0', metric: 'accuracy', value: 0.84, unit: '' },
      { benchmark: 'train-cnn', runtime: 'wasm', metric: 'throughput', value: 1000, unit: 'samples/s' },
      { benchmark: 'infer-cnn', runtime: 'wasm', metric: 'throughput', value: 7500, unit: 'samples/s' },
      { benchmark: 'matmul', runtime: 'torch 1.13.0a0', metric: 'arithmetic', value: 120, unit: 'GFLOP/s' },
      { benchmark: 'matmul', runtime: 'wasm', metric: 'arithmetic', value: 30, unit: 'GFLOP/s' },
    ]);
    const ratios = rows.filter((row) => row.metric === 'ratio');
    expect(ratios).toEqual([
      { benchmark: 'train-cnn', runtime: 'wasm / torch', metric: 'ratio', value: 0.25, unit: 'x' },
      { benchmark: 'infer-cnn', runtime: 'wasm / torch', metric: 'ratio', value: 1.25, unit: 'x' },
      { benchmark: 'matmul', runtime: 'wasm / torch', metric: 'ratio', value: 0.25, unit: 'x' },
    ]);
    // Both runtimes also as GFLOP/s of the same network: the same proportion as the throughputs.
    const rates = rows.filter((row) => row.metric === 'arithmetic' && row.benchmark === 'train-cnn');
    expect(rates.map((row) => row.runtime)).toEqual(['torch 1.13.0a0', 'wasm']);
    expect((rates[1]?.value ?? 0) / (rates[0]?.value ?? 1)).toBeCloseTo(0.25, 10);
  });
});

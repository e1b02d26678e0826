import { describe, expect, it } from 'vitest';
import { parseTorchOutput } from './benchmarks/torch-reference.js';
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
  });
});

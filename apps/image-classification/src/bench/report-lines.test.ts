import { describe, expect, it } from 'vitest';
import { accuracyLines, machineLine, serveLines } from './report-lines.js';

describe('bench report lines', () => {
  const strong = {
    recipe: 'strong' as const,
    accuracy: 0.93456,
    macroF1: 0.9339,
    n: 10_000,
    epochs: 12,
    batchSize: 64,
    trainExamples: 60_000,
    trainSeconds: 1500,
    wallSeconds: 1530,
    samplesPerSecond: 480,
    backend: 'wasm',
    threads: 2,
    shortened: false,
  };

  it('labels accuracy figures and says whether the targets are met', () => {
    const text = accuracyLines('accuracy-strong', strong);
    expect(text).toContain('test accuracy');
    expect(text).toContain('0.9346 on 10000 test images (target >= 0.93: met)');
    expect(text).toContain('12 epochs x 60000 images, batch 64: 1500 s = 25.0 min, 480 images/s, wasm 2 thread(s)');
    expect(text).toContain('< 30 min: met (whole run 25.5 min)');
    const reference = accuracyLines('accuracy-reference', { ...strong, recipe: 'reference-cnn', accuracy: 0.8991 });
    expect(reference).toContain('(target >= 0.9: NOT met)');
    expect(reference).not.toContain('min: met');
    // A run shortened by --epochs or --limit says nothing about the time target.
    expect(accuracyLines('accuracy-strong', { ...strong, shortened: true })).not.toContain('training time target');
  });

  it('labels serving figures with the ratio against the best in-process throughput', () => {
    const text = serveLines('serve-throughput', {
      batched: [
        { batchSize: 32, throughput: 2000 },
        { batchSize: 64, throughput: 2100.4 },
      ],
      http: { clients: 16, requests: 36_000, errors: 0, seconds: 20, throughput: 1800, p50Ms: 8.04, p99Ms: 15.96 },
      ratio: 1800 / 2100.4,
    });
    expect(text).toContain('in-process batch 64');
    expect(text).toContain('2100 images/s');
    expect(text).toContain('1800 requests/s (1 image each), 16 clients, 20.0 s, 36000 requests, 0 errors');
    expect(text).toContain('p50 8.0 ms, p99 16.0 ms');
    expect(text).toContain('0.86 (target >= 0.8: met)');
    expect(text.trim().split('\n')).toHaveLength(5);
  });

  it('reports the load average', () => {
    expect(machineLine('at start', [0.5, 1, 1.25], 2)).toMatch(
      /^machine +load average at start +0\.50 1\.00 1\.25 \(1, 5, 15 min\), 2 cores\n$/,
    );
  });
});

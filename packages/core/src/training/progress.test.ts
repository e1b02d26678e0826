import { describe, expect, it } from 'vitest';
import { buildMlp } from '../models/mlp.js';
import { Callback } from './callback.js';
import { formatDuration, Progress, type ProgressStream } from './progress.js';
import { gaussianBlobs } from './test-support/gaussian-blobs.js';
import { train } from './train.js';

class Collect implements ProgressStream {
  readonly chunks: string[] = [];
  constructor(readonly isTTY = false) {}
  write(chunk: string) {
    this.chunks.push(chunk);
    return true;
  }
}

const run = async (progress: Progress, withValidation: boolean) => {
  const model = buildMlp({ inputShape: [2], hiddenUnits: [4], numClasses: 2 });
  await train(model, {
    trainData: gaussianBlobs({ n: 96, seed: 1 }),
    ...(withValidation ? { validationData: gaussianBlobs({ n: 32, seed: 2 }) } : {}),
    epochs: 2,
    batchSize: 32,
    callbacks: [progress],
  });
  model.dispose();
};

const NUMBER = String.raw`\d+\.\d{4}`;

describe('Progress', () => {
  it('writes one plain line per epoch when the stream is not a terminal', async () => {
    const stream = new Collect();
    await run(new Progress({ stream }), true);
    expect(stream.chunks).toHaveLength(2);
    const line = new RegExp(
      `^epoch (\\d)/2 - loss ${NUMBER} - accuracy ${NUMBER} - val_loss ${NUMBER} - val_accuracy ${NUMBER}` +
        String.raw` - lr 0\.001 - \d+\.\ds - \d+ samples/s\n$`,
    );
    expect(stream.chunks[0]).toMatch(line);
    expect(stream.chunks[1]).toMatch(line);
    expect(stream.chunks.map((c) => c.slice(0, 9))).toEqual(['epoch 1/2', 'epoch 2/2']);
    expect(stream.chunks.join('')).not.toContain('\r');
  });

  it('leaves out validation values when there are none', async () => {
    const stream = new Collect();
    await run(new Progress({ stream }), false);
    expect(stream.chunks[0]).toMatch(new RegExp(`^epoch 1/2 - loss ${NUMBER} - accuracy ${NUMBER} - lr 0\\.001 - `));
  });

  it('draws a bar with samples/s, ETA and loss on a terminal, then the epoch line', async () => {
    const stream = new Collect(true);
    await run(new Progress({ stream, refreshMs: 0 }), false);
    // Three batches of 32 per epoch: three redraws, then the epoch line over them.
    expect(stream.chunks).toHaveLength(2 * 4);
    const bar = String.raw`^\r\x1b\[Kepoch 1/2 \[=*>? *\] \d+/96 - \d+ samples/s - ETA \d+s - loss ${NUMBER}$`;
    expect(stream.chunks[0]).toMatch(new RegExp(bar));
    expect(stream.chunks[0]).toContain('[=======>                ] 32/96');
    expect(stream.chunks[2]).toContain('[========================] 96/96');
    expect(stream.chunks[3]).toMatch(
      new RegExp(String.raw`^\r\x1b\[Kepoch 1/2 - loss ${NUMBER} - accuracy .* samples/s\n$`),
    );
  });

  it('closes an open bar with a newline when training is aborted mid-epoch', async () => {
    const stream = new Collect(true);
    const controller = new AbortController();
    class AbortAfterFirstBatch extends Callback {
      override async onBatchEnd() {
        controller.abort();
      }
    }
    const model = buildMlp({ inputShape: [2], hiddenUnits: [4], numClasses: 2 });
    const history = await train(model, {
      trainData: gaussianBlobs({ n: 96, seed: 1 }),
      batchSize: 32,
      signal: controller.signal,
      callbacks: [new Progress({ stream, refreshMs: 0 }), new AbortAfterFirstBatch()],
    });
    model.dispose();
    expect(history.stopReason).toBe('aborted');
    expect(stream.chunks).toHaveLength(2);
    expect(stream.chunks[0]).toContain('32/96');
    expect(stream.chunks[1]).toBe('\n');
  });

  it('formats durations as s, m and h', () => {
    expect(formatDuration(42.4)).toBe('42s');
    expect(formatDuration(185)).toBe('3m05s');
    expect(formatDuration(3720)).toBe('1h02m');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('?');
  });
});

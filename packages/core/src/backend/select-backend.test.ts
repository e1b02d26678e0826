import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { tf } from '../tf.js';
import { parseBackendRequest } from './backend-request.js';
import { currentBackend, initBackend } from './select-backend.js';

describe('parseBackendRequest', () => {
  it('defaults to auto and accepts the named backends in any case', () => {
    expect(parseBackendRequest(undefined)).toBe('auto');
    expect(parseBackendRequest(' WASM ')).toBe('wasm');
    expect(parseBackendRequest('cpu')).toBe('cpu');
  });

  it('rejects an unknown backend with a message listing the choices', () => {
    expect(() => parseBackendRequest('webgpu')).toThrow(ScenarioError);
    expect(() => parseBackendRequest('webgpu')).toThrow(/auto, tensorflow, wasm, cpu/);
  });
});

describe('initBackend', () => {
  it('chooses wasm on a machine without the native binding and reports why', async () => {
    const lines: string[] = [];
    const logger = { debug() {}, info: (_: unknown, m?: string) => lines.push(m ?? ''), warn() {}, error() {} };
    const info = await initBackend({ logger });
    if (process.env.TFJS_BACKEND === undefined) {
      expect(info.name).toBe('wasm');
      expect(info.reason).toMatch(/no native TensorFlow binding/);
    }
    expect(tf.getBackend()).toBe(info.name);
    expect(currentBackend()).toEqual(info);
  });

  it('trains a dense model on the chosen backend', async () => {
    await initBackend();
    const before = tf.memory().numTensors;
    const model = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }), tf.layers.dense({ units: 1 })],
    });
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
    const x = tf.tensor2d([
      [0, 0, 0, 1],
      [0, 0, 1, 0],
      [0, 1, 0, 0],
      [1, 0, 0, 0],
    ]);
    const y = tf.tensor2d([[1], [2], [3], [4]]);
    const history = await model.fit(x, y, { epochs: 60, verbose: 0 });
    const losses = history.history.loss as number[];
    expect(losses.at(-1)).toBeLessThan((losses[0] ?? 0) / 10);
    x.dispose();
    y.dispose();
    model.optimizer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

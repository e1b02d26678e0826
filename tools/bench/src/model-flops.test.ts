import { buildModel } from '@scenarios/core/models';
import { describe, expect, it } from 'vitest';
import { forwardFlops, trainingFlops } from './model-flops.js';

describe('model FLOPs', () => {
  it('counts the reference CNN layer by layer', () => {
    const model = buildModel('reference-cnn');
    try {
      // conv 26x26x32 (3x3x1), conv 11x11x64 (3x3x32), conv 3x3x64 (3x3x64), dense 576->64, dense 64->10.
      const macs = 26 * 26 * 32 * 9 + 11 * 11 * 64 * 288 + 3 * 3 * 64 * 576 + 576 * 64 + 64 * 10;
      expect(forwardFlops(model)).toBe(2 * macs);
      expect(trainingFlops(model)).toBe(3 * 2 * macs - 2 * 26 * 26 * 32 * 9);
    } finally {
      model.dispose();
    }
  });
});

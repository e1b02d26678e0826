import { describe, expect, it } from 'vitest';
import { fitImageStatistics, imageStatistics, unusualStatistics } from './image-statistics.js';

const gray2x2 = { height: 2, width: 2, channels: 1 as const };

describe('imageStatistics', () => {
  it('computes mean, standard deviation and neighbour roughness in [0, 1]', () => {
    // [0 255; 255 0]: mean 0.5, std 0.5; 4 neighbour pairs, each differing by 1 -> roughness 1.
    expect(imageStatistics(Uint8Array.of(0, 255, 255, 0), gray2x2)).toEqual({ mean: 0.5, std: 0.5, roughness: 1 });
    // [0 0; 255 255]: horizontal pairs differ by 0, vertical by 1 -> roughness 0.5.
    expect(imageStatistics(Uint8Array.of(0, 0, 255, 255), gray2x2).roughness).toBe(0.5);
  });

  it('averages RGB channels', () => {
    const rgb = Uint8Array.of(255, 0, 0, 255, 0, 0, 255, 0, 0, 255, 0, 0);
    expect(imageStatistics(rgb, { ...gray2x2, channels: 3 })).toEqual({ mean: 1 / 3, std: 0, roughness: 0 });
  });
});

describe('fitImageStatistics and unusualStatistics', () => {
  // Five flat 2x2 images at 0, 51, 102, 153, 204: means 0, .2, .4, .6, .8 -> median .4,
  // absolute deviations .4 .2 0 .2 .4 -> MAD .2, scale 1.4826 x .2 = .29652.
  const images = Uint8Array.from([0, 51, 102, 153, 204].flatMap((v) => [v, v, v, v]));
  const reference = fitImageStatistics(images, { shape: gray2x2, count: 5, maxRobustZ: 3 });

  it('records the median and the scaled MAD of each statistic', () => {
    expect(reference.statistics[0]).toEqual({ name: 'mean', median: 0.4, scale: expect.closeTo(0.29652, 6) });
    // std and roughness are 0 for every flat image: the scale falls back to its floor.
    expect(reference.statistics[1]).toEqual({ name: 'std', median: 0, scale: 1e-6 });
    expect(reference.max_robust_z).toBe(3);
  });

  it('flags statistics whose robust z-score passes the limit', () => {
    // A flat image at 255: mean 1 -> z = .6 / .29652 = 2.02 (kept); a noisy one has std and roughness > 0.
    expect(unusualStatistics(reference, Uint8Array.of(255, 255, 255, 255), gray2x2)).toEqual([]);
    const noisy = unusualStatistics(reference, Uint8Array.of(0, 255, 255, 0), gray2x2);
    expect(noisy.map((s) => s.name)).toEqual(['std', 'roughness']);
  });

  it('refuses to fit without images', () => {
    expect(() => fitImageStatistics(new Uint8Array(0), { shape: gray2x2, count: 0 })).toThrow(/at least one image/);
  });
});

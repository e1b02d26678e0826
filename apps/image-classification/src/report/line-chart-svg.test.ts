import { describe, expect, it } from 'vitest';
import { lineChartSvg, niceRange } from './line-chart-svg.js';

const points = (svg: string) =>
  [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"[^>]*><title>(.*?)<\/title>/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
    m[3],
  ]);

describe('lineChartSvg', () => {
  it('places epoch 1 at the left, the last at the right, and values on the y range', () => {
    // Plot area: x from 58 to 424, y from 30 (the top of the range) to 220 (the bottom).
    const svg = lineChartSvg({
      title: 'Loss',
      yRange: [0, 2],
      series: [
        { name: 'training', values: [2, 1, 0], color: '#111' },
        { name: 'validation', values: [undefined, 1.5, 0.5], color: '#222', dashed: true },
      ],
    });
    expect(points(svg)).toEqual([
      [58, 30, 'training epoch 1: 2'],
      [241, 125, 'training epoch 2: 1'],
      [424, 220, 'training epoch 3: 0'],
      [241, 77.5, 'validation epoch 2: 1.5'],
      [424, 172.5, 'validation epoch 3: 0.5'],
    ]);
    expect(svg).toContain('<path d="M58.0,30.0 L241.0,125.0 L424.0,220.0" fill="none" stroke="#111"');
    expect(svg).toContain(
      '<path d="M241.0,77.5 L424.0,172.5" fill="none" stroke="#222" stroke-width="2" stroke-dasharray="5 4"/>',
    );
    expect([...svg.matchAll(/text-anchor="end" fill="#555">([^<]+)</g)].map((m) => m[1])).toEqual([
      '0',
      '0.5',
      '1',
      '1.5',
      '2',
    ]);
  });

  it('centres a single epoch', () => {
    expect(points(lineChartSvg({ title: 't', series: [{ name: 's', values: [0.25], color: '#000' }] }))).toEqual([
      [241, 125, 's epoch 1: 0.25'],
    ]);
  });
});

describe('niceRange', () => {
  it('rounds the bounds out to multiples of a 1-2-5 step', () => {
    // (2.123 - 0.9193) / 4 = 0.30 rounds up to the step 0.5.
    expect(niceRange([0.9193, 2.123])).toEqual([0.5, 2.5, 0.5]);
    expect(niceRange([0.3311, 0.6589])).toEqual([0.3, 0.7, 0.1]);
    expect(niceRange([3, 3])).toEqual([2.6, 3.4, 0.2]);
    expect(niceRange([])).toEqual([0, 1, 0.25]);
  });
});

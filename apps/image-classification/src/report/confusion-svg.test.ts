import { describe, expect, it } from 'vitest';
import { confusionMatrixSvg } from './confusion-svg.js';

describe('confusionMatrixSvg', () => {
  const svg = confusionMatrixSvg(
    [
      [5, 1],
      [0, 3],
    ],
    ['cat', 'd<g'],
  );

  it('draws one cell per pair with its count, share of the true class and escaped names', () => {
    const titles = [...svg.matchAll(/<title>(.*?)<\/title>/g)].map((m) => m[1]);
    expect(titles).toEqual([
      'true cat, predicted cat: 5 (83.3% of cat)',
      'true cat, predicted d&lt;g: 1 (16.7% of cat)',
      'true d&lt;g, predicted cat: 0 (0.0% of d&lt;g)',
      'true d&lt;g, predicted d&lt;g: 3 (100.0% of d&lt;g)',
    ]);
    expect(svg).not.toContain('d<g');
    // Counts are written in the cells, except zeros.
    expect(
      [...svg.matchAll(/<text x="[\d.]+" y="[\d.]+" text-anchor="middle" font-size="12" fill="#\w+">(\d+)</g)].map(
        (m) => m[1],
      ),
    ).toEqual(['5', '1', '3']);
  });

  it('shades the diagonal blue by recall and the confusions red relative to the worst one', () => {
    const fills = [...svg.matchAll(/fill="(rgb\([\d,]+\))"/g)].map((m) => m[1]);
    // cat: recall 5/6 between #f7fbff and #084594; d<g: recall 1, the darkest blue.
    const blue = (t: number) =>
      `rgb(${[0xf7 + (0x08 - 0xf7) * t, 0xfb + (0x45 - 0xfb) * t, 0xff + (0x94 - 0xff) * t].map(Math.round).join(',')})`;
    expect(fills).toEqual([blue(5 / 6), 'rgb(165,15,21)', 'rgb(255,245,240)', 'rgb(8,69,148)']);
  });

  it('is an image with axis titles', () => {
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" [^>]*role="img" aria-label="Confusion matrix"/);
    expect(svg).toContain('>predicted class</text>');
    expect(svg).toContain('>true class</text>');
    expect(svg.endsWith('</svg>')).toBe(true);
  });
});

import { escapeHtml, mix, percent, textWidth } from './html.js';

const BLUE: readonly number[] = [0xf7, 0xfb, 0xff];
const BLUE_DARK: readonly number[] = [0x08, 0x45, 0x94];
const RED: readonly number[] = [0xff, 0xf5, 0xf0];
const RED_DARK: readonly number[] = [0xa5, 0x0f, 0x15];

/**
 * The confusion matrix as an SVG heat map: true classes down the side, predicted classes across the
 * top, each cell showing its count. A diagonal cell is blue, as dark as the class's recall; an
 * off-diagonal cell is red, darkest for the most common confusion of the whole matrix. Hovering a
 * cell shows `true <a>, predicted <b>: <count> (<share> of <a>)`.
 */
export function confusionMatrixSvg(matrix: readonly (readonly number[])[], classNames: readonly string[]): string {
  const k = matrix.length;
  const cell = Math.max(10, Math.min(48, Math.floor(520 / Math.max(1, k))));
  const showCounts = cell >= 24;
  const labelSpace = Math.min(170, Math.max(...classNames.map((name) => textWidth(name)), 12) + 10);
  const left = 22 + labelSpace;
  const top = 22 + labelSpace;
  const size = k * cell;
  const rowTotals = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const share = (t: number, p: number) =>
    (rowTotals[t] as number) > 0 ? (matrix[t]?.[p] ?? 0) / (rowTotals[t] as number) : 0;
  let worstConfusion = 0;
  matrix.forEach((row, t) => {
    row.forEach((_, p) => {
      if (p !== t) worstConfusion = Math.max(worstConfusion, share(t, p));
    });
  });

  const parts: string[] = [];
  matrix.forEach((row, t) => {
    const trueName = escapeHtml(classNames[t] ?? String(t));
    row.forEach((count, p) => {
      const fraction = share(t, p);
      const intensity = p === t ? fraction : worstConfusion > 0 ? fraction / worstConfusion : 0;
      const fill = p === t ? mix(BLUE, BLUE_DARK, intensity) : mix(RED, RED_DARK, intensity);
      const x = left + p * cell;
      const y = top + t * cell;
      const predicted = escapeHtml(classNames[p] ?? String(p));
      parts.push(
        `<g><title>true ${trueName}, predicted ${predicted}: ${count} (${percent(fraction, 1)} of ${trueName})</title>` +
          `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${fill}" stroke="#fff"/>` +
          (showCounts && count > 0
            ? `<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" font-size="${cell >= 40 ? 12 : 10}" fill="${intensity > 0.55 ? '#fff' : '#222'}">${count}</text>`
            : '') +
          '</g>',
      );
    });
  });
  const rowLabels = classNames.map(
    (name, t) =>
      `<text x="${left - 6}" y="${top + t * cell + cell / 2 + 4}" text-anchor="end">${escapeHtml(name)}</text>`,
  );
  const columnLabels = classNames.map(
    (name, p) =>
      `<text transform="translate(${left + p * cell + cell / 2 + 4},${top - 6}) rotate(-90)">${escapeHtml(name)}</text>`,
  );
  const width = left + size + 10;
  const height = top + size + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Confusion matrix" font-family="system-ui, sans-serif" font-size="12">`,
    `<text x="${left + size / 2}" y="14" text-anchor="middle" font-weight="600">predicted class</text>`,
    `<text transform="translate(14,${top + size / 2}) rotate(-90)" text-anchor="middle" font-weight="600">true class</text>`,
    ...columnLabels,
    ...rowLabels,
    ...parts,
    '</svg>',
  ].join('\n');
}

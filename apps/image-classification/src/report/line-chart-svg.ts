import { escapeHtml } from './html.js';

/** One line of a chart: a value per epoch (undefined where there is none). */
export interface ChartSeries {
  name: string;
  values: readonly (number | undefined)[];
  color: string;
  /** Draw dashed (validation curves). Default false. */
  dashed?: boolean;
}

export interface LineChartOptions {
  title: string;
  series: readonly ChartSeries[];
  /** Fixed y range, such as [0, 1] for accuracy. Default: the values' range, padded. */
  yRange?: readonly [number, number];
  /** Formats a value for the tick labels and tooltips. Default 4 significant digits. */
  format?: (value: number) => string;
}

const WIDTH = 440;
const HEIGHT = 260;
const MARGIN = { left: 58, right: 16, top: 30, bottom: 40 };

/**
 * A line chart of per-epoch values as SVG: epochs 1..n across, values up, a legend, and a point
 * per epoch whose tooltip reads `<series> epoch <e>: <value>`.
 */
export function lineChartSvg(options: LineChartOptions): string {
  const format = options.format ?? ((value: number) => String(Number(value.toPrecision(4))));
  const epochs = Math.max(1, ...options.series.map((s) => s.values.length));
  const all = options.series.flatMap((s) => s.values.filter((v): v is number => v !== undefined && Number.isFinite(v)));
  const [low, high, step] = options.yRange
    ? [options.yRange[0], options.yRange[1], (options.yRange[1] - options.yRange[0]) / 4]
    : niceRange(all);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (epoch: number) => MARGIN.left + (epochs === 1 ? plotWidth / 2 : ((epoch - 1) / (epochs - 1)) * plotWidth);
  const y = (value: number) => MARGIN.top + (1 - (value - low) / (high - low)) * plotHeight;

  const grid: string[] = [];
  const intervals = Math.round((high - low) / step);
  for (let i = 0; i <= intervals; i++) {
    const value = Number((low + i * step).toPrecision(12));
    grid.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(value)}" y2="${y(value)}" stroke="#e4e4e4"/>`,
      `<text x="${MARGIN.left - 6}" y="${y(value) + 4}" text-anchor="end" fill="#555">${escapeHtml(format(value))}</text>`,
    );
  }
  for (const epoch of epochTicks(epochs)) {
    grid.push(
      `<text x="${x(epoch)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle" fill="#555">${epoch}</text>`,
    );
  }

  const lines = options.series.map((series, index) => {
    const points = series.values
      .map((value, i) => ({ epoch: i + 1, value }))
      .filter((p): p is { epoch: number; value: number } => p.value !== undefined && Number.isFinite(p.value));
    const path = points
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.epoch).toFixed(1)},${y(p.value).toFixed(1)}`)
      .join(' ');
    const name = escapeHtml(series.name);
    const dash = series.dashed ? ' stroke-dasharray="5 4"' : '';
    const legendY = MARGIN.top + 4 + index * 16;
    return [
      `<path d="${path}" fill="none" stroke="${series.color}" stroke-width="2"${dash}/>`,
      ...points.map(
        (p) =>
          `<circle cx="${x(p.epoch).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="3" fill="${series.color}"><title>${name} epoch ${p.epoch}: ${escapeHtml(format(p.value))}</title></circle>`,
      ),
      `<line x1="${WIDTH - MARGIN.right - 110}" x2="${WIDTH - MARGIN.right - 90}" y1="${legendY}" y2="${legendY}" stroke="${series.color}" stroke-width="2"${dash}/>`,
      `<text x="${WIDTH - MARGIN.right - 84}" y="${legendY + 4}">${name}</text>`,
    ].join('\n');
  });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(options.title)}" font-family="system-ui, sans-serif" font-size="12">`,
    `<text x="${MARGIN.left}" y="16" font-weight="600">${escapeHtml(options.title)}</text>`,
    ...grid,
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 6}" text-anchor="middle" fill="#555">epoch</text>`,
    ...lines,
    '</svg>',
  ].join('\n');
}

/**
 * A range covering the values whose bounds are multiples of a round step (1, 2 or 5 times a power
 * of ten) giving about four intervals, and that step: [low, high, step].
 */
export function niceRange(values: readonly number[]): [number, number, number] {
  if (values.length === 0) return [0, 1, 0.25];
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (max === min) {
    const pad = Math.abs(max) * 0.1 || 1;
    [min, max] = [min - pad, max + pad];
  }
  const rough = (max - min) / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((m) => m * power >= rough) as number) * power;
  // Rounding keeps 0.1 + 0.2 style errors out of the tick labels.
  const round = (v: number) => Number(v.toPrecision(12));
  return [round(Math.floor(min / step) * step), round(Math.ceil(max / step) * step), step];
}

/** At most about ten epoch labels, always the first and the last. */
function epochTicks(epochs: number): number[] {
  const step = Math.max(1, Math.ceil(epochs / 10));
  const ticks: number[] = [];
  for (let epoch = 1; epoch < epochs; epoch += step) ticks.push(epoch);
  ticks.push(epochs);
  return [...new Set(ticks)];
}

import type { Measurement } from './benchmark.js';

/** Renders measurements as a fixed-width table for a terminal. */
export function renderTable(measurements: readonly Measurement[]): string {
  const header = ['benchmark', 'runtime', 'metric', 'value', 'unit', 'notes'];
  const rows = measurements.map((m) => [m.benchmark, m.runtime, m.metric, formatValue(m.value), m.unit, m.notes ?? '']);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 3 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toFixed(4);
}

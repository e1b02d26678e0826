/** Small helpers shared by the report's HTML and SVG fragments. */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML or SVG content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** A ratio as a percentage with `digits` decimals, such as `87.50%`. */
export function percent(ratio: number, digits = 2): string {
  return `${(100 * ratio).toFixed(digits)}%`;
}

/** A colour between `from` and `to` (RGB triples) at `t` in [0, 1], as `rgb(r,g,b)`. */
export function mix(from: readonly number[], to: readonly number[], t: number): string {
  const clamped = Math.min(1, Math.max(0, t));
  const channel = (i: number) => Math.round((from[i] as number) + ((to[i] as number) - (from[i] as number)) * clamped);
  return `rgb(${channel(0)},${channel(1)},${channel(2)})`;
}

/** Roughly how wide a label is in 12 px sans-serif, for laying out SVG axes without measuring. */
export function textWidth(text: string, fontSize = 12): number {
  return Math.ceil(text.length * fontSize * 0.6);
}

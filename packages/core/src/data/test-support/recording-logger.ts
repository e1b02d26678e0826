import type { Logger } from '../../logger.js';

/** A logger that keeps what it is told, by level. */
export function recordingLogger(): { lines: Array<{ level: string; msg: string }>; logger: Logger } {
  const lines: Array<{ level: string; msg: string }> = [];
  const record = (level: string) => (obj: object | string, msg?: string) => {
    lines.push({ level, msg: typeof obj === 'string' ? obj : (msg ?? '') });
  };
  return {
    lines,
    logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
  };
}

import type { Logger } from '@scenarios/core';

/** A logger that keeps what it is given, to check what was logged. */
export function recordingLogger(): Logger & { entries: { level: string; obj: unknown; msg?: string }[] } {
  const entries: { level: string; obj: unknown; msg?: string }[] = [];
  const at = (level: string) => (obj: object | string, msg?: string) => {
    entries.push({ level, obj, ...(msg === undefined ? {} : { msg }) });
  };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

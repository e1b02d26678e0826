import type { Logger } from '@scenarios/core';

/** A logger that keeps what it is given, to check what was logged. */
export function recordingLogger(): Logger & {
  entries: { level: string; obj: unknown; msg?: string }[];
  text(): string;
} {
  const entries: { level: string; obj: unknown; msg?: string }[] = [];
  const at = (level: string) => (obj: object | string, msg?: string) => {
    entries.push({ level, obj, ...(msg === undefined ? {} : { msg }) });
  };
  return {
    entries,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    // Errors serialise to {} with JSON.stringify; their message and cause chain are spelled out.
    text: () =>
      JSON.stringify(entries, (_key, value: unknown) =>
        value instanceof Error ? { message: value.message, stack: value.stack, cause: String(value.cause) } : value,
      ),
  };
}

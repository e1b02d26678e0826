/**
 * The logging contract of the library: library code never prints, it calls a `Logger`
 * that the caller passes in. A pino logger satisfies this interface as it is.
 */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

const noop = (): void => {};

/** The default: says nothing. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

/**
 * A logger for command-line tools: one plain line per message on stderr, so that
 * stdout stays free for results such as `evaluate --json`.
 */
export function stderrLogger(options: { debug?: boolean } = {}): Logger {
  const write = (level: string) => (obj: object | string, msg?: string) => {
    const text = typeof obj === 'string' ? obj : (msg ?? '');
    const context = typeof obj === 'string' ? '' : formatContext(obj);
    process.stderr.write(`${level === 'info' ? '' : `${level}: `}${text}${context}\n`);
  };
  return {
    debug: options.debug ? write('debug') : noop,
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
}

function formatContext(obj: object): string {
  const entries = Object.entries(obj).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '';
  return ` (${entries.map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ')})`;
}

import pino from 'pino';
import type { Logger } from '../logger.js';

/**
 * The default server logger: pino JSON lines on stderr (stdout stays free for CLI results), at
 * `level` (default `info`). Pass any pino logger, or core's `silentLogger`, to `createServer` instead.
 */
export function createServingLogger(options: { level?: pino.Level } = {}): Logger {
  return pino({ level: options.level ?? 'info' }, pino.destination(2));
}

import { type CommandIo, integerFlag, parseFlags, SERVE_FLAGS, serveFlagValues } from '@scenarios/core/cli';
import { installShutdown } from '@scenarios/core/serving';
import { startServer } from '../main.js';
import { USE_FLAGS, useSource } from './shared-flags.js';

export const SERVE_USAGE = `text-classification serve --model <model-dir> [--port N] [--host 127.0.0.1] [--max-texts N]
    [--max-text-chars N] [--cache-size N] [--use-model <dir>]`;

/** `serve`: serves a model until SIGTERM or SIGINT, then drains in-flight requests and exits 0. */
export async function serveCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(args, {
    ...SERVE_FLAGS,
    'max-texts': { type: 'string' },
    'max-text-chars': { type: 'string' },
    'cache-size': { type: 'string' },
    ...USE_FLAGS,
  });
  const maxTexts = integerFlag('max-texts', values['max-texts'], 1);
  const maxTextChars = integerFlag('max-text-chars', values['max-text-chars'], 1);
  const cacheSize = integerFlag('cache-size', values['cache-size'], 0);
  const use = useSource(values);
  const server = await startServer({
    ...serveFlagValues(values),
    ...(maxTexts === undefined ? {} : { maxTexts }),
    ...(maxTextChars === undefined ? {} : { maxTextChars }),
    ...(cacheSize === undefined ? {} : { cacheSize }),
    ...(use ? { use } : {}),
  });
  // Listen for signals before announcing the address: whoever reads it may stop the server at once.
  const shutdown = installShutdown(server, { logger: io.logger });
  io.stderr.write(`serving on ${server.url}\n`);
  await shutdown.done;
  return 0;
}

import { type CommandIo, integerFlag, parseFlags, SERVE_FLAGS, serveFlagValues } from '@scenarios/core/cli';
import { serveInCluster } from '@scenarios/core/serving';
import { startServer } from '../main.js';

export const SERVE_USAGE =
  'image-classification serve --model <model-dir> [--port N] [--host 127.0.0.1] [--max-images N] [--top-k N]\n' +
  '    [--processes N]';

/**
 * `serve`: serves a model until SIGTERM or SIGINT, then drains in-flight requests and exits 0.
 * With `--processes N`, N processes share the port, each with its own model (see `serveInCluster`).
 */
export async function serveCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(args, {
    ...SERVE_FLAGS,
    'max-images': { type: 'string' },
    'top-k': { type: 'string' },
    processes: { type: 'string' },
  });
  const maxImages = integerFlag('max-images', values['max-images'], 1);
  const topK = integerFlag('top-k', values['top-k'], 1);
  const served = serveFlagValues(values);
  const processes = integerFlag('processes', values.processes, 1) ?? 1;
  await serveInCluster({
    processes,
    logger: io.logger,
    start: () =>
      startServer({
        ...served,
        ...(maxImages === undefined ? {} : { maxImages }),
        ...(topK === undefined ? {} : { topK }),
      }),
    onListening: (url) => io.stderr.write(`serving on ${url}${processes > 1 ? `, ${processes} processes` : ''}\n`),
  });
  return 0;
}

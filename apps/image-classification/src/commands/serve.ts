import { type CommandIo, integerFlag, parseFlags, required } from '@scenarios/core/cli';
import { installShutdown } from '@scenarios/core/serving';
import { startServer } from '../main.js';

export const SERVE_USAGE =
  'image-classification serve --model <model-dir> [--port N] [--host 127.0.0.1] [--max-images N] [--top-k N]';

/** `serve`: serves a model until SIGTERM or SIGINT, then drains in-flight requests and exits 0. */
export async function serveCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(args, {
    model: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'max-images': { type: 'string' },
    'top-k': { type: 'string' },
  });
  const maxImages = integerFlag('max-images', values['max-images'], 1);
  const topK = integerFlag('top-k', values['top-k'], 1);
  const server = await startServer({
    model: required('model', values.model),
    port: integerFlag('port', values.port, 0) ?? 8080,
    host: typeof values.host === 'string' ? values.host : '127.0.0.1',
    ...(maxImages === undefined ? {} : { maxImages }),
    ...(topK === undefined ? {} : { topK }),
  });
  // Listen for signals before announcing the address: whoever reads it may stop the server at once.
  const shutdown = installShutdown(server, { logger: io.logger });
  io.stderr.write(`serving on ${server.url}\n`);
  await shutdown.done;
  return 0;
}

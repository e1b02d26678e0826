import { type CommandIo, integerFlag, parseFlags, required } from '@scenarios/core/cli';
import { installShutdown } from '@scenarios/core/serving';
import { startServer } from '../main.js';

export const SERVE_USAGE =
  'recommendation serve --model <model-dir> [--port N] [--host 127.0.0.1] [--feedback <file.sqlite>] [--max-k N]';

/** `serve`: serves a model until SIGTERM or SIGINT, then drains in-flight requests, commits feedback and exits 0. */
export async function serveCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(args, {
    model: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    feedback: { type: 'string' },
    'max-k': { type: 'string' },
  });
  const maxK = integerFlag('max-k', values['max-k'], 1);
  const server = await startServer({
    model: required('model', values.model),
    port: integerFlag('port', values.port, 0) ?? 8080,
    host: typeof values.host === 'string' ? values.host : '127.0.0.1',
    ...(typeof values.feedback === 'string' ? { feedback: values.feedback } : {}),
    ...(maxK === undefined ? {} : { maxK }),
  });
  io.stderr.write(`serving on ${server.url} (feedback in ${server.feedbackPath})\n`);
  await installShutdown(server, { logger: io.logger }).done;
  return 0;
}

import { type CommandIo, integerFlag, parseFlags, SERVE_FLAGS, serveFlagValues } from '@scenarios/core/cli';
import { serveInCluster } from '@scenarios/core/serving';
import { defaultFeedbackPath } from '../feedback/feedback-store.js';
import { startServer } from '../main.js';

export const SERVE_USAGE =
  'recommendation serve --model <model-dir> [--port N] [--host 127.0.0.1] [--feedback <file.sqlite>] [--max-k N]\n' +
  '    [--processes N]';

/**
 * `serve`: serves a model until SIGTERM or SIGINT, then drains in-flight requests, commits feedback
 * and exits 0. With `--processes N`, N processes share the port and
 * the feedback file, and feedback sent to one takes effect in all.
 */
export async function serveCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(args, {
    ...SERVE_FLAGS,
    feedback: { type: 'string' },
    'max-k': { type: 'string' },
    processes: { type: 'string' },
  });
  const maxK = integerFlag('max-k', values['max-k'], 1);
  const served = serveFlagValues(values);
  const feedback = typeof values.feedback === 'string' ? values.feedback : defaultFeedbackPath(served.model);
  const processes = integerFlag('processes', values.processes, 1) ?? 1;
  await serveInCluster({
    processes,
    logger: io.logger,
    start: () =>
      startServer({
        ...served,
        feedback,
        ...(maxK === undefined ? {} : { maxK }),
      }),
    onListening: (url) => {
      const across = processes > 1 ? `, ${processes} processes` : '';
      io.stderr.write(`serving on ${url}${across} (feedback in ${feedback})\n`);
    },
  });
  return 0;
}

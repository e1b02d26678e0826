import { type CommandIo, parseFlags, SERVE_FLAGS, serveFlagValues } from '@scenarios/core/cli';
import { installShutdown } from '@scenarios/core/serving';
import { startServer } from '../main.js';

export const SERVE_USAGE =
  'medical-triage serve --model <model-dir> [--port N] [--host 127.0.0.1] [--audit-db <file.sqlite>]';

/** `serve`: serves a model until SIGTERM or SIGINT, then drains in-flight requests and exits 0. */
export async function serveCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(args, {
    ...SERVE_FLAGS,
    'audit-db': { type: 'string' },
  });
  const server = await startServer({
    ...serveFlagValues(values),
    ...(typeof values['audit-db'] === 'string' ? { auditDb: values['audit-db'] } : {}),
  });
  // Listen for signals before announcing the address: whoever reads it may stop the server at once.
  const shutdown = installShutdown(server, { logger: io.logger });
  io.stderr.write(`serving on ${server.url}, audit trail in ${server.auditDb}\n`);
  await shutdown.done;
  return 0;
}

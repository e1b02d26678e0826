import { type CommandIo, integerFlag, parseFlags, required } from '@scenarios/core/cli';
import { installShutdown } from '@scenarios/core/serving';
import { startServer } from '../main.js';

export const SERVE_USAGE =
  'medical-triage serve --model <model-dir> [--port N] [--host 127.0.0.1] [--audit-db <file.sqlite>]';

/** `serve`: serves a model until SIGTERM or SIGINT, then drains in-flight requests and exits 0. */
export async function serveCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(args, {
    model: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'audit-db': { type: 'string' },
  });
  const server = await startServer({
    model: required('model', values.model),
    port: integerFlag('port', values.port, 0) ?? 8080,
    host: typeof values.host === 'string' ? values.host : '127.0.0.1',
    ...(typeof values['audit-db'] === 'string' ? { auditDb: values['audit-db'] } : {}),
  });
  io.stderr.write(`serving on ${server.url}, audit trail in ${server.auditDb}\n`);
  await installShutdown(server, { logger: io.logger }).done;
  return 0;
}

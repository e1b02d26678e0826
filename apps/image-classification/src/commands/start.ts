import { type CommandIo, integerFlag, parseFlags } from '@scenarios/core/cli';
import { installShutdown } from '@scenarios/core/serving';
import { ensureModel } from '../ensure-model.js';
import { startServer } from '../main.js';

export const START_USAGE = `image-classification start [--model <model-dir>] [--data <dir>] [--epochs N] [--limit N] [--retrain]
    [--port N] [--host 127.0.0.1]`;

/**
 * `start`, the README's main job: trains the reference CNN on Fashion-MNIST unless the model
 * directory (default `.cache/models/fashion-mnist`) already holds a model, then serves it until
 * SIGTERM or SIGINT.
 */
export async function startCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(args, {
    model: { type: 'string' },
    data: { type: 'string' },
    epochs: { type: 'string' },
    limit: { type: 'string' },
    retrain: { type: 'boolean' },
    port: { type: 'string' },
    host: { type: 'string' },
  });
  const epochs = integerFlag('epochs', values.epochs, 1);
  const limit = integerFlag('limit', values.limit, 1);
  const port = integerFlag('port', values.port, 0) ?? 8080;
  const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
  const { dir, trained } = await ensureModel({
    retrain: values.retrain === true,
    logger: io.logger,
    progress: io.stderr,
    ...(typeof values.model === 'string' ? { model: values.model } : {}),
    ...(typeof values.data === 'string' ? { data: values.data } : {}),
    ...(epochs === undefined ? {} : { epochs }),
    ...(limit === undefined ? {} : { limit }),
  });
  if (trained) {
    const { accuracy, macro_f1: macroF1 } = trained.metrics;
    io.stdout.write(
      `trained ${trained.manifest.model.name} on Fashion-MNIST: ${trained.heldOutSplit} accuracy ` +
        `${accuracy.toFixed(4)}, macro F1 ${macroF1.toFixed(4)}, backend ${trained.backend.name}; saved to ${dir}\n`,
    );
  }
  const server = await startServer({ model: dir, port, host, logger: io.logger });
  // Listen for signals before announcing the address: whoever reads it may stop the server at once.
  const shutdown = installShutdown(server, { logger: io.logger });
  io.stdout.write(
    `serving ${dir} on ${server.url} (Ctrl-C stops it). Try:\n` +
      `  curl -H 'Content-Type: image/png' --data-binary @shoe.png ${server.url}/v1/classify\n` +
      `  curl ${server.url}/readyz\n`,
  );
  await shutdown.done;
  return 0;
}

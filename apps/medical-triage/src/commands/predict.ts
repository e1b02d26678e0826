import { initBackend } from '@scenarios/core';
import { type CommandIo, parseFlags, required, UsageError } from '@scenarios/core/cli';
import { NOTICE } from '../triage/decide.js';
import { triageFiles } from '../triage-files.js';
import { loadTriageModel } from '../triage-model.js';

export const PREDICT_USAGE = 'medical-triage predict --model <model-dir> [--json] <file.dcm|.png|.jpg...>';

/** `predict`: the priority and calibrated probability of each DICOM, PNG or JPEG file. */
export async function predictCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseFlags(args, { model: { type: 'string' }, json: { type: 'boolean' } }, true);
  const modelDir = required('model', values.model);
  if (positionals.length === 0) throw new UsageError('give at least one DICOM, PNG or JPEG file');
  await initBackend({ logger: io.logger });
  const triage = await loadTriageModel(modelDir, { logger: io.logger });
  try {
    const results = await triageFiles(triage, positionals);
    const { urgent, routine } = triage.config.operating_points;
    if (values.json) {
      io.stdout.write(
        `${JSON.stringify({
          model_version: triage.manifest.model.version,
          thresholds: { urgent, routine },
          notice: NOTICE,
          results,
        })}\n`,
      );
    } else {
      for (const r of results) {
        const why = r.reasons.length > 0 ? ` (${r.reasons.map((reason) => reason.message).join('; ')})` : '';
        io.stdout.write(`${r.path}: ${r.priority} p=${r.probability.toFixed(4)}${why}\n`);
      }
      io.stderr.write(`${NOTICE}\n`);
    }
    return 0;
  } finally {
    triage.model.dispose();
  }
}

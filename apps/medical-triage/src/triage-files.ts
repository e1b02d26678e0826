import { readFile } from 'node:fs/promises';
import { ScenarioError } from '@scenarios/core';
import { decodeInput, type InputFormat } from './input/decode-input.js';
import { decide, type TriageDecision } from './triage/decide.js';
import { predictScores, type TriageModel } from './triage-model.js';

/** The decision for one file. */
export interface FileDecision extends TriageDecision {
  path: string;
  format: InputFormat;
}

/**
 * Triage of DICOM, PNG or JPEG files, in one forward pass. Stops at the first file that cannot be
 * read or decoded (DATA_NOT_FOUND, or the codes of `decodeInput` with the path in the message).
 */
export async function triageFiles(
  triage: TriageModel,
  paths: readonly string[],
  options: { maxInputPixels?: number } = {},
): Promise<FileDecision[]> {
  const decoded = [];
  for (const path of paths) {
    const bytes = await readFile(path).catch((error: unknown) => {
      throw new ScenarioError('DATA_NOT_FOUND', `${path}: cannot read the file`, { cause: error });
    });
    decoded.push(
      await decodeInput(bytes, {
        shape: triage.shape,
        source: path,
        ...(options.maxInputPixels === undefined ? {} : { maxInputPixels: options.maxInputPixels }),
      }),
    );
  }
  const scores = await predictScores(
    triage,
    decoded.map((input) => input.pixels),
  );
  return decoded.map((input, i) => ({
    path: paths[i] as string,
    format: input.format,
    ...decide(triage.config, {
      scores: [scores[2 * i] as number, scores[2 * i + 1] as number],
      pixels: input.pixels,
      shape: triage.shape,
      acquisition: input.acquisition,
    }),
  }));
}

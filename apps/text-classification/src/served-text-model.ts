import { ScenarioError } from '@scenarios/core';
import type { NamedTensors, ServedModel, TensorMetadata } from '@scenarios/core/serving';
import { classProbabilities, type TextClassifier } from './classifier.js';
import { decideAll } from './decisions.js';
import type { CachedEncoder } from './encoders/embedding-cache.js';

/** Request limits of a text classifier server. */
export interface TextLimits {
  /** Texts per request at most. */
  maxTexts: number;
  /** Characters (UTF-16 code units) per text at most. */
  maxTextChars: number;
}

/** The model's input: a BYTES tensor of texts. */
export const TEXT_INPUT = 'text';
/** Outputs: FP32 [n, classes] probabilities, and the decided label(s) of each text. */
export const PROBABILITIES_OUTPUT = 'probabilities';
export const LABEL_OUTPUT = 'label';
/** Multi-label decisions in the `label` output are joined with this. */
export const LABEL_JOIN = ',';

/**
 * A text classifier as core's server sees it (Open Inference Protocol v2): input `text` BYTES
 * [-1] (one string per text), outputs `probabilities` FP32 [-1, classes] and `label` BYTES [-1]
 * (the decided class; multi-label: the decided labels joined with `,`). Embeddings come through the
 * cached encoder, so a text seen before skips the encoder. `validateInputs` enforces the limits
 * before a request joins a batch: an empty list or too many texts is INVALID_ARGUMENT, a text over
 * the length limit PAYLOAD_TOO_LARGE.
 */
export function textServedModel(options: {
  classifier: TextClassifier;
  encoder: CachedEncoder;
  limits: TextLimits;
}): ServedModel {
  const { classifier, encoder, limits } = options;
  const k = classifier.labels.length;
  const rule = { task: classifier.preprocessing.task, threshold: classifier.preprocessing.threshold };
  const inputs: TensorMetadata[] = [{ name: TEXT_INPUT, datatype: 'BYTES', shape: [-1] }];
  const outputs: TensorMetadata[] = [
    { name: PROBABILITIES_OUTPUT, datatype: 'FP32', shape: [-1, k] },
    { name: LABEL_OUTPUT, datatype: 'BYTES', shape: [-1] },
  ];
  return {
    name: classifier.manifest.model.name,
    version: classifier.manifest.model.version,
    platform: 'tensorflowjs',
    inputs,
    outputs,
    isReady: () => true,
    validateInputs: (request) => checkTexts(textsOf(request), limits),
    predict: async (batch) => {
      const perRequest = batch.map(textsOf);
      const probabilities = await classProbabilities({ encoder, head: classifier.head }, perRequest.flat());
      const decided = decideAll(probabilities, k, rule);
      let row = 0;
      return perRequest.map((texts) => {
        const n = texts.length;
        const labels = decided
          .slice(row, row + n)
          .map((classes) => classes.map((c) => classifier.labels[c]).join(LABEL_JOIN));
        const result: NamedTensors = {
          [PROBABILITIES_OUTPUT]: {
            datatype: 'FP32',
            shape: [n, k],
            data: probabilities.subarray(row * k, (row + n) * k),
          },
          [LABEL_OUTPUT]: { datatype: 'BYTES', shape: [n], data: labels },
        };
        row += n;
        return result;
      });
    },
  };
}

function textsOf(request: NamedTensors): string[] {
  return (request[TEXT_INPUT]?.data ?? []) as string[];
}

/** Checks a request's texts against the limits (see `textServedModel`). */
export function checkTexts(texts: readonly unknown[], limits: TextLimits): void {
  if (texts.length === 0) throw new ScenarioError('INVALID_ARGUMENT', 'no texts: send at least one');
  if (texts.length > limits.maxTexts) {
    throw new ScenarioError(
      'INVALID_ARGUMENT',
      `${texts.length} texts in one request; the limit is ${limits.maxTexts}`,
      {
        details: { maxTexts: limits.maxTexts },
      },
    );
  }
  texts.forEach((text, i) => {
    if (typeof text !== 'string') throw new ScenarioError('BAD_REQUEST', `texts[${i}] must be a string`);
    if (text.length > limits.maxTextChars) {
      throw new ScenarioError(
        'PAYLOAD_TOO_LARGE',
        `texts[${i}] has ${text.length} characters; the limit is ${limits.maxTextChars}`,
        { details: { index: i, maxTextChars: limits.maxTextChars } },
      );
    }
  });
}

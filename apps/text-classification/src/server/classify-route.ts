import { ScenarioError } from '@scenarios/core';
import { requestSignalOf, type ServingContext } from '@scenarios/core/serving';
import type { RequestHandler } from 'express';
import type { TextClassifier } from '../classifier.js';
import { decideAll } from '../decisions.js';
import { checkTexts, PROBABILITIES_OUTPUT, TEXT_INPUT, type TextLimits } from '../served-text-model.js';

/** One text's answer: the decided label (single-label) or labels (multi-label), and every class's probability. */
export interface Classification {
  label?: string;
  labels?: string[];
  scores: Record<string, number>;
}

/**
 * `POST /v1/classify` with `{"texts": ["...", ...]}`: checks the body and the limits, runs the texts
 * through core's micro-batcher (`context.infer`, so concurrent requests share a forward pass) and
 * answers `{model_name, model_version, results: [{label, scores}]}` in the order of the texts.
 */
export function classifyRoute(options: {
  classifier: TextClassifier;
  context: ServingContext;
  limits: TextLimits;
}): RequestHandler {
  const { classifier, context, limits } = options;
  const multiLabel = classifier.preprocessing.task === 'multi-label';
  return async (req, res) => {
    const texts = requestTexts(req.body);
    checkTexts(texts, limits);
    const signal = requestSignalOf(res);
    const outputs = await context.infer(
      { [TEXT_INPUT]: { datatype: 'BYTES', shape: [texts.length], data: texts as string[] } },
      signal ? { signal } : {},
    );
    if (signal?.aborted || res.headersSent) return;
    const probabilities = outputs[PROBABILITIES_OUTPUT]?.data as Float32Array | undefined;
    if (!probabilities) throw new ScenarioError('INTERNAL', 'the model returned no probabilities');
    const k = classifier.labels.length;
    const decided = decideAll(probabilities, k, classifier.preprocessing);
    const results: Classification[] = texts.map((_, i) => {
      const scores = Object.fromEntries(classifier.labels.map((name, c) => [name, probabilities[i * k + c] as number]));
      const names = (decided[i] as number[]).map((c) => classifier.labels[c] as string);
      return multiLabel ? { labels: names, scores } : { label: names[0] as string, scores };
    });
    res.json({ model_name: context.model.name, model_version: context.model.version, results });
  };
}

/** The `texts` list of a classify body; BAD_REQUEST when the body is not `{"texts": [...]}`. */
function requestTexts(body: unknown): unknown[] {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ScenarioError(
      'BAD_REQUEST',
      'send a JSON object {"texts": ["...", ...]} with Content-Type application/json',
    );
  }
  const { texts } = body as { texts?: unknown };
  if (!Array.isArray(texts)) throw new ScenarioError('BAD_REQUEST', 'the JSON body needs "texts", an array of strings');
  return texts;
}

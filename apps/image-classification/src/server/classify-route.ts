import { ScenarioError } from '@scenarios/core';
import { requestSignalOf, type ServingContext, type TensorMetadata } from '@scenarios/core/serving';
import type { Request, RequestHandler } from 'express';
import type { Classifier } from '../classifier.js';
import { decodeImage } from '../image-decode.js';
import { imageShapeOf } from '../model.js';
import { toModelInput } from '../predict-images.js';
import { type LabelScore, topK } from '../top-k.js';
import { requestImages } from './request-images.js';

export interface ClassifyRouteOptions {
  classifier: Classifier;
  context: ServingContext;
  maxImages: number;
  /** Largest multipart or raw image body. */
  maxBodyBytes: number;
  maxInputPixels: number;
  /** Labels per image unless the request's `top_k` says otherwise. */
  topK: number;
}

/** One image's answer. */
export interface Classification {
  predictions: LabelScore[];
}

/**
 * `POST /v1/classify`: decodes the request's images with the model's preprocessing, runs them
 * through core's micro-batcher (`context.infer`, so concurrent requests share a forward pass) and
 * answers `{model_name, model_version, predictions}` for one image, or `{..., results: [{predictions}]}`
 * for a batch. `?top_k=N` (or `top_k` in a JSON body) sets the number of labels.
 */
export function classifyRoute(options: ClassifyRouteOptions): RequestHandler {
  const { classifier, context } = options;
  const shape = imageShapeOf(classifier.preprocessing);
  const [input, output] = [context.model.inputs[0], context.model.outputs[0]] as [TensorMetadata, TensorMetadata];
  return async (req, res) => {
    const k = requestedTopK(req, options.topK);
    const { images, batch } = await requestImages(req, {
      maxImages: options.maxImages,
      maxBodyBytes: options.maxBodyBytes,
    });
    const pixels = await Promise.all(
      images.map((bytes, i) =>
        decodeImage(bytes, { shape, maxInputPixels: options.maxInputPixels, source: batch ? `image ${i}` : 'image' }),
      ),
    );
    const signal = requestSignalOf(res);
    const outputs = await context.infer(
      {
        [input.name]: {
          datatype: 'FP32',
          shape: [images.length, shape.height, shape.width, shape.channels],
          data: toModelInput(pixels, classifier.preprocessing.scale),
        },
      },
      signal ? { signal } : {},
    );
    if (signal?.aborted || res.headersSent) return;
    const probabilities = outputs[output.name]?.data as Float32Array | undefined;
    if (!probabilities) throw new ScenarioError('INTERNAL', `the model returned no output ${output.name}`);
    const { labels } = classifier;
    const results: Classification[] = images.map((_, i) => ({
      predictions: topK(probabilities.subarray(i * labels.length, (i + 1) * labels.length), labels, k),
    }));
    const head = { model_name: context.model.name, model_version: context.model.version };
    res.json(batch ? { ...head, results } : { ...head, ...results[0] });
  };
}

function requestedTopK(req: Request, fallback: number): number {
  const fromBody = (req.body as { top_k?: unknown } | undefined)?.top_k;
  const raw = req.query.top_k ?? fromBody;
  if (raw === undefined) return fallback;
  const k = Number(raw);
  if (!Number.isInteger(k) || k < 1)
    throw new ScenarioError('INVALID_ARGUMENT', `top_k must be an integer >= 1, got ${String(raw)}`);
  return k;
}

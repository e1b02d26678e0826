import { createHash } from 'node:crypto';
import { ScenarioError } from '@scenarios/core';
import { requestIdOf, requestSignalOf, type ServingContext, type TensorMetadata } from '@scenarios/core/serving';
import type { RequestHandler } from 'express';
import type { AuditStore } from '../audit/audit-store.js';
import { decodeInput } from '../input/decode-input.js';
import { decide, NOTICE, type ReviewReason } from '../triage/decide.js';
import { renderSaliencyPng, saliencyMap } from '../triage/saliency.js';
import { type TriageModel, toModelInput } from '../triage-model.js';
import { requestInput } from './request-input.js';

export interface TriageRouteOptions {
  triage: TriageModel;
  context: ServingContext;
  audit: AuditStore;
  maxBodyBytes: number;
  maxInputPixels: number;
}

/** The answer of `POST /v1/triage`. */
export interface TriageResponse {
  priority: 'urgent' | 'review' | 'routine';
  /** Calibrated probability of the urgent class. */
  probability: number;
  thresholds: { urgent: number; routine: number };
  model_version: string;
  request_id: string;
  notice: string;
  /** Why the study goes to review; empty otherwise. */
  reasons: ReviewReason[];
  input_format: 'dicom' | 'png' | 'jpeg';
  /** A PNG heat map of the input gradient, base64, when asked for. */
  saliency_png_base64?: string;
}

/**
 * `POST /v1/triage`: decodes the input (DICOM, PNG, JPEG, or JSON base64), scores it through core's
 * micro-batcher, decides the priority, appends the decision to the audit trail and answers.
 * Every failure happens before the audit append, so a rejected request leaves no trace in the
 * trail; a decision that cannot be audited is not given out (500). Logs carry the request id,
 * format, priority and probability, never anything read from the file.
 */
export function triageRoute(options: TriageRouteOptions): RequestHandler {
  const { triage, context, audit } = options;
  const input = context.model.inputs[0] as TensorMetadata;
  const output = context.model.outputs[0] as TensorMetadata;
  const { shape } = triage;
  const { urgent, routine } = triage.config.operating_points;
  return async (req, res) => {
    const { bytes, declared, saliency } = await requestInput(req, { maxBodyBytes: options.maxBodyBytes });
    const decoded = await decodeInput(bytes, {
      shape,
      maxInputPixels: options.maxInputPixels,
      ...(declared ? { declared } : {}),
    });
    const signal = requestSignalOf(res);
    const outputs = await context.infer(
      {
        [input.name]: {
          datatype: 'FP32',
          shape: [1, shape.height, shape.width, shape.channels],
          data: toModelInput([decoded.pixels]),
        },
      },
      signal ? { signal } : {},
    );
    if (signal?.aborted || res.headersSent) return;
    const scores = outputs[output.name]?.data as Float32Array | undefined;
    if (scores?.length !== 2) throw new ScenarioError('INTERNAL', `the model returned no ${output.name}`);
    const decision = decide(triage.config, {
      scores: [scores[0] as number, scores[1] as number],
      pixels: decoded.pixels,
      shape,
      acquisition: decoded.acquisition,
    });
    const heatMap = saliency
      ? await renderSaliencyPng(saliencyMap(triage.model, decoded.pixels, shape), { pixels: decoded.pixels, shape })
      : undefined;
    if (signal?.aborted || res.headersSent) return;
    const requestId = requestIdOf(res) ?? 'unknown';
    const modelVersion = context.model.version;
    audit.append({
      time: new Date().toISOString(),
      request_id: requestId,
      input_sha256: createHash('sha256').update(bytes).digest('hex'),
      model_version: modelVersion,
      priority: decision.priority,
      probability: decision.probability,
    });
    context.logger.info(
      { requestId, format: decoded.format, priority: decision.priority, probability: decision.probability },
      'triage decision',
    );
    const body: TriageResponse = {
      priority: decision.priority,
      probability: decision.probability,
      thresholds: { urgent, routine },
      model_version: modelVersion,
      request_id: requestId,
      notice: NOTICE,
      reasons: decision.reasons,
      input_format: decoded.format,
      ...(heatMap ? { saliency_png_base64: heatMap.toString('base64') } : {}),
    };
    res.json(body);
  };
}

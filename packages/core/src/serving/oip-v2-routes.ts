import { type Request, Router } from 'express';
import { ScenarioError } from '../errors.js';
import { parseInferRequest, type ValidInferRequest } from './oip-v2-schema.js';
import { requestSignalOf } from './request-timeout.js';
import type { NamedTensors, ServedModel, TensorMetadata } from './served-model.js';
import type { ServingContext } from './serving-context.js';

/** One tensor of an OIP v2 infer response. */
export interface OipOutputTensor {
  name: string;
  datatype: string;
  shape: number[];
  data: (number | boolean | string)[];
}

/** The body of an OIP v2 infer response. */
export interface OipInferResponse {
  model_name: string;
  model_version: string;
  id?: string;
  outputs: OipOutputTensor[];
}

/** Model paths, with the optional `/versions/{version}` segment of the protocol. */
const MODEL_PATH = '/v2/models/:name{/versions/:version}';

/**
 * The Open Inference Protocol v2 model endpoints for the context's model: metadata, readiness and
 * `infer`. An unknown model name or version is 404 MODEL_NOT_FOUND. Errors use the project's
 * `{"error": {"code", "message"}}` body rather than the protocol's bare `{"error": "..."}`.
 */
export function oipV2Routes(context: ServingContext): Router {
  const router = Router();

  router.get(MODEL_PATH, (req, res) => {
    const model = findModel(context, req);
    res.json({
      name: model.name,
      versions: [model.version],
      platform: model.platform ?? 'tensorflowjs',
      inputs: model.inputs.map(describe),
      outputs: model.outputs.map(describe),
    });
  });

  router.get(`${MODEL_PATH}/ready`, (req, res) => {
    const model = findModel(context, req);
    const reason = context.notReadyReason();
    if (reason !== undefined) throw new ScenarioError('NOT_READY', reason);
    res.json({ name: model.name, ready: true });
  });

  router.post(`${MODEL_PATH}/infer`, async (req, res) => {
    const model = findModel(context, req);
    const request = parseInferRequest(req.body, model);
    const signal = requestSignalOf(res);
    const outputs = await context.infer(request.inputs, signal ? { signal } : {});
    // The request timed out or the client left while the model ran: nobody is waiting for the result.
    if (signal?.aborted || res.headersSent) return;
    res.json(inferResponse(model, request, outputs));
  });

  return router;
}

function findModel(context: ServingContext, req: Request): ServedModel {
  const { name, version } = req.params as { name: string; version?: string };
  const { model } = context;
  if (name !== model.name || (version !== undefined && version !== model.version)) {
    const which = version === undefined ? name : `${name} version ${version}`;
    throw new ScenarioError('MODEL_NOT_FOUND', `no model ${which}; this server serves ${model.name}`);
  }
  return model;
}

function describe(meta: TensorMetadata): TensorMetadata {
  return { name: meta.name, datatype: meta.datatype, shape: [...meta.shape] };
}

function inferResponse(model: ServedModel, request: ValidInferRequest, outputs: NamedTensors): OipInferResponse {
  return {
    model_name: model.name,
    model_version: model.version,
    ...(request.id === undefined ? {} : { id: request.id }),
    outputs: request.outputs.map((name) => {
      const tensor = outputs[name];
      if (tensor === undefined) throw new ScenarioError('INTERNAL', `model ${model.name} returned no output '${name}'`);
      // Typed arrays would serialise as objects; OIP wants a JSON array.
      return {
        name,
        datatype: tensor.datatype,
        shape: [...tensor.shape],
        data: Array.from(tensor.data as ArrayLike<number | boolean | string>),
      };
    }),
  };
}

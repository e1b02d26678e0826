import { z } from 'zod';
import { ScenarioError } from '../errors.js';
import {
  type NamedTensors,
  OIP_DATATYPES,
  type OipDatatype,
  type ServedModel,
  type TensorMetadata,
} from './served-model.js';

type NumericDatatype = Exclude<OipDatatype, 'BOOL' | 'BYTES'>;

/** Allowed values of each numeric datatype (64-bit integers: the range JSON numbers hold exactly). */
const NUMERIC_RANGE: Readonly<Record<NumericDatatype, { integer: boolean; min: number; max: number }>> = {
  UINT8: { integer: true, min: 0, max: 255 },
  UINT16: { integer: true, min: 0, max: 65_535 },
  UINT32: { integer: true, min: 0, max: 4_294_967_295 },
  UINT64: { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER },
  INT8: { integer: true, min: -128, max: 127 },
  INT16: { integer: true, min: -32_768, max: 32_767 },
  INT32: { integer: true, min: -2_147_483_648, max: 2_147_483_647 },
  INT64: { integer: true, min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
  FP16: { integer: false, min: -65_504, max: 65_504 },
  FP32: { integer: false, min: -3.4028234663852886e38, max: 3.4028234663852886e38 },
  FP64: { integer: false, min: -Number.MAX_VALUE, max: Number.MAX_VALUE },
};

const parameters = z.record(z.string(), z.unknown()).optional();

const inputTensor = z
  .object({
    name: z.string().min(1),
    shape: z.array(z.number().int().nonnegative()),
    datatype: z.enum(OIP_DATATYPES),
    data: z.array(z.unknown()),
    parameters,
  })
  .superRefine((tensor, ctx) => {
    const size = tensor.shape.reduce((product, dim) => product * dim, 1);
    if (size !== tensor.data.length) {
      const message = `shape [${tensor.shape.join(', ')}] holds ${size} elements but data has ${tensor.data.length}`;
      ctx.addIssue({ code: 'custom', path: ['data'], message });
    }
    const bad = firstInvalidElement(tensor.datatype, tensor.data);
    if (bad !== undefined) {
      const shown = JSON.stringify(tensor.data[bad])?.slice(0, 40) ?? 'undefined';
      ctx.addIssue({ code: 'custom', path: ['data', bad], message: `${shown} is not a valid ${tensor.datatype}` });
    }
  });

/** The body of `POST /v2/models/{name}/infer` (flat `data` arrays only). */
export const inferRequestSchema = z.object({
  id: z.string().optional(),
  parameters,
  inputs: z.array(inputTensor).min(1),
  outputs: z.array(z.object({ name: z.string().min(1), parameters })).optional(),
});

/** An infer request checked against the model it is for. */
export interface ValidInferRequest {
  id?: string;
  inputs: NamedTensors;
  /** The output names to return, in order: the requested ones, else all of the model's. */
  outputs: string[];
}

/**
 * Validates an OIP v2 infer body against `model`: structure, datatype, shape against data length,
 * element types and ranges, then input names, datatypes and shapes against the model's metadata.
 * Throws INVALID_ARGUMENT listing the problems (also as `details.issues`).
 */
export function parseInferRequest(body: unknown, model: ServedModel): ValidInferRequest {
  const parsed = inferRequestSchema.safeParse(body);
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })));
  }
  const request = parsed.data;
  const issues: Issue[] = [];
  const declared = new Map(model.inputs.map((meta) => [meta.name, meta]));
  const inputs: NamedTensors = {};
  request.inputs.forEach((input, i) => {
    const meta = declared.get(input.name);
    if (meta === undefined) {
      const expected = model.inputs.map((m) => m.name).join(', ');
      issues.push({
        path: `inputs[${i}].name`,
        message: `unknown input '${input.name}'; the model takes: ${expected}`,
      });
    } else if (input.name in inputs) {
      issues.push({ path: `inputs[${i}].name`, message: `input '${input.name}' is given more than once` });
    } else {
      issues.push(...checkAgainst(meta, input, `inputs[${i}]`));
      // Element types were checked above, so the data is one of the TensorValues kinds.
      inputs[input.name] = { datatype: input.datatype, shape: input.shape, data: input.data as number[] };
    }
  });
  for (const meta of model.inputs) {
    if (!request.inputs.some((input) => input.name === meta.name)) {
      issues.push({ path: 'inputs', message: `missing input '${meta.name}'` });
    }
  }
  const known = model.outputs.map((meta) => meta.name);
  const outputs = request.outputs?.map((output) => output.name) ?? known;
  outputs.forEach((name, i) => {
    if (!known.includes(name)) {
      issues.push({
        path: `outputs[${i}].name`,
        message: `unknown output '${name}'; the model has: ${known.join(', ')}`,
      });
    }
  });
  if (issues.length > 0) throw invalid(issues);
  return { ...(request.id === undefined ? {} : { id: request.id }), inputs, outputs };
}

interface Issue {
  path: string;
  message: string;
}

function checkAgainst(meta: TensorMetadata, input: { datatype: OipDatatype; shape: number[] }, path: string): Issue[] {
  const issues: Issue[] = [];
  if (input.datatype !== meta.datatype) {
    issues.push({ path: `${path}.datatype`, message: `expected ${meta.datatype}, got ${input.datatype}` });
  }
  const fits =
    input.shape.length === meta.shape.length && meta.shape.every((dim, d) => dim === -1 || dim === input.shape[d]);
  if (!fits) {
    issues.push({
      path: `${path}.shape`,
      message: `expected [${meta.shape.join(', ')}] (-1: any size), got [${input.shape.join(', ')}]`,
    });
  }
  return issues;
}

/** Index of the first element that is not a value of `datatype`, or undefined when all are. */
function firstInvalidElement(datatype: OipDatatype, data: unknown[]): number | undefined {
  if (datatype === 'BYTES') return indexWhere(data, (v) => typeof v !== 'string');
  if (datatype === 'BOOL') return indexWhere(data, (v) => typeof v !== 'boolean');
  const range = NUMERIC_RANGE[datatype];
  return indexWhere(
    data,
    (v) => typeof v !== 'number' || (range.integer && !Number.isInteger(v)) || v < range.min || v > range.max,
  );
}

function indexWhere(data: unknown[], bad: (value: unknown) => boolean): number | undefined {
  for (let i = 0; i < data.length; i++) if (bad(data[i])) return i;
  return undefined;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text === '' ? String(key) : `${text}.${String(key)}`;
  }, '');
}

function invalid(issues: Issue[]): ScenarioError {
  const shown = issues.slice(0, 5).map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
  const more = issues.length > 5 ? `; and ${issues.length - 5} more` : '';
  return new ScenarioError('INVALID_ARGUMENT', `invalid infer request: ${shown.join('; ')}${more}`, {
    details: { issues },
  });
}

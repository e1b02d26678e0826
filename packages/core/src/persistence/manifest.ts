import { z } from 'zod';
import { MODEL_JSON } from './fs-io-handler.js';

/** The manifest layout this code writes; a reader refuses any other. */
export const MANIFEST_FORMAT_VERSION = 1;
/** File name of the manifest inside a model directory. */
export const MANIFEST_JSON = 'manifest.json';

/** A plain file name inside the model directory: no separators, not `.`/`..`, not the manifest. */
export const fileNameSchema = z
  .string()
  .regex(/^[^/\\\0]+$/, 'must be a plain file name')
  .refine((name) => name !== '.' && name !== '..' && name !== MANIFEST_JSON, 'must not be ., .. or manifest.json');

const tensorSpec = z.object({
  name: z.string(),
  /** `null` for a dimension of any size, such as the batch; absent when the model does not say. */
  shape: z.array(z.number().int().min(0).nullable()).optional(),
  dtype: z.string().min(1),
});

const fileEntry = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'),
  size: z.number().int().min(0),
});

/** A metric is a number, `null` when undefined (such as ROC-AUC with one class), or a structured value. */
const metricValue = z.union([z.number(), z.null(), z.array(z.unknown()), z.record(z.string(), z.unknown())]);

/** The schema of `manifest.json`. Keys are snake_case like every JSON contract of the project. */
export const manifestSchema = z.object({
  format_version: z.literal(MANIFEST_FORMAT_VERSION),
  /** The app that trained the model, such as `image-classification`. */
  scenario: z.string().min(1),
  model: z.object({ name: z.string().min(1), version: z.string().min(1) }),
  created_at: z.iso.datetime({ offset: true }),
  tfjs_version: z.string().min(1),
  /** The backend the model was trained on: `name` plus whatever else describes it (version, binding). */
  backend: z.looseObject({ name: z.string().min(1) }),
  /** The model's input and output tensors; the batch dimension is `null`. */
  inputs: z.array(tensorSpec).min(1),
  outputs: z.array(tensorSpec).min(1),
  /** How raw input becomes the model's input (scaling, resizing, tokenisation...), free-form. */
  preprocessing: z.record(z.string(), z.unknown()),
  /** Class names, index i naming output i. */
  labels: z.array(z.string()).optional(),
  /** App-specific lookup tables, such as user and item id to embedding row. */
  id_maps: z.record(z.string(), z.unknown()).optional(),
  training: z
    .object({
      config: z.record(z.string(), z.unknown()),
      seed: z.number().int().optional(),
    })
    .optional(),
  /** Identifies the training data, such as `fingerprintFiles()` over the data files. */
  data_fingerprint: z.string().min(1).optional(),
  /** Evaluation metrics with snake_case names (`accuracy`, `macro_f1`, ...). */
  metrics: z.record(z.string(), metricValue).optional(),
  /** sha256 and size in bytes of every file of the directory besides manifest.json. */
  files: z.record(fileNameSchema, fileEntry).refine((files) => MODEL_JSON in files, `must list ${MODEL_JSON}`),
});

/** The parsed content of `manifest.json`. */
export type ModelManifest = z.infer<typeof manifestSchema>;
/** One input or output tensor as the manifest describes it. */
export type TensorSpec = z.infer<typeof tensorSpec>;
/** The checksum entry of one file. */
export type FileEntry = z.infer<typeof fileEntry>;

/** One line per problem, such as `files.model.json.sha256: must be 64 lowercase hex digits`. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`);
}

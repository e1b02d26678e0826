/**
 * The contract between a server and the model it serves, in Open Inference Protocol (OIP) v2 terms:
 * named tensors with a datatype, a shape and their elements as a flat row-major array.
 */

/** The tensor datatypes of the Open Inference Protocol v2. */
export const OIP_DATATYPES = [
  'BOOL',
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'FP16',
  'FP32',
  'FP64',
  'BYTES',
] as const;

export type OipDatatype = (typeof OIP_DATATYPES)[number];

/** How a model declares one of its inputs or outputs. A `-1` dimension accepts any size. */
export interface TensorMetadata {
  name: string;
  datatype: OipDatatype;
  shape: number[];
}

/**
 * Tensor elements in row-major order. Requests always arrive as plain arrays; a model may answer
 * with a typed array (for example from `tensor.data()`), which the server turns into JSON.
 */
export type TensorValues = number[] | boolean[] | string[] | Float32Array | Int32Array | Uint8Array;

/** One tensor of a request or a response. */
export interface TensorData {
  datatype: OipDatatype;
  shape: number[];
  data: TensorValues;
}

/** The tensors of one request (or of one response), keyed by tensor name. */
export type NamedTensors = Record<string, TensorData>;

/**
 * A model a server can serve. The server validates every request against `inputs` before the
 * model sees it, so `predict` receives exactly the declared input names, datatypes and shapes.
 */
export interface ServedModel {
  readonly name: string;
  readonly version: string;
  /** Reported in OIP model metadata; defaults to `tensorflowjs`. */
  readonly platform?: string;
  readonly inputs: readonly TensorMetadata[];
  readonly outputs: readonly TensorMetadata[];
  /**
   * Runs one batch: element `i` of the result holds the outputs for element `i` of `batch`.
   * Each element is one request, whose inputs may themselves hold several rows.
   */
  predict(batch: NamedTensors[]): Promise<NamedTensors[]>;
  /**
   * Optional checks of one request's inputs beyond their declared datatypes and shapes (a length
   * limit on texts, say). `ServingContext.infer` runs them before the request joins a batch, so a
   * bad request fails alone: throw a `ScenarioError` with a 4xx code.
   */
  validateInputs?(inputs: NamedTensors): void;
  /** False while the model is still loading or warming up; `/readyz` answers 503 until true. */
  isReady(): boolean;
}

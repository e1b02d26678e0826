import { fileURLToPath } from 'node:url';
import { type Logger, silentLogger, tf } from '@scenarios/core';
import { startChildServer } from '@scenarios/core/cli';
import type { Dataset } from '@scenarios/core/data';
import sharp from 'sharp';
import { loadClassifier } from '../classifier.js';
import { loadImageData } from '../datasets/load-image-data.js';
import { imageShapeOf } from '../model.js';
import { batchedInferenceThroughput } from './batched-inference.js';
import { type HttpLoadResult, runHttpLoad } from './http-load.js';

/** The app's built CLI (dist/bench/ -> dist/cli.js). */
const APP_CLI = fileURLToPath(new URL('../cli.js', import.meta.url));

export interface ServeThroughputOptions {
  /** Model directory to serve. */
  model: string;
  /** Data directory whose test images are sent (encoded as PNG). */
  data: string;
  /** Images taken from the test split. Default 1024. */
  images?: number;
  /** Concurrent HTTP clients. Default 16. */
  clients?: number;
  /** Counted load-test time. Default 20 000 ms. */
  durationMs?: number;
  /** In-process batch sizes to compare with. Default [32, 64]. */
  batchSizes?: readonly number[];
  /** In-process predicting time per batch size. Default 5 000 ms. */
  inferenceDurationMs?: number;
  /** The built CLI that serves. Default: `dist/cli.js` of this package. */
  cli?: string;
  /** Environment of the server process (for example `TFJS_WASM_THREADS`). Default: this process's. */
  serverEnv?: NodeJS.ProcessEnv;
  /** `serve --processes`. Default 1. */
  serverProcesses?: number;
  logger?: Logger;
}

export interface ServeThroughputResult {
  /** In-process `predict` throughput (images/s) per batch size. */
  batched: { batchSize: number; throughput: number }[];
  /** Single-image `POST /v1/classify` with raw PNG bodies. */
  http: HttpLoadResult;
  /** HTTP throughput over the best in-process throughput. */
  ratio: number;
}

/**
 * Compares serving with in-process inference for one model: first `predict` on batches of 32 and
 * 64 test images in this process, then the model served by `image-classification serve` in a
 * child process and driven over loopback by `clients` keep-alive clients, each POSTing one PNG at
 * a time. The two phases run one after the other, so they never compete for the cores.
 */
export async function measureServeThroughput(options: ServeThroughputOptions): Promise<ServeThroughputResult> {
  const logger = options.logger ?? silentLogger;
  const classifier = await loadClassifier(options.model);
  const shape = imageShapeOf(classifier.preprocessing);
  const batched: ServeThroughputResult['batched'] = [];
  let pngs: Buffer[];
  try {
    const test = await loadImageData({ path: options.data, split: 'test', limit: options.images ?? 1024 });
    const images = await allInputs(test.dataset);
    pngs = await encodePngs(images, shape);
    for (const batchSize of options.batchSizes ?? [32, 64]) {
      const throughput = await batchedInferenceThroughput(classifier.model, {
        images,
        shape,
        batchSize,
        ...(options.inferenceDurationMs === undefined ? {} : { durationMs: options.inferenceDurationMs }),
      });
      logger.info({ batchSize, throughput }, 'in-process batched inference');
      batched.push({ batchSize, throughput });
    }
  } finally {
    classifier.model.dispose();
  }
  const server = await startChildServer({
    cli: options.cli ?? APP_CLI,
    args: ['serve', '--model', options.model, '--port', '0', '--processes', String(options.serverProcesses ?? 1)],
    ...(options.serverEnv ? { env: options.serverEnv } : {}),
  });
  let http: HttpLoadResult;
  try {
    http = await runHttpLoad({
      url: `${server.url}/v1/classify`,
      bodies: pngs,
      contentType: 'image/png',
      ...(options.clients === undefined ? {} : { clients: options.clients }),
      ...(options.durationMs === undefined ? {} : { durationMs: options.durationMs }),
    });
  } finally {
    await server.stop();
  }
  logger.info({ ...http }, 'HTTP load test');
  const best = Math.max(...batched.map((b) => b.throughput));
  return { batched, http, ratio: http.throughput / best };
}

/** Every input of a dataset, in order, as one float32 NHWC array. */
async function allInputs(dataset: Dataset): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  for (const { xs, ys } of dataset.batches({ batchSize: 256 })) {
    parts.push((await xs.data()) as Float32Array);
    tf.dispose([xs, ys]);
  }
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Model inputs in [0, 1] back to 8-bit grayscale or RGB PNG files, as a client would send them. */
async function encodePngs(images: Float32Array, shape: { height: number; width: number; channels: 1 | 3 }) {
  const size = shape.height * shape.width * shape.channels;
  const pngs: Buffer[] = [];
  for (let at = 0; at + size <= images.length; at += size) {
    const pixels = Uint8Array.from(images.subarray(at, at + size), (v) => Math.round(v * 255));
    const image = sharp(pixels, { raw: { width: shape.width, height: shape.height, channels: shape.channels } });
    // Marked grayscale, or sharp would write one channel as an RGB PNG.
    pngs.push(await (shape.channels === 1 ? image.toColourspace('b-w') : image).png().toBuffer());
  }
  return pngs;
}

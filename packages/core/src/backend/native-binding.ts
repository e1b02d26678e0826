import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The native TensorFlow bindings, best first. Neither is a dependency: they download
 * libtensorflow when installed, which needs internet access (and CUDA for the GPU one),
 * so a user installs one in their own project when they can.
 */
export const NATIVE_BINDINGS = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

/**
 * Finds an installed binding, looking beside this package first and then from the
 * working directory (a pnpm project keeps the user's dependencies out of ours).
 */
export function resolveNativeBinding(name: string): string | undefined {
  const bases = [import.meta.url, pathToFileURL(path.join(process.cwd(), 'package.json')).href];
  for (const base of bases) {
    try {
      return createRequire(base).resolve(name);
    } catch {
      // not installed there
    }
  }
  return undefined;
}

import { ScenarioError } from '../errors.js';

/** The backends the toolkit can run on, fastest first. */
export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What a user may ask for with `TFJS_BACKEND`: a backend, or `auto` for the fastest available. */
export type BackendRequest = 'auto' | BackendName;

export function parseBackendRequest(value: string | undefined): BackendRequest {
  const normalised = (value ?? '').trim().toLowerCase();
  if (normalised === '' || normalised === 'auto') return 'auto';
  if ((BACKEND_NAMES as readonly string[]).includes(normalised)) return normalised as BackendName;
  throw new ScenarioError(
    'INVALID_ARGUMENT',
    `TFJS_BACKEND=${value} is not a backend; use one of auto, ${BACKEND_NAMES.join(', ')}`,
  );
}

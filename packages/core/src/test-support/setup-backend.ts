import { beforeAll } from 'vitest';
import { initBackend } from '../backend/index.js';

// Every test runs on the default backend, the one users get without native TensorFlow.
beforeAll(async () => {
  await initBackend();
});

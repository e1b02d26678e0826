import { initBackend } from '@scenarios/core';
import { beforeAll } from 'vitest';

// Every test runs on the default backend, the one users get without native TensorFlow.
beforeAll(async () => {
  await initBackend();
});

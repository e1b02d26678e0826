export * from './errors.js';
export * from './logger.js';
export { tf } from './tf.js';
export * from './backend/index.js';

/**
 * @scenarios/core: the toolkit's shared library. The root entry holds what every part uses;
 * each area has its own entry point: `@scenarios/core/data`, `/models`, `/training`,
 * `/evaluation`, `/persistence`, `/serving`, `/backend`, `/cli`.
 */
export * from './backend/index.js';
export * from './errors.js';
export * from './logger.js';
export { tf } from './tf.js';

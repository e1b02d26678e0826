export { BACKEND_NAMES, type BackendName, type BackendRequest, parseBackendRequest } from './backend-request.js';
export { type BackendInfo, currentBackend, type InitBackendOptions, initBackend } from './select-backend.js';
export { MAX_WASM_THREADS, resolveWasmThreads } from './wasm-threads.js';

export { BACKEND_NAMES, type BackendName, type BackendRequest, parseBackendRequest } from './backend-request.js';
export { type BackendInfo, currentBackend, type InitBackendOptions, initBackend } from './select-backend.js';

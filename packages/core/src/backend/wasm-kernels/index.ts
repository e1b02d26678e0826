export { registerWasmKernels, WASM_TRAINING_KERNELS } from './register.js';

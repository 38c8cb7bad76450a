// tfjs and its wasm backend, as one module. The CLI/engine build emits it as its own file
// (dist/tfjs.js, one copy of tfjs-core for both) and loads it on first use (backend.ts), so commands
// that run no tfjs op do not parse ≈4 MB of tfjs at start-up. Other builds (tests) bundle it.
export * from '@tensorflow/tfjs';
export { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

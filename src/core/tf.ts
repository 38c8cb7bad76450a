// The tfjs namespace core code computes with. Core never imports a backend itself: the engine
// picks one (tfjs-node-gpu, tfjs-node, wasm or cpu) and passes the namespace in.
import type * as tfjs from '@tensorflow/tfjs';

export type Tf = typeof tfjs;
export type Tensor = tfjs.Tensor;
export type Tensor2D = tfjs.Tensor2D;

/** Names of the backends Collapse Lens can run on, best first. */
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

// The classifier of a model as the metrics see it: features H (the classifier's input), W and b.
// Conventions (theory.md §0): W is K×d, row k = w_k, logits z = W h + b. tfjs stores a Dense kernel
// as [inputDim, units] = d×K, so W is the kernel transposed.

/** What the model does to the logits before its output (reproduced when verifying). */
export type OutputOp = 'softmax' | 'sigmoid';

export interface ClassifierHead {
  /** Layer (layers-model) or node (graph-model) whose output is the feature vector h. */
  featureLayer: string;
  /** The Dense layer / MatMul node holding W. */
  classifierLayer: string;
  /** d */
  dim: number;
  /** K */
  classes: number;
  /** W, K×d row-major. */
  weights: Float32Array;
  /** b (length K), or null when the classifier has no bias. */
  bias: Float32Array | null;
  /** Applied in order to z = W h + b to give the model's output. */
  outputOps: OutputOp[];
  /** Layers/nodes between the classifier and the output that are not known to pass values through. */
  unverifiedLayers: string[];
}

/** One layer or node looked at while searching for the classifier, and the verdict. */
export interface Considered {
  name: string;
  kind: string;
  verdict: string;
}

/** The first `max` verdicts (a converted graph can have hundreds of nodes on the way back). */
export function listConsidered(considered: readonly Considered[], max = 12): string {
  const shown = considered.slice(0, max).map((c) => `${c.kind} "${c.name}" (${c.verdict})`);
  if (considered.length > max) shown.push(`… and ${considered.length - max} more`);
  return shown.join('; ');
}

/** Transposes a d×K kernel (row-major) into W, K×d. */
export function kernelToW(kernel: Float32Array, d: number, k: number): Float32Array {
  const w = new Float32Array(k * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < k; j++) w[j * d + i] = kernel[i * k + j];
  return w;
}

// The classifier of a model as the metrics see it: features H (the classifier's input), W and b.
// Conventions (theory.md §0): W is K×d, row k = w_k, logits z = W h + b. tfjs stores a Dense kernel
// as [inputDim, units] = d×K, so W is the kernel transposed.

/** What the model does to the logits before its output (reproduced when verifying). */
export type OutputOp = 'softmax' | 'sigmoid';

/**
 * How W and b were read (docs/models.md, "Supported heads"):
 * - dense: a Dense layer / MatMul, W = kernelᵀ;
 * - conv1x1: a 1×1 Conv2D on a 1×1 map, W = kernel[0][0]ᵀ (exactly a Dense layer);
 * - binary: one output unit z = w·h + b (sigmoid or logit), read as two classes with logits
 *   [0, z]: W = [0; w], b = [0; b], so softmax([0, z])₁ = sigmoid(z).
 */
export type HeadKind = 'dense' | 'conv1x1' | 'binary';

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
  kind: HeadKind;
  /** The output (layer name, signature key or node) this head feeds, when the model has several. */
  output?: string;
}

/** The sentence the report shows for a binary head. */
export const BINARY_HEAD_NOTE =
  'one-unit head z = w·h + b read as two classes with logits [0, z]: W = [0; w], b = [0; b] (softmax([0, z]) gives class 1 the probability sigmoid(z)); class 0 is the unit\'s "off" side. Row 0 of W is zero by this choice, so equinormClassifiers is 1 (ddof 0) and the classifier cosines are undefined by construction, and NC3 compares [0; w] with the centred means: read the classifier-side NC2 and NC3 as properties of that convention, not of training';

/** W = [0; w] (2×d) and b = [0; b] for a one-unit head with weights w (length d) and bias b. */
export function binaryHead(w: Float32Array, b: number | null): { weights: Float32Array; bias: Float32Array | null } {
  const weights = new Float32Array(2 * w.length);
  weights.set(w, w.length);
  return { weights, bias: b === null ? null : Float32Array.from([0, b]) };
}

/** One layer or node looked at while searching for the classifier, and the verdict. */
export interface Considered {
  name: string;
  kind: string;
  verdict: string;
}

/**
 * The verdicts as indented lines after a message's first line (a converted graph can have hundreds
 * of nodes on the way back; the first `max` are shown).
 */
export function listConsidered(considered: readonly Considered[], max = 8): string[] {
  const shown = considered.slice(0, max).map((c) => (c.kind === 'InputLayer' ? `considered the model input: ${c.verdict}` : `considered ${c.kind} "${c.name}": ${c.verdict}`));
  if (considered.length > max) shown.push(`(${considered.length - max} more not shown)`);
  return shown;
}

/** Transposes a d×K kernel (row-major) into W, K×d. */
export function kernelToW(kernel: Float32Array, d: number, k: number): Float32Array {
  const w = new Float32Array(k * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < k; j++) w[j * d + i] = kernel[i * k + j];
  return w;
}

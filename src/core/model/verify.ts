// Checks that the extracted (H, W, b) describe what the model computes: act(H Wᵀ + b) must
// reproduce the model's own output on the same batch. If it does not (a non-linear layer after
// the classifier, a wrong feature layer), the metrics would describe some other network: refuse.
import type { InputError } from '../errors';
import { fileFault } from '../errors';
import type { Tensor, Tensor2D, Tf } from '../tf';
import type { ClassifierHead } from './head';

/** Absolute tolerance on probabilities; relative (to max |output|, at least 1) on raw logits. */
export const REPRODUCTION_TOLERANCE = 1e-4;

export interface OutputCheck {
  /** max |act(H Wᵀ + b) − model output| over this batch (Infinity when the shapes differ). */
  maxAbsDiff(features: Tensor2D, output: Tensor): number;
  /** Tolerance for a batch whose output has this largest magnitude. */
  tolerance(maxAbsOutput: number): number;
  dispose(): void;
}

export function createOutputCheck(tf: Tf, head: ClassifierHead): OutputCheck {
  const { dim: d, classes: k } = head;
  // A binary head is checked on its one unit z = w·h + b (row 1 of W = [0; w]), as the model computes it.
  const binary = head.kind === 'binary';
  const units = binary ? 1 : k;
  const rows = binary ? head.weights.subarray(d) : head.weights;
  // Kernel d×K built once. Plain matMul(H, kernel): on wasm the transposeB form is 12–20× slower
  // (platform-notes §1.3).
  const kernel = tf.tidy(() => tf.transpose(tf.tensor2d(rows, [units, d])));
  const bias = head.bias ? tf.tensor1d(binary ? head.bias.subarray(1) : head.bias) : null;
  const probabilities = head.outputOps.length > 0;
  return {
    maxAbsDiff(features, output) {
      const n = features.shape[0];
      // A conv head's output can keep its 1×1 map: [N, 1, 1, K].
      const flat = output.rank !== 2 && output.size === n * units && output.shape[0] === n;
      if (!flat && (output.rank !== 2 || output.shape[1] !== units || output.shape[0] !== n)) return Infinity;
      return tf.tidy(() => {
        if (flat) output = tf.reshape(output, [n, units]);
        let z: Tensor = tf.matMul(features, kernel);
        if (bias) z = tf.add(z, bias);
        for (const op of head.outputOps) z = op === 'softmax' ? tf.softmax(z) : tf.sigmoid(z);
        const diff = tf.max(tf.abs(tf.sub(z, output))).dataSync()[0];
        return Number.isNaN(diff) ? Infinity : diff;
      });
    },
    tolerance: (maxAbsOutput) => (probabilities ? REPRODUCTION_TOLERANCE : REPRODUCTION_TOLERANCE * Math.max(1, maxAbsOutput)),
    dispose: () => tf.dispose(bias ? [kernel, bias] : [kernel]),
  };
}

/** The refusal, naming what sits between the classifier and the output. */
export function reproductionFailure(jsonPath: string, head: ClassifierHead, diff: number, tolerance: number, where: string, data?: string): InputError {
  const formula = `${head.outputOps.length ? head.outputOps.join('∘') + '(' : ''}H Wᵀ${head.bias ? ' + b' : ''}${head.outputOps.length ? ')' : ''}`;
  const between = head.unverifiedLayers.length
    ? [`between classifier "${head.classifierLayer}" and the output: ${head.unverifiedLayers.join(', ')}, which changes the output`]
    : [];
  const measured = Number.isFinite(diff) ? `max |difference| ${diff.toPrecision(3)}` : 'the output has a different shape';
  return fileFault(
    jsonPath,
    `${formula} with H from "${head.featureLayer}" does not reproduce the model's output (${measured} > ${tolerance.toPrecision(2)} ${where}); try another --feature-layer`,
    [...between, ...(data ? [`data: ${data}`] : [])],
  );
}

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
  // Kernel d×K built once. Plain matMul(H, kernel): on wasm the transposeB form is 12–20× slower
  // (platform-notes §1.3).
  const kernel = tf.tidy(() => tf.transpose(tf.tensor2d(head.weights, [k, d])));
  const bias = head.bias ? tf.tensor1d(head.bias) : null;
  const probabilities = head.outputOps.length > 0;
  return {
    maxAbsDiff(features, output) {
      if (output.rank !== 2 || output.shape[1] !== k || output.shape[0] !== features.shape[0]) return Infinity;
      return tf.tidy(() => {
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
export function reproductionFailure(jsonPath: string, head: ClassifierHead, diff: number, tolerance: number, where: string): InputError {
  const formula = `${head.outputOps.length ? head.outputOps.join('∘') + '(' : ''}H Wᵀ${head.bias ? ' + b' : ''}${head.outputOps.length ? ')' : ''}`;
  const between = head.unverifiedLayers.length
    ? ` Between classifier "${head.classifierLayer}" and the output there is ${head.unverifiedLayers.join(', ')}, which changes the output.`
    : '';
  const measured = Number.isFinite(diff) ? `max |difference| ${diff.toPrecision(3)}` : 'the output has a different shape';
  return fileFault(
    jsonPath,
    `${formula} with H from "${head.featureLayer}" does not reproduce the model's output (${measured} ${where}, tolerance ${tolerance.toPrecision(2)}).${between} The metrics would not describe this network; choose the feature layer with --feature-layer, or analyse a model whose output is the classifier's logits or their softmax.`,
  );
}

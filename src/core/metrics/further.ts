// Further metrics of the public libraries (theory.md §1.11), from the statistics the engine already has:
// class means and counts, the per-class within sums of squares of pass 2, and W. All in float64.
//   nc1Weak           Tr Σ_W / (Tr Σ_W + Tr Σ_B), Tr Σ_B / (Tr Σ_W + Tr Σ_B)  (Rangamani et al.; nc-toolbox nc1_weak)
//   classVariability  σ_k² / ‖μ_k − μ_G‖², σ_k² = (1/n_k) Σ_{i∈k} ‖h_i − μ_k‖²
//   equinormLogMeans  mean over pairs c < c' of |log‖μ_c − μ_G‖ − log‖μ_c' − μ_G‖|  (nc-toolbox nc2_equinormness)
//   gnc2              mean and population variance over pairs c ≠ c' of log(1/‖m̂_c − m̂_c'‖),
//                     m̂_k = (μ_k − μ_G)/‖μ_k − μ_G‖  (Liu et al. 2023; rhubarbwu kernel_stats, log kernel)
//   gnc2Riesz         the same for the Riesz s = 1 kernel ‖m̂_c − m̂_c'‖⁻¹  (rhubarbwu kernel_stats, riesz)
//   unc3              std/mean of cos(w_k, μ_k − μ_G) over k  (rhubarbwu, uniform duality)
//   nc5               mean over k of |cos(w_k, μ_OOD − μ_G)|  (Ammar et al. 2024; rhubarbwu, OOD orthogonality)
import { squaredDistances } from '../linalg';
import type { Maybe } from './nc2';
import { mean, std } from './nc2';
import { indexList } from '../../protocol/classList';

export interface WeakNc1 {
  value: { within: number; between: number } | null;
  reason?: string;
}

/** Tr Σ_W and Tr Σ_B (Σ_B = (1/K) Σ_k (μ_k − μ_G)(μ_k − μ_G)ᵀ, as nc1Quotient) as shares of their sum. */
export function nc1Weak(withinSumSquares: ArrayLike<number>, samples: number, centred: Float64Array, classes: number): WeakNc1 {
  let within = 0;
  for (let k = 0; k < classes; k++) within += withinSumSquares[k];
  within /= samples;
  let between = 0;
  for (let i = 0; i < centred.length; i++) between += centred[i] * centred[i];
  between /= classes;
  const total = within + between;
  if (!(total > 0)) return { value: null, reason: 'Tr(Σ_W) + Tr(Σ_B) = 0: every sample equals the global mean' };
  return { value: { within: within / total, between: between / total } };
}

export interface PerClassValues {
  value: number[] | null;
  reason?: string;
}

/** σ_k² / ‖μ_k − μ_G‖² per class; undefined when a centred class mean is ~0 (`zero`, as for the cosines). */
export function classVariability(withinSumSquares: ArrayLike<number>, counts: ArrayLike<number>, norms: readonly number[], zero: readonly number[]): PerClassValues {
  if (zero.length) return { value: null, reason: describeZero(zero) };
  return { value: norms.map((n, k) => withinSumSquares[k] / counts[k] / (n * n)) };
}

/** Mean over pairs c < c' of |log‖μ_c − μ_G‖ − log‖μ_c' − μ_G‖|. */
export function equinormLog(norms: readonly number[], zero: readonly number[]): Maybe {
  if (zero.length) return { value: null, reason: `${describeZero(zero)}, so its log is undefined` };
  const logs = norms.map(Math.log);
  const terms: number[] = [];
  for (let c = 0; c < logs.length; c++) for (let e = c + 1; e < logs.length; e++) terms.push(Math.abs(logs[c] - logs[e]));
  return { value: mean(terms) };
}

export interface Gnc2 {
  value: { logMean: number; logVar: number } | null;
  /** The Riesz s = 1 kernel's mean and population variance over the same pairs. */
  riesz: { mean: number; var: number } | null;
  reason?: string;
}

/**
 * Log-kernel hyperspherical uniformity of the normalised centred means. The kernel is symmetric, so the
 * mean and population variance over ordered pairs c ≠ c' equal those over unordered pairs c < c'.
 * Distances are summed directly (squaredDistances), not taken from 2 − 2 cos, so near-coincident
 * directions keep their relative accuracy.
 */
export function gnc2(centred: Float64Array, norms: readonly number[], zero: readonly number[], classes: number, dim: number): Gnc2 {
  if (zero.length) return { value: null, riesz: null, reason: `${describeZero(zero)}, so its direction m̂_k is undefined` };
  const unit = new Float64Array(classes * dim);
  for (let k = 0; k < classes; k++) for (let j = 0; j < dim; j++) unit[k * dim + j] = centred[k * dim + j] / norms[k];
  const dist = squaredDistances(unit, classes, dim);
  const kernel: number[] = [];
  const riesz: number[] = [];
  for (let c = 0; c < classes; c++) {
    for (let e = c + 1; e < classes; e++) {
      const d2 = dist[e * classes + c];
      if (!(d2 > 0)) return { value: null, riesz: null, reason: `classes ${c} and ${e} have the same centred-mean direction, so log(1/‖m̂_c − m̂_c'‖) is infinite` };
      kernel.push(-0.5 * Math.log(d2));
      riesz.push(1 / Math.sqrt(d2));
    }
  }
  const m = mean(kernel);
  const r = mean(riesz);
  return { value: { logMean: m, logVar: mean(kernel.map((x) => (x - m) ** 2)) }, riesz: { mean: r, var: mean(riesz.map((x) => (x - r) ** 2)) } };
}

/** CV (ddof as given) of the K cosines cos(w_k, μ_k − μ_G). */
export function uniformDuality(
  weights: Float64Array,
  centred: Float64Array,
  classes: number,
  dim: number,
  meanNorms: readonly number[],
  classifierNorms: readonly number[],
  zeroMeans: readonly number[],
  zeroClassifiers: readonly number[],
  ddof: 0 | 1,
): Maybe {
  if (zeroMeans.length) return { value: null, reason: `${describeZero(zeroMeans)}, so cos(w_k, μ_k − μ_G) is undefined` };
  if (zeroClassifiers.length) {
    const many = zeroClassifiers.length > 1;
    return { value: null, reason: `classifier${many ? 's' : ''} ${indexList(zeroClassifiers)} ${many ? 'have' : 'has'} norm ~0, so cos(w_k, μ_k − μ_G) is undefined` };
  }
  const cos: number[] = [];
  for (let k = 0; k < classes; k++) {
    let dot = 0;
    for (let j = 0; j < dim; j++) dot += weights[k * dim + j] * centred[k * dim + j];
    cos.push(dot / (classifierNorms[k] * meanNorms[k]));
  }
  const m = mean(cos);
  if (m === 0) return { value: null, reason: 'the mean of cos(w_k, μ_k − μ_G) is 0, so its CV is undefined' };
  const s = std(cos, ddof);
  return s === null ? { value: null, reason: `needs more than ${ddof} classes` } : { value: s / m };
}

/**
 * NC5: mean over k of |cos(w_k, μ_OOD − μ_G)|, μ_OOD = oodSum / oodCount. Undefined when μ_OOD − μ_G is ~0
 * (norm ≤ zeroRtol · max(‖μ_OOD‖, ‖μ_G‖)) or a classifier row is ~0.
 */
export function oodOrthogonality(
  weights: Float64Array,
  classifierNorms: readonly number[],
  zeroClassifiers: readonly number[],
  oodSum: ArrayLike<number>,
  oodCount: number,
  centre: Float64Array,
  zeroRtol: number,
): Maybe {
  if (zeroClassifiers.length) {
    const many = zeroClassifiers.length > 1;
    return { value: null, reason: `classifier${many ? 's' : ''} ${indexList(zeroClassifiers)} ${many ? 'have' : 'has'} norm ~0, so cos(w_k, μ_OOD − μ_G) is undefined` };
  }
  const d = centre.length;
  const v = new Float64Array(d);
  let ood2 = 0;
  let centre2 = 0;
  let v2 = 0;
  for (let j = 0; j < d; j++) {
    const m = oodSum[j] / oodCount;
    v[j] = m - centre[j];
    ood2 += m * m;
    centre2 += centre[j] * centre[j];
    v2 += v[j] * v[j];
  }
  const vNorm = Math.sqrt(v2);
  if (!(vNorm > zeroRtol * Math.sqrt(Math.max(ood2, centre2)))) return { value: null, reason: 'the out-of-distribution mean equals the global mean μ_G (‖μ_OOD − μ_G‖ ~0), so cos(w_k, μ_OOD − μ_G) is undefined' };
  const classes = classifierNorms.length;
  let total = 0;
  for (let k = 0; k < classes; k++) {
    let dot = 0;
    for (let j = 0; j < d; j++) dot += weights[k * d + j] * v[j];
    total += Math.abs(dot) / (classifierNorms[k] * vNorm);
  }
  return { value: total / classes };
}

function describeZero(zero: readonly number[]): string {
  const many = zero.length > 1;
  return `centred class mean${many ? 's' : ''} ${indexList(zero)} ${many ? 'have' : 'has'} norm ~0`;
}

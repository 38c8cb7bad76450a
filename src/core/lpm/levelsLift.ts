// Lifts a point of the symmetry-reduced problem (levels.ts) to full K×r factors [Ĥ; Ŵ] with the same Gram
// matrix, without decomposing the 2K×2K Gram (an eigendecomposition of 2000×2000 at K = 1000).
//
// Level ℓ (m classes) is stored as M^x_ℓ = sqrt(m)·x̄_ℓ (a 2L-vector) and V^x_ℓ (a 2-vector) for x ∈ {h, w},
// with ⟨d^x_k, d^y_j⟩ = ⟨V^x_ℓ, V^y_ℓ⟩/(m − 1)·(δ_kj − 1/m) for the deviations d_k = x_k − x̄_ℓ. So
//   mean part   x̄_ℓ in the principal directions of Σ_ℓ Σ_x M^x_ℓᵀ M^x_ℓ (2L×2L; directions of negligible
//               energy dropped);
//   deviations  d^x_k[(a, i)] = u_a[k]·⟨V^x_ℓ, e_i⟩/sqrt(m − 1) with u_1..u_{m−1} the Helmert basis of the
//               zero-sum vectors of the level (orthonormal, so Σ_a u_a[k]u_a[j] = δ_kj − 1/m) and e_i the
//               principal directions of the level's 2×2 block Σ_x V^xᵀV^x that carry energy.
// A collapsed level (V = 0) adds no column: imbalanced optima, whose minority classes merge, get low rank.
import { symmetricEigen } from '../linalg';
import { seededNormal } from '../random';
import type { LevelsKernel } from './levels';

/**
 * Extra columns beyond the numerical rank, as a fraction of it. At K = 1000 (1300 → 13, E_H = 5, E_W = 1: rank
 * 456) 25 % gave rank 570 and 64.4 s of polish, 10 % rank 502 and 50.4 s, both certified after 119–120
 * iterations; at K = 100–300 both certified alike (36–41, 86–88 and 190–194 iterations).
 */
export const LIFT_MARGIN = 0.1;

/**
 * Norm of each margin column's noise in Ĥ and in Ŵ (its K entries there have RMS liftNoise/√K). A lift whose
 * rank is one or two short of the optimum's stalls near a saddle until the noise columns grow, and larger noise
 * grows out sooner. Long-tailed 5000 → 50, E_H = 5, E_W = 1, polish to 1e-12, noise 1e-6 → 1e-2: K = 100 with the
 * minority ×1.5 320 → 207 iterations, ×10 626 → 406, ×2 178 → 167, ×3 and ×5 unchanged, unweighted 724 → 801;
 * K = 200 unchanged (238); K = 300 594 → 421 (7.6 → 5.9 s). At K = 1000 (1300 → 13, tolerance 1e-6) it costs:
 * 120 → 160 iterations, 50 → 68 s. So 1e-2 up to 300 classes, 1e-6 above.
 */
export function liftNoise(classes: number): number {
  return classes <= 300 ? 1e-2 : 1e-6;
}

export interface LiftedFactors {
  /** Ĥ then Ŵ, each K×rank, row-major. */
  x: Float64Array;
  rank: number;
  /** Columns that carry energy (before the margin). */
  numericalRank: number;
}

interface Column {
  /** Class rows and their Ĥ / Ŵ entries in this column. */
  classes: readonly number[];
  h: Float64Array;
  w: Float64Array;
}

/** Energy below `relative` of the largest column's is dropped; `margin` extra columns hold noise of size `noise`. */
export function liftLevels(kernel: LevelsKernel, x: Float64Array, classes: number, options: { relative?: number; noise?: number; seed?: number; minRank?: number } = {}): LiftedFactors {
  const relative = options.relative ?? 1e-9;
  const { levels, half } = kernel;
  const L = levels.length;
  const q = 2 * L;
  const vOff = L * q;
  const columns: { energy: number; column: Column }[] = [];

  // Mean part: Σ over classes of x̄ x̄ᵀ is Σ_ℓ M_ℓᵀ M_ℓ for each half.
  const c = new Float64Array(q * q);
  for (const off of [0, half]) {
    for (let l = 0; l < L; l++) {
      const row = off + l * q;
      for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) c[a * q + b] += x[row + a] * x[row + b];
    }
  }
  const means = symmetricEigen(c, q);
  const all = levels.flatMap((l) => l.classes);
  for (let j = 0; j < q; j++) {
    const h = new Float64Array(all.length);
    const w = new Float64Array(all.length);
    let i = 0;
    levels.forEach((level, l) => {
      let ph = 0;
      let pw = 0;
      for (let a = 0; a < q; a++) {
        ph += x[l * q + a] * means.vectors[a * q + j];
        pw += x[half + l * q + a] * means.vectors[a * q + j];
      }
      const root = Math.sqrt(level.classes.length);
      for (let n = 0; n < level.classes.length; n++, i++) {
        h[i] = ph / root;
        w[i] = pw / root;
      }
    });
    columns.push({ energy: Math.max(0, means.values[j]), column: { classes: all, h, w } });
  }

  // Deviations: per level, the principal directions of its 2×2 block, each spread over the Helmert basis.
  levels.forEach((level, l) => {
    const m = level.classes.length;
    if (m < 2) return;
    const v = [x[vOff + 2 * l], x[vOff + 2 * l + 1], x[half + vOff + 2 * l], x[half + vOff + 2 * l + 1]];
    const block = [v[0] * v[0] + v[2] * v[2], v[0] * v[1] + v[2] * v[3], v[0] * v[1] + v[2] * v[3], v[1] * v[1] + v[3] * v[3]];
    const { values, vectors } = symmetricEigen(block, 2);
    for (let d = 0; d < 2; d++) {
      const energy = values[d] / (m - 1);
      if (!(energy > 0)) continue;
      const ph = (v[0] * vectors[d] + v[1] * vectors[2 + d]) / Math.sqrt(m - 1);
      const pw = (v[2] * vectors[d] + v[3] * vectors[2 + d]) / Math.sqrt(m - 1);
      for (let a = 1; a < m; a++) {
        // Helmert vector u_a: 1/sqrt(a(a+1)) on the first a classes, −a/sqrt(a(a+1)) on class a.
        const unit = 1 / Math.sqrt(a * (a + 1));
        const members = level.classes.slice(0, a + 1);
        const h = new Float64Array(a + 1);
        const w = new Float64Array(a + 1);
        for (let n = 0; n <= a; n++) {
          const u = n < a ? unit : -a * unit;
          h[n] = u * ph;
          w[n] = u * pw;
        }
        columns.push({ energy, column: { classes: members, h, w } });
      }
    }
  });

  const top = columns.reduce((t, col) => Math.max(t, col.energy), 0);
  const kept = columns.filter((col) => col.energy > relative * top).sort((a, b) => b.energy - a.energy);
  const numericalRank = kept.length;
  const margin = Math.max(4, Math.ceil(LIFT_MARGIN * numericalRank));
  const rank = Math.min(2 * classes, Math.max(options.minRank ?? 0, numericalRank + margin));
  const out = new Float64Array(2 * classes * rank);
  const K = classes;
  kept.slice(0, rank).forEach(({ column }, t) => {
    column.classes.forEach((k, n) => {
      out[k * rank + t] = column.h[n];
      out[K * rank + k * rank + t] = column.w[n];
    });
  });
  // The margin columns get small noise: columns that are 0 in both Ĥ and Ŵ have zero gradient and could
  // never grow, so a too small rank could not be corrected by the polish.
  const normal = seededNormal(options.seed ?? 1);
  const noise = (options.noise ?? liftNoise(K)) / Math.sqrt(K);
  for (let t = Math.min(rank, numericalRank); t < rank; t++) {
    for (let k = 0; k < K; k++) {
      out[k * rank + t] = noise * normal();
      out[K * rank + k * rank + t] = noise * normal();
    }
  }
  return { x: out, rank, numericalRank };
}

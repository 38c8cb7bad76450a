// Rank reduction of the factors. The LPM optimum often has far lower rank than p = 2K: imbalanced optima
// collapse minority classes onto shared directions (rank 24 for K = 100 long-tailed counts 5000…50, rank 9
// for K = 30; theory.md §2.2 reports rank ≤ K−1). Once a coarse solve has revealed the rank, continuing in
// p' = rank + margin dimensions costs p'/p of a full iteration. The certificate (dual.ts) is global and does
// not depend on p, so a wrong guess cannot produce a wrong answer: it would only fail to certify, and the
// solver then continues at full p (solve.ts).
import { symmetricEigen } from '../linalg';

export interface ReducedFactors {
  /** Ĥ then Ŵ, each K×rank, row-major. */
  x: Float64Array;
  rank: number;
  /** Numerical rank found (before the margin). */
  numericalRank: number;
}

/**
 * Rotates the factors F = [Ĥ; Ŵ] (2K×p) onto their top principal directions: F' = F·V_r, which keeps every
 * inner product of the kept directions and drops directions whose energy is below `relative` of the top.
 */
export function reduceRank(x: Float64Array, classes: number, p: number, relative = 1e-4): ReducedFactors {
  const rows = 2 * classes;
  const gram = new Float64Array(p * p);
  for (let i = 0; i < rows; i++) {
    const off = i * p;
    for (let a = 0; a < p; a++) {
      const v = x[off + a];
      if (v === 0) continue;
      for (let b = a; b < p; b++) gram[a * p + b] += v * x[off + b];
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) gram[a * p + b] = gram[b * p + a];
  const { values, vectors } = symmetricEigen(gram, p);
  const top = values[p - 1];
  let numericalRank = 0;
  for (let j = p - 1; j >= 0 && values[j] > relative * top; j--) numericalRank++;
  const rank = Math.min(p, numericalRank + Math.max(4, Math.ceil(0.25 * numericalRank)));
  const out = new Float64Array(rows * rank);
  for (let i = 0; i < rows; i++) {
    for (let r = 0; r < rank; r++) {
      const col = p - 1 - r;
      let s = 0;
      for (let a = 0; a < p; a++) s += x[i * p + a] * vectors[a * p + col];
      out[i * rank + r] = s;
    }
  }
  return { x: out, rank, numericalRank };
}

/** Embeds K×r factors into K×p by zero-padding each row (the same Gram matrix). */
export function padRank(x: Float64Array, classes: number, r: number, p: number): Float64Array {
  const out = new Float64Array(2 * classes * p);
  for (let i = 0; i < 2 * classes; i++) for (let t = 0; t < r; t++) out[i * p + t] = x[i * r + t];
  return out;
}


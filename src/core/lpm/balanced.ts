// The balanced LPM in closed form (theory.md §2.3, §5.1–5.2): the simplex ETF and its optimal loss.
import { lpmAssert } from './problem';

export interface BalancedSolution {
  classes: number;
  /** L* = log(1 + (K−1)·exp(−K·sqrt(E_H E_W)/(K−1))), per sample. */
  loss: number;
  /** cos(w_k, w_j) = cos(h_k, h_j) = −1/(K−1) for k ≠ j. */
  cos: number;
  /** ‖w_k‖² = E_W, ‖h_k‖² = E_H. */
  normW2: number;
  normH2: number;
  /** Logits of the class means: z_kk = sqrt(E_H E_W), z_kj = −sqrt(E_H E_W)/(K−1). */
  ownLogit: number;
  otherLogit: number;
}

export function balancedSolution(classes: number, eh: number, ew: number): BalancedSolution {
  lpmAssert(Number.isInteger(classes) && classes >= 2, () => `the number of classes K must be an integer ≥ 2, got ${classes}`);
  lpmAssert(Number.isFinite(eh) && eh > 0, () => `E_H (feature budget) must be a positive finite number, got ${eh}`);
  lpmAssert(Number.isFinite(ew) && ew > 0, () => `E_W (classifier budget) must be a positive finite number, got ${ew}`);
  const K = classes;
  const e = Math.sqrt(eh * ew);
  return {
    classes: K,
    // log1p keeps relative precision when the loss is tiny (large budgets).
    loss: Math.log1p((K - 1) * Math.exp((-K * e) / (K - 1))),
    cos: -1 / (K - 1),
    normW2: ew,
    normH2: eh,
    ownLogit: e,
    otherLogit: -e / (K - 1),
  };
}

/** The K×K Gram matrix of a simplex ETF with squared norm `norm2`: norm2·(K/(K−1))·P_K (theory.md §5.1). */
export function etfGram(classes: number, norm2 = 1): Float64Array {
  const K = classes;
  const g = new Float64Array(K * K);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) g[i * K + j] = i === j ? norm2 : -norm2 / (K - 1);
  return g;
}

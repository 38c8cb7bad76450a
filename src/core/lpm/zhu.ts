// Zhu et al. 2021: the balanced, ridge-regularised CE-UFM in closed form (theory.md §3.2):
//   (1/N) Σ_i CE(W h_i, y_i) + (λ_W/2)‖W‖_F² + (λ_H/2)‖H‖_F²,  n samples per class, K classes.
// With s = K·sqrt(n λ_W λ_H): s ≥ 1 ⇒ W = H = 0 (loss log K); otherwise
//   t* = ((K−1)/K)·ln((K − (K−1)s)/s),  ‖w_k‖² = t*·sqrt(nλ_H/λ_W),  ‖h̄_k‖² = t*·sqrt(λ_W/(nλ_H)),
//   ⟨w_k, h̄_k⟩ = t*,  f* = log(1 + (K−1)e^{−K t*/(K−1)}) + s·t*.
import { lpmAssert } from './problem';

export interface ZhuSolution {
  /** s = K·sqrt(n λ_W λ_H). */
  s: number;
  /** True when the regularisation wins (s ≥ 1): the minimiser is W = 0, H = 0. */
  zero: boolean;
  t: number;
  normW2: number;
  normH2: number;
  inner: number;
  loss: number;
}

export function zhuSolution(classes: number, perClass: number, lambdaW: number, lambdaH: number): ZhuSolution {
  lpmAssert(Number.isInteger(classes) && classes >= 2, () => `K must be an integer ≥ 2, got ${classes}`);
  lpmAssert(perClass > 0 && lambdaW > 0 && lambdaH > 0, () => `n, λ_W and λ_H must be positive, got ${perClass}, ${lambdaW}, ${lambdaH}`);
  const K = classes;
  const s = K * Math.sqrt(perClass * lambdaW * lambdaH);
  if (s >= 1) return { s, zero: true, t: 0, normW2: 0, normH2: 0, inner: 0, loss: Math.log(K) };
  const t = ((K - 1) / K) * Math.log((K - (K - 1) * s) / s);
  return {
    s,
    zero: false,
    t,
    normW2: t * Math.sqrt((perClass * lambdaH) / lambdaW),
    normH2: t * Math.sqrt(lambdaW / (perClass * lambdaH)),
    inner: t,
    loss: Math.log1p((K - 1) * Math.exp((-K * t) / (K - 1))) + s * t,
  };
}

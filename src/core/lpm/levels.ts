// The LPM reduced by the symmetry of equal-weight classes ("levels"), float64.
//
// Why it is exact: the SDP (theory.md §2.2) is convex and invariant under permuting classes of equal weight
// c_k (together with their features), so averaging any optimum over those permutations gives an optimum
// with the same symmetry. A symmetric Gram matrix of [h_1..h_K, w_1..w_K] is determined by
//   per level ℓ (m_ℓ classes): the mean vectors h̄_ℓ, w̄_ℓ, and the deviations d_k = x_k − x̄_ℓ, whose
//   Gram is a 2×2 PSD matrix S_ℓ times the centring matrix: ⟨d^x_k, d^y_j⟩ = S_ℓ[x,y]·(δ_kj − 1/m_ℓ)
//   (an invariant bilinear form on the standard representation of S_{m_ℓ} is a multiple of the projector).
// Factor variables (Burer–Monteiro again, full-dimensional so that local minima are global):
//   M^x ∈ R^{L×2L}, row ℓ = sqrt(m_ℓ)·x̄_ℓ        V^x ∈ R^{L×2}, row ℓ with ‖·‖² = (m_ℓ − 1)·S_ℓ[x,x]
// These coordinates are an isometry onto the symmetric subspace: Σ_k ‖x_k‖² = ‖M^x‖² + ‖V^x‖², so the
// feasible set is again two unit balls and projected gradient here is projected gradient of the full model
// restricted to symmetric points. Logits of a class in level ℓ (s = K·sqrt(E_H E_W)):
//   own      A_ℓℓ + σ_ℓ(1 − 1/m_ℓ)      A_ℓℓ' = s⟨M^h_ℓ, M^w_ℓ'⟩/sqrt(m_ℓ m_ℓ')
//   same ℓ   A_ℓℓ − σ_ℓ/m_ℓ   (×(m_ℓ−1))  σ_ℓ = s⟨V^h_ℓ, V^w_ℓ⟩/(m_ℓ − 1)
//   level ℓ' A_ℓℓ'            (×m_ℓ')
// The certificate is for the FULL problem: G = diag(c)(softmax(Z) − I) commutes with the symmetry, so its
// singular values are |G_own − G_same| on each level's zero-sum vectors and those of the L×L matrix
// T_ℓℓ' = <1_ℓ/√m_ℓ, G 1_ℓ'/√m_ℓ'> on the level indicators; σ_max(G) is the largest of these.
//
// "Collapsed" levels have S_ℓ = 0 (all their classifiers and features equal); minority-collapse
// thresholds (threshold.ts) solve that restricted problem and test whether it is globally optimal.
import { Float64Space } from './float64Space';
import { lpmAssert } from './problem';
import type { CertificateData } from './kernel';
import { dualCertificate } from './dual';
import { maxSingularValue } from '../linalg';
import { projectBalls, sumSquares } from './fullObjective';

/** Up to this K the levels kernel also certifies with the refined dual bound on the full K×K logits. */
export const LEVELS_FULL_CERTIFICATE_UP_TO = 60;

export interface Level {
  /** Class indices in this level. */
  classes: number[];
  /** Per-class weight c (same for every class of the level). */
  weight: number;
}

/** Groups classes of exactly equal weight c_k, in order of first appearance. */
export function levelsOf(c: Float64Array): Level[] {
  const byWeight = new Map<number, Level>();
  const levels: Level[] = [];
  c.forEach((weight, k) => {
    let level = byWeight.get(weight);
    if (!level) {
      level = { classes: [], weight };
      byWeight.set(weight, level);
      levels.push(level);
    }
    level.classes.push(k);
  });
  return levels;
}

/** Levels from a caller's partition of the classes (each group of equal weights; every class once). */
export function levelsFromGroups(groups: readonly (readonly number[])[], c: Float64Array): Level[] {
  const seen = new Set<number>();
  const levels = groups.map((group, i) => {
    lpmAssert(group.length > 0, () => `level group ${i} is empty`);
    for (const k of group) {
      lpmAssert(Number.isInteger(k) && k >= 0 && k < c.length && !seen.has(k), () => `level group ${i}: class ${k} is out of range or listed twice`);
      seen.add(k);
      lpmAssert(c[k] === c[group[0]], () => `level group ${i}: classes ${group[0]} and ${k} have different weights`);
    }
    return { classes: [...group], weight: c[group[0]] };
  });
  lpmAssert(seen.size === c.length, () => `level groups cover ${seen.size} of ${c.length} classes`);
  return levels;
}

export interface LevelsCertificate extends CertificateData {
  /** ψ_ℓ = ⟨G,Z⟩ + s·|G_own − G_same| for every level: > 0 means splitting level ℓ lowers the loss. */
  splitGain: Float64Array;
}

export class LevelsKernel extends Float64Space {
  readonly name = 'float64-levels';
  readonly checkInterval: number;
  /**
   * With `patient` (solve.ts: above POLISH_UP_TO_CLASSES classes, where the report's grouped counts are fitted),
   * no stall above a relative gap of 1e-8 before iteration 2000: 1000 classes in 25 groups at E_H·E_W = 20
   * gained under 10 % over 60 iterations at a gap of 1e-2 (a slow stretch, not a floor) and stopped there;
   * allowed on, they reached 7e-8 by iteration 1000 and 1e-10 by 3800 (0.9 s). An iteration costs O(L²).
   */
  readonly stallPatience?: { below: number; after: number };
  readonly count: number;
  private readonly classes: number;
  private readonly classWeights: Float64Array;
  private readonly fullCertificate: boolean;
  private readonly m: Float64Array;
  private readonly cl: Float64Array;
  private readonly free: boolean[];
  private readonly q: number;
  private readonly a: Float64Array;
  private readonly dA: Float64Array;
  private readonly sigma: Float64Array;
  private readonly dSigma: Float64Array;
  private readonly pOwn: Float64Array;
  private readonly pSame: Float64Array;
  private readonly pCross: Float64Array;

  constructor(
    readonly levels: readonly Level[],
    readonly scale: number,
    /** Levels forced to S_ℓ = 0. */
    readonly collapsed: readonly boolean[] = levels.map(() => false),
    patient = false,
  ) {
    const L = levels.length;
    super(L * 2 * L + L * 2);
    if (patient) this.stallPatience = { below: 1e-8, after: 2000 };
    this.count = L;
    this.q = 2 * L;
    this.m = Float64Array.from(levels, (l) => l.classes.length);
    this.cl = Float64Array.from(levels, (l) => l.weight);
    this.free = levels.map((l, i) => l.classes.length >= 2 && !collapsed[i]);
    this.classes = levels.reduce((n, l) => n + l.classes.length, 0);
    this.classWeights = new Float64Array(this.classes);
    for (const l of levels) for (const k of l.classes) this.classWeights[k] = l.weight;
    this.fullCertificate = this.classes <= LEVELS_FULL_CERTIFICATE_UP_TO && !collapsed.some(Boolean);
    // Structured checks cost about as much as 5 iterations; a full dual certificate about 30 at K = 10.
    this.checkInterval = this.fullCertificate ? 20 : 10;
    this.a = new Float64Array(L * L);
    this.dA = new Float64Array(L * L);
    this.sigma = new Float64Array(L);
    this.dSigma = new Float64Array(L);
    this.pOwn = new Float64Array(L);
    this.pSame = new Float64Array(L);
    this.pCross = new Float64Array(L * L);
  }

  protected override isFree(index: number): boolean {
    const i = index % this.half;
    const start = this.count * this.q;
    return i < start || this.free[Math.floor((i - start) / 2)];
  }

  /** Fills A, σ, the probabilities and ∂f/∂A, ∂f/∂σ; returns f. */
  private forward(x: Float64Array): number {
    const { count: L, q, m, cl, a, dA, sigma, dSigma, pOwn, pSame, pCross, scale: s, half } = this;
    const vOff = L * q;
    for (let l = 0; l < L; l++) {
      for (let r = 0; r < L; r++) {
        let acc = 0;
        for (let t = 0; t < q; t++) acc += x[l * q + t] * x[half + r * q + t];
        a[l * L + r] = (s * acc) / Math.sqrt(m[l] * m[r]);
      }
      const v = vOff + 2 * l;
      sigma[l] = m[l] >= 2 ? (s * (x[v] * x[half + v] + x[v + 1] * x[half + v + 1])) / (m[l] - 1) : 0;
    }
    let f = 0;
    for (let l = 0; l < L; l++) {
      const own = a[l * L + l] + sigma[l] * (1 - 1 / m[l]);
      const same = a[l * L + l] - sigma[l] / m[l];
      let mx = own;
      if (m[l] >= 2 && same > mx) mx = same;
      for (let r = 0; r < L; r++) if (r !== l && a[l * L + r] > mx) mx = a[l * L + r];
      const eOwn = Math.exp(own - mx);
      const eSame = m[l] >= 2 ? Math.exp(same - mx) : 0;
      let others = (m[l] - 1) * eSame;
      for (let r = 0; r < L; r++) {
        if (r === l) continue;
        const e = Math.exp(a[l * L + r] - mx);
        pCross[l * L + r] = e;
        others += m[r] * e;
      }
      const total = eOwn + others;
      const omega = m[l] * cl[l];
      // As in the full kernel: log1p keeps tiny losses exact when the own logit is the largest.
      f += omega * (own === mx ? Math.log1p(others) : mx - own + Math.log(total));
      pOwn[l] = eOwn / total;
      pSame[l] = eSame / total;
      // p_own − 1 = −others/total exactly; the difference form loses all relative precision when the
      // loss is tiny (p_own ≈ 1, large budgets).
      const ownMinusOne = -others / total;
      for (let r = 0; r < L; r++) if (r !== l) pCross[l * L + r] /= total;
      for (let r = 0; r < L; r++) dA[l * L + r] = r === l ? omega * (ownMinusOne + (m[l] - 1) * pSame[l]) : omega * m[r] * pCross[l * L + r];
      dSigma[l] = m[l] >= 2 ? omega * (1 - 1 / m[l]) * (ownMinusOne - pSame[l]) : 0;
    }
    return f;
  }

  protected objective(x: Float64Array, grad?: Float64Array): number {
    const f = this.forward(x);
    if (!grad) return f;
    const { count: L, q, m, dA, dSigma, scale: s, half } = this;
    grad.fill(0);
    for (let l = 0; l < L; l++) {
      for (let r = 0; r < L; r++) {
        const g = (dA[l * L + r] * s) / Math.sqrt(m[l] * m[r]);
        if (g === 0) continue;
        for (let t = 0; t < q; t++) {
          grad[l * q + t] += g * x[half + r * q + t];
          grad[half + r * q + t] += g * x[l * q + t];
        }
      }
    }
    const vOff = L * q;
    for (let l = 0; l < L; l++) {
      if (!this.free[l]) continue;
      const g = (dSigma[l] * s) / (m[l] - 1);
      const v = vOff + 2 * l;
      grad[v] = g * x[half + v];
      grad[v + 1] = g * x[half + v + 1];
      grad[half + v] = g * x[v];
      grad[half + v + 1] = g * x[v + 1];
    }
    return f;
  }

  certify(x: Float64Array): LevelsCertificate {
    const grad = this.alloc();
    const value = this.objective(x, grad);
    const { count: L, m, cl, a, dA, sigma, dSigma, pOwn, pSame, pCross, scale: s } = this;
    // ⟨G, Z⟩ = Σ ∂f/∂A·A + Σ ∂f/∂σ·σ, because the logits are linear in (A, σ).
    let inner = 0;
    for (let i = 0; i < L * L; i++) inner += dA[i] * a[i];
    for (let l = 0; l < L; l++) inner += dSigma[l] * sigma[l];
    // p_own − 1 = −(everything else in the row), summed from the small terms: the difference form loses
    // all relative precision when the loss is tiny (large budgets) and made the certificate claim gap 0.
    const ownMinusOne = new Float64Array(L);
    for (let l = 0; l < L; l++) {
      let rest = (m[l] - 1) * pSame[l];
      for (let r = 0; r < L; r++) if (r !== l) rest += m[r] * pCross[l * L + r];
      ownMinusOne[l] = pOwn[l] > 0.5 ? -rest : pOwn[l] - 1;
    }
    const t = new Float64Array(L * L);
    for (let l = 0; l < L; l++) {
      for (let r = 0; r < L; r++) {
        t[l * L + r] = r === l ? cl[l] * (ownMinusOne[l] + (m[l] - 1) * pSame[l]) : Math.sqrt(m[l] * m[r]) * cl[l] * pCross[l * L + r];
      }
    }
    let sigmaMax = maxSingularValue(t, L, L);
    const splitGain = new Float64Array(L);
    for (let l = 0; l < L; l++) {
      const split = m[l] >= 2 ? cl[l] * Math.abs(ownMinusOne[l] - pSame[l]) : 0;
      splitGain[l] = inner + s * split;
      if (this.free[l]) sigmaMax = Math.max(sigmaMax, split);
    }
    const moved = this.alloc();
    for (let i = 0; i < moved.length; i++) moved[i] = x[i] - grad[i];
    projectBalls(moved, this.half);
    let mapping = 0;
    for (let i = 0; i < moved.length; i++) mapping += (moved[i] - x[i]) ** 2;
    this.release(grad, moved);
    const frankWolfeGap = Math.max(0, inner + s * sigmaMax);
    // The Frank–Wolfe gap is first order in the distance to the optimum; for moderate K the refined dual
    // bound on the reconstructed K×K logits is second order and stops the run far earlier (dual.ts). Not for
    // collapsed levels: their restricted problem is certified by the restricted gap above.
    let gap = frankWolfeGap;
    if (this.fullCertificate) gap = Math.min(gap, dualCertificate(this.classWeights, this.grams(x, this.classes).logits, this.classes, s).gap);
    return {
      value,
      gap,
      frankWolfeGap,
      gradientMapping: Math.sqrt(mapping),
      budgetH: sumSquares(x, 0, this.half),
      budgetW: sumSquares(x, this.half, 2 * this.half),
      splitGain,
    };
  }

  /**
   * K×K Gram matrices of the full solution, in normalised units (multiply H·Hᵀ by K·E_H, W·Wᵀ by K·E_W,
   * the logits are already scaled by s).
   */
  grams(x: Float64Array, classes: number): { hh: Float64Array; ww: Float64Array; logits: Float64Array } {
    const { count: L, q, m, half, scale: s } = this;
    const vOff = L * q;
    const hh = new Float64Array(classes * classes);
    const ww = new Float64Array(classes * classes);
    const logits = new Float64Array(classes * classes);
    const level = new Int32Array(classes);
    this.levels.forEach((l, i) => l.classes.forEach((k) => (level[k] = i)));
    const mean = (u: number, v: number, l: number, r: number): number => {
      let acc = 0;
      for (let t = 0; t < q; t++) acc += x[u + l * q + t] * x[v + r * q + t];
      return acc / Math.sqrt(m[l] * m[r]);
    };
    const dev = (u: number, v: number, l: number): number =>
      m[l] >= 2 ? (x[u + vOff + 2 * l] * x[v + vOff + 2 * l] + x[u + vOff + 2 * l + 1] * x[v + vOff + 2 * l + 1]) / (m[l] - 1) : 0;
    for (let k = 0; k < classes; k++) {
      for (let j = 0; j < classes; j++) {
        const l = level[k];
        const r = level[j];
        const centring = l === r ? (k === j ? 1 : 0) - 1 / m[l] : 0;
        const i = k * classes + j;
        hh[i] = mean(0, 0, l, r) + (l === r ? dev(0, 0, l) * centring : 0);
        ww[i] = mean(half, half, l, r) + (l === r ? dev(half, half, l) * centring : 0);
        logits[i] = s * (mean(0, half, l, r) + (l === r ? dev(0, half, l) * centring : 0));
      }
    }
    return { hh, ww, logits };
  }
}

// What the LPM optimiser needs from a kernel. One algorithm (optimiser.ts), several kernels:
//   float64         the full factor-space problem in plain TypeScript loops (small K)
//   float64-levels  the same problem reduced by the symmetry of equal-count classes (levels.ts)
//   tfjs            the full problem with tfjs ops on the active backend (large K; GPU if present)
//
// Every kernel works in normalised variables: x = (Ĥ, Ŵ) with H = sqrt(K·E_H)·Ĥ, W = sqrt(K·E_W)·Ŵ, so
// the feasible set is the product of two unit Frobenius balls and the logits are Z = s·Ĥ·Ŵᵀ with
// s = K·sqrt(E_H·E_W). Only the product E_H·E_W enters (theory.md §2.2).

/** Float64 optimality data at a point: the stopping rule and the reported certificate use it. */
export interface CertificateData {
  /** Objective Σ_k c_k L_k at the point, evaluated in float64. */
  value: number;
  /** An upper bound on f(X) − f* from the Lagrangian dual of the SDP (dual.ts): the stopping quantity. */
  gap: number;
  /**
   * The Frank–Wolfe gap ⟨G, Z⟩ + s·σ_max(G) = ⟨∇g(X), X⟩ − min_{X' feasible} ⟨∇g(X), X'⟩ ≥ f(X) − f*
   * (the dual bound at P = softmax(Z)); `gap` ≤ this.
   */
  frankWolfeGap: number;
  /** ‖Π(x − ∇f(x)) − x‖: the norm of the gradient mapping with unit step (normalised variables). */
  gradientMapping: number;
  /** ‖Ĥ‖_F² and ‖Ŵ‖_F²: the fraction of each budget used (1 = constraint active). */
  budgetH: number;
  budgetW: number;
}

export interface Direction<V> {
  /** d = Π(x − λ·g) − x. */
  d: V;
  /** ⟨g, d⟩ and ‖d‖². */
  gd: number;
  dd: number;
}

export interface Evaluation<V> {
  value: number;
  grad: V;
  /** ⟨grad, probe⟩ when a probe was passed (saves a read-back on tfjs). */
  probe: number;
}

export interface LpmKernel<V> {
  /** `float64`, `float64-levels`, or the tfjs backend name. */
  readonly name: string;
  readonly precision: 'float64' | 'float32';
  /** Iterations between certificate checks, sized so that checking costs about 20 % of the run. */
  readonly checkInterval: number;
  /**
   * Patience for the optimiser's stall test (no 10 % gain over its last checks): when set, a stall counts only
   * at a relative gap of at most `below` or from iteration `after` on; absent, at any gap and iteration. For
   * kernels whose iterations are cheap and whose slow stretches are not a precision floor (levels.ts).
   */
  readonly stallPatience?: { below: number; after: number };
  /** Iterations between progress reports between checks (optional; none when absent). */
  readonly progressInterval?: number;
  /** A random feasible point on the boundary of both balls. */
  random(seed: number): V;
  /** Warm start from `toState` of the same kernel layout. */
  fromState(state: Float64Array): V;
  toState(x: V): Float64Array;
  value(x: V): number;
  evaluate(x: V, probe?: V): Evaluation<V>;
  direction(x: V, g: V, lambda: number): Direction<V>;
  /** a·x + b·y (no projection: the optimiser only forms convex combinations of feasible points). */
  combine(a: number, x: V, b: number, y: V): V;
  dot(x: V, y: V): number;
  certify(x: V): CertificateData;
  release(...values: V[]): void;
  /** Frees the kernel's own resources (constant tensors). */
  dispose(): void;
}

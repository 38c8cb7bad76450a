// The full LPM in factor space as plain float64 loops: fastest for small K (theory.md §2.6;
// platform-notes §1.4: ~9 µs per iteration at K=10 against ~130 µs through tfjs ops).
import { Float64Space } from './float64Space';
import { FACTORED_CERTIFICATE_FROM } from './dualFactored';
import { FullObjective } from './fullObjective';
import type { CertificateData } from './kernel';

export class Float64Kernel extends Float64Space {
  readonly name = 'float64';
  private readonly full: FullObjective;
  /** A check is one evaluation plus an O(K³) SVD, an iteration is ~1.1 evaluations of O(K²p). */
  readonly checkInterval: number;

  /** About 2·10⁸ multiply-adds (~50 ms here) of iterations per progress report: every iteration at K = 1000. */
  readonly progressInterval: number;

  private readonly classes: number;

  constructor(
    c: Float64Array,
    readonly rank: number,
    scale: number,
    options: { precondition?: boolean; alpha?: number } = {},
  ) {
    super(c.length * rank);
    this.classes = c.length;
    if (options.precondition ?? true) {
      // Class k's feature row has gradient and curvature ∝ c_k: steps scaled by K·c_k^α equalise them.
      const alpha = options.alpha ?? -1;
      this.metric = Float64Array.from(c, (ck) => (c.length * ck) ** alpha);
      this.rowLength = rank;
    }
    this.full = new FullObjective(c, c.length, rank, scale);
    // Checking every 4·(check cost / iteration cost) iterations keeps checks near 20 % of the run. The dense
    // certificate (O(K³) in plain loops) against an iteration (O(K²p), its products in WebAssembly), measured
    // (Node 20, one core): K = 30, p = 30 0.66 ms vs 91 µs; K = 60, p = 40 4.7 ms vs 0.39 ms; K = 100, p = 50 19 ms
    // vs 0.91 ms; K = 200, p = 100 176 ms vs 5.3 ms; K = 300, p = 150 0.70 s vs 18 ms: a ratio of about
    // (K/p)·(5 + K/20). The older 5K/p (ml-matrix's SVD against plain-loop products) checked 2–4× as often;
    // against it, long-tailed 5000 → 50 (E_H = 5, E_W = 1) at 1e-12 went from 1037 to 868 ms at K = 100, 1.92 to
    // 1.39 s at K = 200 and 18.2 to 7.6 s at K = 300, K ≤ 30 unchanged. The certificate from the factors
    // (K ≥ FACTORED_CERTIFICATE_FROM, ~4 s at K = 1000) keeps 5K/p.
    const K = c.length;
    const ratio = K >= FACTORED_CERTIFICATE_FROM ? (5 * K) / rank : (K / rank) * (5 + K / 20);
    this.progressInterval = Math.max(1, Math.round(2e8 / (4 * K * K * rank)));
    this.checkInterval = Math.min(200, Math.max(10, Math.round(4 * ratio)));
  }

  /**
   * Σ_k w_k = 0 at every optimum: w_k → w_k − w̄ keeps every logit difference z_kj − z_kk and frees budget
   * (then a rescale lowers the loss). The gradient's W part sums to 0 over k (G·1 = 0), so nothing but the
   * ball projection would shrink an initial w̄, which left unequal-count problems at large budgets stalled
   * near a relative gap of 1e-6 (issue 12). Keeping the iterates centred is exact.
   */
  protected override restrict(x: Float64Array): void {
    centreRows(x, this.half, this.classes, this.rank);
  }

  protected objective(x: Float64Array, grad?: Float64Array): number {
    return this.full.evaluate(x, grad);
  }

  certify(x: Float64Array): CertificateData {
    return this.full.certify(x);
  }
}

/** Subtracts the mean row from the K×p block of x at `offset` (in place). */
export function centreRows(x: Float64Array, offset: number, K: number, p: number): void {
  for (let t = 0; t < p; t++) {
    let mean = 0;
    for (let k = 0; k < K; k++) mean += x[offset + k * p + t];
    mean /= K;
    for (let k = 0; k < K; k++) x[offset + k * p + t] -= mean;
  }
}

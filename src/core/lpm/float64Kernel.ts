// The full LPM in factor space as plain float64 loops: fastest for small K (theory.md §2.6;
// platform-notes §1.4: ~9 µs per iteration at K=10 against ~130 µs through tfjs ops).
import { Float64Space } from './float64Space';
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
    // A certificate costs an SVD of the K×K gradient with its vectors (ml-matrix: roughly 20·K³ multiply-add
    // equivalents, measured) while an iteration costs about 4·K²·p (three K×K×p products, plus a value-only
    // pass for FISTA's search). Checking every 4·(cost ratio) iterations keeps checks near 20 % of the run:
    // 13 at K = 10, p = 20 (measured 60–70 µs per check against 9 µs per evaluation) and 80 at K = 100, p = 33.
    this.progressInterval = Math.max(1, Math.round(2e8 / (4 * c.length * c.length * rank)));
    this.checkInterval = Math.min(200, Math.max(10, Math.round((4 * 20 * c.length) / (4 * rank))));
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

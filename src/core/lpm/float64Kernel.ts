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

  constructor(c: Float64Array, rank: number, scale: number) {
    super(c.length * rank);
    this.full = new FullObjective(c, c.length, rank, scale);
    // Measured at K=10, p=20: evaluation ≈ 9 µs, certificate ≈ 70 µs (ml-matrix SVD dominates); at larger
    // K the SVD (K³) shrinks relative to the evaluation (K²p = 2K³ multiply-adds, three times).
    this.checkInterval = 20;
  }

  protected objective(x: Float64Array, grad?: Float64Array): number {
    return this.full.evaluate(x, grad);
  }

  certify(x: Float64Array): CertificateData {
    return this.full.certify(x);
  }
}

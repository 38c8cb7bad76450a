// Vector operations shared by the float64 kernels: a point is one Float64Array holding the Ĥ part
// then the Ŵ part (`half` entries each); the feasible set is the product of two unit balls.
// Buffers are pooled, so an iteration allocates nothing once the pool is warm.
import type { CertificateData, Direction, Evaluation, LpmKernel } from './kernel';
import { projectBalls, sumSquares } from './fullObjective';
import { seededNormal } from '../random';

export abstract class Float64Space implements LpmKernel<Float64Array> {
  abstract readonly name: string;
  abstract readonly checkInterval: number;
  readonly precision = 'float64' as const;
  private readonly pool: Float64Array[] = [];

  constructor(readonly half: number) {}

  /** f(x), and ∇f(x) written into `grad` when given. */
  protected abstract objective(x: Float64Array, grad?: Float64Array): number;
  abstract certify(x: Float64Array): CertificateData;
  /** Coordinates that are free (others stay 0), e.g. the collapsed blocks of the levels kernel. */
  protected isFree(_index: number): boolean {
    return true;
  }
  /**
   * Projects x onto a linear subspace that contains an optimum (in place, before the ball projection): the
   * full kernel centres the classifiers (Σ_k w_k = 0, which every optimum satisfies and the gradient never
   * moves), the levels kernel does the same in its coordinates. Default: none.
   */
  protected restrict(_x: Float64Array): void {}

  protected alloc(): Float64Array {
    return this.pool.pop() ?? new Float64Array(2 * this.half);
  }

  release(...values: Float64Array[]): void {
    for (const v of values) if (v.length === 2 * this.half && this.pool.length < 64) this.pool.push(v);
  }

  dispose(): void {
    this.pool.length = 0;
  }

  random(seed: number): Float64Array {
    const normal = seededNormal(seed);
    const x = this.alloc();
    for (let i = 0; i < x.length; i++) x[i] = this.isFree(i) ? normal() : 0;
    this.restrict(x);
    for (const from of [0, this.half]) {
      const n = sumSquares(x, from, from + this.half);
      const scale = n > 0 ? 1 / Math.sqrt(n) : 0;
      for (let i = from; i < from + this.half; i++) x[i] *= scale;
    }
    return x;
  }

  fromState(state: Float64Array): Float64Array {
    if (state.length !== 2 * this.half) throw new RangeError(`warm start has ${state.length} entries; the ${this.name} kernel needs ${2 * this.half}`);
    const x = this.alloc();
    x.set(state);
    for (let i = 0; i < x.length; i++) if (!this.isFree(i)) x[i] = 0;
    this.restrict(x);
    projectBalls(x, this.half);
    return x;
  }

  toState(x: Float64Array): Float64Array {
    return Float64Array.from(x);
  }

  value(x: Float64Array): number {
    return this.objective(x);
  }

  evaluate(x: Float64Array, probe?: Float64Array): Evaluation<Float64Array> {
    const grad = this.alloc();
    const value = this.objective(x, grad);
    return { value, grad, probe: probe ? this.dot(grad, probe) : 0 };
  }

  /**
   * A diagonal metric on the Ĥ half: entry i of the first half moves by λ·metric[⌊i/rowLength⌋]·g_i, and the
   * projection onto its ball is taken in the matching norm (projectBallScaled). Undefined: Euclidean.
   */
  protected metric?: Float64Array;
  protected rowLength = 1;

  direction(x: Float64Array, g: Float64Array, lambda: number): Direction<Float64Array> {
    const d = this.alloc();
    const { metric, rowLength, half } = this;
    if (metric) {
      for (let r = 0, i = 0; i < half; r++) {
        const m = metric[r];
        for (const end = i + rowLength; i < end; i++) d[i] = x[i] - lambda * m * g[i];
      }
      for (let i = half; i < d.length; i++) d[i] = x[i] - lambda * g[i];
      this.restrict(d);
      projectBallScaled(d, half, metric, rowLength);
      projectBalls(d, half, true);
    } else {
      for (let i = 0; i < d.length; i++) d[i] = x[i] - lambda * g[i];
      this.restrict(d);
      projectBalls(d, half);
    }
    let gd = 0;
    let dd = 0;
    let i = 0;
    if (metric) {
      for (let r = 0; i < half; r++) {
        const m = metric[r];
        for (const end = i + rowLength; i < end; i++) {
          const di = d[i] - x[i];
          d[i] = di;
          gd += g[i] * di;
          dd += (di * di) / m;
        }
      }
    }
    for (; i < d.length; i++) {
      const di = d[i] - x[i];
      d[i] = di;
      gd += g[i] * di;
      dd += di * di;
    }
    return { d, gd, dd };
  }

  combine(a: number, x: Float64Array, b: number, y: Float64Array): Float64Array {
    const out = this.alloc();
    for (let i = 0; i < out.length; i++) out[i] = a * x[i] + b * y[i];
    return out;
  }

  dot(x: Float64Array, y: Float64Array): number {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i] * y[i];
    return s;
  }
}

/**
 * Projection of the first `half` entries onto the unit ball in the norm Σ_i y_i²/D_row(i): x = y/(1 + μ·D_row)
 * with μ ≥ 0 the root of Σ ‖y_row‖²/(1 + μD_row)² = 1 (Newton from μ = 0: the function is convex and
 * decreasing, so the iterates increase to the root), then an exact rescale for rounding.
 */
export function projectBallScaled(y: Float64Array, half: number, metric: Float64Array, rowLength: number): void {
  const rows = half / rowLength;
  const norms = new Float64Array(rows);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let t = r * rowLength; t < (r + 1) * rowLength; t++) s += y[t] * y[t];
    norms[r] = s;
    total += s;
  }
  if (total <= 1) return;
  let mu = 0;
  for (let it = 0; it < 60; it++) {
    let phi = -1;
    let slope = 0;
    for (let r = 0; r < rows; r++) {
      const q = 1 + mu * metric[r];
      phi += norms[r] / (q * q);
      slope -= (2 * norms[r] * metric[r]) / (q * q * q);
    }
    if (phi <= 1e-15) break;
    const next = mu - phi / slope;
    if (!(next > mu)) break;
    mu = next;
  }
  let n = 0;
  for (let r = 0; r < rows; r++) {
    const scale = 1 / (1 + mu * metric[r]);
    for (let t = r * rowLength; t < (r + 1) * rowLength; t++) {
      y[t] *= scale;
      n += y[t] * y[t];
    }
  }
  if (n > 1) {
    const scale = 1 / Math.sqrt(n);
    for (let i = 0; i < half; i++) y[i] *= scale;
  }
}

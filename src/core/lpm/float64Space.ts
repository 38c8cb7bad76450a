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

  direction(x: Float64Array, g: Float64Array, lambda: number): Direction<Float64Array> {
    const d = this.alloc();
    for (let i = 0; i < d.length; i++) d[i] = x[i] - lambda * g[i];
    this.restrict(d);
    projectBalls(d, this.half);
    let gd = 0;
    let dd = 0;
    for (let i = 0; i < d.length; i++) {
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

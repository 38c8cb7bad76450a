// The full LPM in factor space with tfjs ops on whatever backend the engine selected (theory.md §2.6).
// Worth it for large K, where each op carries real work (and on a GPU backend); for small K per-op
// dispatch dominates and the float64 kernel is faster (platform-notes §1.4, measured cut-off in solve.ts).
// tfjs computes in float32, so the stopping rule and the reported certificate are evaluated in float64
// from the read-back factors (projected onto the balls in float64 first, so the certified point is feasible).
// wasm pitfall (platform-notes §1.3): matMul with a transpose flag is 12–20× slower, so transposes are explicit.
import type { Tensor, Tensor2D, Tf } from '../tf';
import { FullObjective, projectBalls } from './fullObjective';
import type { CertificateData, Direction, Evaluation, LpmKernel } from './kernel';
import { seededNormal } from '../random';

export interface TfPoint {
  h: Tensor2D;
  w: Tensor2D;
}

export class TfjsKernel implements LpmKernel<TfPoint> {
  readonly name: string;
  readonly precision = 'float32' as const;
  readonly checkInterval: number;
  private readonly classes: number;
  private readonly cColumn: Tensor2D;
  private readonly eye: Tensor2D;
  private readonly full: FullObjective;

  constructor(
    private readonly tf: Tf,
    c: Float64Array,
    private readonly rank: number,
    private readonly scale: number,
  ) {
    this.classes = c.length;
    this.name = tf.getBackend();
    this.cColumn = tf.tensor2d(Float32Array.from(c), [c.length, 1]);
    this.eye = tf.eye(c.length) as Tensor2D;
    this.full = new FullObjective(c, c.length, rank, scale);
    // A float64 check costs about three K×K×p products in plain loops plus an SVD, i.e. roughly as much as
    // 20–60 tfjs iterations at K ≈ 100 on wasm; checking every 50 iterations keeps it near 20–50 %.
    this.checkInterval = 50;
  }

  private fromFloat64(x: Float64Array): TfPoint {
    const half = this.classes * this.rank;
    const shape: [number, number] = [this.classes, this.rank];
    return {
      h: this.tf.tensor2d(Float32Array.from(x.subarray(0, half)), shape),
      w: this.tf.tensor2d(Float32Array.from(x.subarray(half)), shape),
    };
  }

  random(seed: number): TfPoint {
    const normal = seededNormal(seed);
    const x = new Float64Array(2 * this.classes * this.rank);
    for (let i = 0; i < x.length; i++) x[i] = normal();
    normaliseHalves(x, this.classes * this.rank);
    return this.fromFloat64(x);
  }

  fromState(state: Float64Array): TfPoint {
    const half = this.classes * this.rank;
    if (state.length !== 2 * half) throw new RangeError(`warm start has ${state.length} entries; the tfjs kernel needs ${2 * half}`);
    const x = Float64Array.from(state);
    projectBalls(x, half);
    return this.fromFloat64(x);
  }

  toState(x: TfPoint): Float64Array {
    const half = this.classes * this.rank;
    const out = new Float64Array(2 * half);
    out.set(x.h.dataSync(), 0);
    out.set(x.w.dataSync(), half);
    return out;
  }

  private logitsAndLoss(x: TfPoint): { z: Tensor; lse: Tensor; loss: Tensor } {
    const tf = this.tf;
    const z = tf.mul(tf.matMul(x.h, tf.transpose(x.w)), this.scale);
    const lse = tf.logSumExp(z, 1, true);
    const own = tf.mul(tf.sum(tf.mul(x.h, x.w), 1, true), this.scale);
    const loss = tf.sum(tf.mul(this.cColumn, tf.sub(lse, own)));
    return { z, lse, loss };
  }

  value(x: TfPoint): number {
    const loss = this.tf.tidy(() => this.logitsAndLoss(x).loss);
    const v = loss.dataSync()[0];
    loss.dispose();
    return v;
  }

  evaluate(x: TfPoint, probe?: TfPoint): Evaluation<TfPoint> {
    const tf = this.tf;
    const [gh, gw, packed] = tf.tidy(() => {
      const { z, lse, loss } = this.logitsAndLoss(x);
      const g = tf.mul(this.cColumn, tf.sub(tf.exp(tf.sub(z, lse)), this.eye));
      const gh = tf.mul(tf.matMul(g, x.w), this.scale) as Tensor2D;
      const gw = tf.mul(tf.matMul(tf.transpose(g), x.h), this.scale) as Tensor2D;
      const p = probe ? tf.add(tf.sum(tf.mul(gh, probe.h)), tf.sum(tf.mul(gw, probe.w))) : tf.scalar(0);
      return [gh, gw, tf.stack([loss, p])];
    });
    const values = packed.dataSync();
    packed.dispose();
    return { value: values[0], grad: { h: gh as Tensor2D, w: gw as Tensor2D }, probe: values[1] };
  }

  private project(y: Tensor): Tensor {
    const tf = this.tf;
    return tf.mul(y, tf.minimum(1, tf.rsqrt(tf.sum(tf.square(y)))));
  }

  direction(x: TfPoint, g: TfPoint, lambda: number): Direction<TfPoint> {
    const tf = this.tf;
    const [dh, dw, packed] = tf.tidy(() => {
      const dh = tf.sub(this.project(tf.sub(x.h, tf.mul(g.h, lambda))), x.h) as Tensor2D;
      const dw = tf.sub(this.project(tf.sub(x.w, tf.mul(g.w, lambda))), x.w) as Tensor2D;
      const gd = tf.add(tf.sum(tf.mul(g.h, dh)), tf.sum(tf.mul(g.w, dw)));
      const dd = tf.add(tf.sum(tf.square(dh)), tf.sum(tf.square(dw)));
      return [dh, dw, tf.stack([gd, dd])];
    });
    const values = packed.dataSync();
    packed.dispose();
    return { d: { h: dh as Tensor2D, w: dw as Tensor2D }, gd: values[0], dd: values[1] };
  }

  combine(a: number, x: TfPoint, b: number, y: TfPoint): TfPoint {
    const tf = this.tf;
    return tf.tidy(() => ({
      h: tf.add(tf.mul(x.h, a), tf.mul(y.h, b)) as Tensor2D,
      w: tf.add(tf.mul(x.w, a), tf.mul(y.w, b)) as Tensor2D,
    }));
  }

  dot(x: TfPoint, y: TfPoint): number {
    const tf = this.tf;
    const t = tf.tidy(() => tf.add(tf.sum(tf.mul(x.h, y.h)), tf.sum(tf.mul(x.w, y.w))));
    const v = t.dataSync()[0];
    t.dispose();
    return v;
  }

  /** The certified point: the read-back factors in float64, projected onto the balls. */
  toFeasible(x: TfPoint): Float64Array {
    const x64 = this.toState(x);
    projectBalls(x64, this.classes * this.rank);
    return x64;
  }

  certify(x: TfPoint): CertificateData {
    return this.full.certify(this.toFeasible(x));
  }

  release(...values: TfPoint[]): void {
    for (const v of values) {
      v.h.dispose();
      v.w.dispose();
    }
  }

  dispose(): void {
    this.cColumn.dispose();
    this.eye.dispose();
  }
}

function normaliseHalves(x: Float64Array, half: number): void {
  for (const from of [0, half]) {
    let n = 0;
    for (let i = from; i < from + half; i++) n += x[i] * x[i];
    const scale = 1 / Math.sqrt(n);
    for (let i = from; i < from + half; i++) x[i] *= scale;
  }
}

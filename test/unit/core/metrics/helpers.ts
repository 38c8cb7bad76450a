// Shared test fixtures: an in-memory FeatureSource, a seeded generator, and an independent dense
// float64 reference of every metric (the d×d Σ_W / pinv(Σ_B) route of tding1 validate_NC.py and
// the formulas of theory.md §1 written out directly), to compare the streaming engine against.
import { seededUniform } from '../../../../src/core/random';
import * as tf from '@tensorflow/tfjs';
import { Matrix, pseudoInverse } from 'ml-matrix';
import type { FeatureBatch, FeatureSource } from '../../../../src/core/data/source';
import { throwIfAborted } from '../../../../src/core/runHooks';
import type { Tf } from '../../../../src/core/tf';

export class ArraySource implements FeatureSource {
  passes = 0;
  constructor(
    readonly features: Float32Array,
    readonly labels: Int32Array,
    readonly dim: number,
    readonly batchRows = 64,
    readonly name = 'test features',
  ) {}

  get rows(): number {
    return this.labels.length;
  }

  async *batches(signal?: AbortSignal): AsyncGenerator<FeatureBatch> {
    this.passes++;
    const d = this.dim;
    for (let start = 0; start < this.rows; start += this.batchRows) {
      throwIfAborted(signal);
      const end = Math.min(this.rows, start + this.batchRows);
      yield { features: this.features.slice(start * d, end * d), labels: this.labels.slice(start, end), rows: end - start };
    }
  }
}

export async function cpuTf(): Promise<Tf> {
  await tf.setBackend('cpu');
  await tf.ready();
  return tf;
}

/** mulberry32 (src/core/random.ts), so test data are the same on every run. */
export const seeded = seededUniform;

export function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export interface Dataset {
  features: Float32Array;
  labels: Int32Array;
  dim: number;
  classes: number;
  weights: Float64Array;
  bias: Float64Array;
}

/** Imbalanced Gaussian classes around random means, a classifier near the means, random bias. */
export function randomDataset(seed: number, counts: number[], dim: number, spread = 1, offset = 0): Dataset {
  const rand = seeded(seed);
  const K = counts.length;
  const means = Array.from({ length: K }, () => Array.from({ length: dim }, () => 3 * normal(rand) + offset));
  const N = counts.reduce((a, b) => a + b, 0);
  const features = new Float32Array(N * dim);
  const labels = new Int32Array(N);
  // Interleave classes so batches mix labels.
  const order: number[] = [];
  counts.forEach((n, k) => order.push(...new Array(n).fill(k)));
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  order.forEach((k, i) => {
    labels[i] = k;
    for (let j = 0; j < dim; j++) features[i * dim + j] = means[k][j] + spread * normal(rand);
  });
  const weights = new Float64Array(K * dim);
  for (let k = 0; k < K; k++) for (let j = 0; j < dim; j++) weights[k * dim + j] = means[k][j] - offset + 1.5 * normal(rand);
  const bias = Float64Array.from({ length: K }, () => normal(rand));
  return { features, labels, dim, classes: K, weights, bias };
}

export interface DenseReference {
  counts: number[];
  nc1: number;
  nc1Quotient: number;
  cdnv: number;
  equinormMeans: number;
  equinormClassifiers: number;
  equiangularMeans: number;
  equiangularClassifiers: number;
  maxAngleMeans: number;
  maxAngleClassifiers: number;
  etfDistanceMeans: number;
  etfDistanceClassifiers: number;
  selfDuality: number;
  selfDualityZhu: number;
  nccMismatch: number;
  nccMismatchNoBias: number;
  biasRelation: number;
  accuracy: number;
  cosMeans: number[][];
  cosClassifiers: number[][];
  minority: { meanCosClassifiers: number; stdCosClassifiers: number; meanCosMeans: number; meanDistanceClassifiers: number; meanNormClassifiers: number };
}

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const norm = (a: number[]) => Math.sqrt(dot(a, a));
const sub = (a: number[], b: number[]) => a.map((x, i) => x - b[i]);
const avg = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
const sd = (a: number[], ddof: number) => {
  const m = avg(a);
  return Math.sqrt(a.reduce((s, x) => s + (x - m) ** 2, 0) / (a.length - ddof));
};

/** Every metric computed the textbook way in float64 with d×d matrices. */
export function denseReference(ds: Dataset, convention: 'unweighted' | 'weighted', ddof: 0 | 1, minority: number[]): DenseReference {
  const { features, labels, dim: d, classes: K } = ds;
  const N = labels.length;
  const H = Array.from({ length: N }, (_, i) => Array.from(features.subarray(i * d, (i + 1) * d)));
  const W = Array.from({ length: K }, (_, k) => Array.from(ds.weights.subarray(k * d, (k + 1) * d)));
  const b = Array.from(ds.bias);
  const counts = new Array(K).fill(0);
  const mu = Array.from({ length: K }, () => new Array(d).fill(0));
  H.forEach((h, i) => {
    counts[labels[i]]++;
    h.forEach((x, j) => (mu[labels[i]][j] += x));
  });
  mu.forEach((m, k) => m.forEach((_, j) => (m[j] /= counts[k])));
  const muG =
    convention === 'unweighted'
      ? mu[0].map((_, j) => avg(mu.map((m) => m[j])))
      : mu[0].map((_, j) => H.reduce((s, h) => s + h[j], 0) / N);
  const Mc = mu.map((m) => sub(m, muG));

  const Sw = Matrix.zeros(d, d);
  H.forEach((h, i) => {
    const r = sub(h, mu[labels[i]]);
    for (let a = 0; a < d; a++) for (let c = 0; c < d; c++) Sw.set(a, c, Sw.get(a, c) + (r[a] * r[c]) / N);
  });
  const Sb = Matrix.zeros(d, d);
  Mc.forEach((m) => {
    for (let a = 0; a < d; a++) for (let c = 0; c < d; c++) Sb.set(a, c, Sb.get(a, c) + (m[a] * m[c]) / K);
  });
  const nc1 = Sw.mmul(pseudoInverse(Sb, 1e-10)).trace() / K;
  const nc1Quotient = Sw.trace() / Sb.trace();

  const sigma2 = mu.map((m, k) => H.reduce((s, h, i) => (labels[i] === k ? s + norm(sub(h, m)) ** 2 : s), 0) / counts[k]);
  const cd: number[] = [];
  for (let c = 0; c < K; c++) for (let e = c + 1; e < K; e++) cd.push((sigma2[c] + sigma2[e]) / (2 * norm(sub(mu[c], mu[e])) ** 2));

  const cosOf = (X: number[][]) => X.map((x) => X.map((z) => dot(x, z) / (norm(x) * norm(z))));
  const pairs = (C: number[][], set: number[]) => set.flatMap((i, a) => set.slice(a + 1).map((j) => C[i][j]));
  const all = [...Array(K).keys()];
  const cosMeans = cosOf(Mc);
  const cosClassifiers = cosOf(W);
  const etf = (X: number[][]) => {
    const G = X.map((x) => X.map((z) => dot(x, z)));
    const f = Math.sqrt(G.flat().reduce((s, v) => s + v * v, 0));
    return Math.sqrt(G.flatMap((r, i) => r.map((v, j) => (v / f - ((i === j ? 1 : 0) - 1 / K) / Math.sqrt(K - 1)) ** 2)).reduce((s, v) => s + v, 0));
  };
  const fro = (X: number[][]) => Math.sqrt(X.flat().reduce((s, v) => s + v * v, 0));
  const fw = fro(W);
  const fm = fro(Mc);
  const selfDuality = W.flatMap((w, k) => w.map((v, j) => (v / fw - Mc[k][j] / fm) ** 2)).reduce((s, v) => s + v, 0);
  const WM = W.map((w) => Mc.map((m) => dot(w, m)));
  const fwm = fro(WM);
  const selfDualityZhu = Math.sqrt(WM.flatMap((r, i) => r.map((v, j) => (v / fwm - ((i === j ? 1 : 0) - 1 / K) / Math.sqrt(K - 1)) ** 2)).reduce((s, v) => s + v, 0));

  const argmax = (z: number[]) => z.indexOf(Math.max(...z));
  let mismatch = 0;
  let mismatch0 = 0;
  let correct = 0;
  H.forEach((h, i) => {
    const ncc = argmax(mu.map((m) => -(norm(sub(h, m)) ** 2)));
    const lin = argmax(W.map((w, k) => dot(w, h) + b[k]));
    const lin0 = argmax(W.map((w) => dot(w, h)));
    if (lin !== ncc) mismatch++;
    if (lin0 !== ncc) mismatch0++;
    if (lin === labels[i]) correct++;
  });
  const bias = norm(W.map((w, k) => dot(w, muG) + b[k]));
  const minW = pairs(cosClassifiers, minority);
  const dist = minority.flatMap((i, a) => minority.slice(a + 1).map((j) => norm(sub(W[i], W[j])) ** 2));
  return {
    counts,
    nc1,
    nc1Quotient,
    cdnv: avg(cd),
    equinormMeans: sd(Mc.map(norm), ddof) / avg(Mc.map(norm)),
    equinormClassifiers: sd(W.map(norm), ddof) / avg(W.map(norm)),
    equiangularMeans: sd(pairs(cosMeans, all), ddof),
    equiangularClassifiers: sd(pairs(cosClassifiers, all), ddof),
    maxAngleMeans: avg(pairs(cosMeans, all).map((c) => Math.abs(c + 1 / (K - 1)))),
    maxAngleClassifiers: avg(pairs(cosClassifiers, all).map((c) => Math.abs(c + 1 / (K - 1)))),
    etfDistanceMeans: etf(Mc),
    etfDistanceClassifiers: etf(W),
    selfDuality,
    selfDualityZhu,
    nccMismatch: mismatch / N,
    nccMismatchNoBias: mismatch0 / N,
    biasRelation: bias,
    accuracy: correct / N,
    cosMeans,
    cosClassifiers,
    minority: {
      meanCosClassifiers: avg(minW),
      stdCosClassifiers: sd(minW, ddof),
      meanCosMeans: avg(pairs(cosMeans, minority)),
      meanDistanceClassifiers: avg(dist),
      meanNormClassifiers: avg(minority.map((k) => norm(W[k]) ** 2)),
    },
  };
}

export function assertClose(actual: number | null | undefined, expected: number, rtol: number, what: string, atol = 0): void {
  if (actual === null || actual === undefined || !(Math.abs(actual - expected) <= atol + rtol * Math.abs(expected))) {
    throw new Error(`${what}: expected ${expected}, got ${actual} (rtol ${rtol}${atol ? `, atol ${atol}` : ''})`);
  }
}

/** The scalar geometry metrics (NC1 variants, NC2, NC3) that the property tests compare key by key. */
export const GEOMETRY_KEYS = [
  'nc1Quotient',
  'cdnv',
  'equinormMeans',
  'equinormClassifiers',
  'equiangularMeans',
  'equiangularClassifiers',
  'maxAngleMeans',
  'maxAngleClassifiers',
  'etfDistanceMeans',
  'etfDistanceClassifiers',
  'selfDuality',
  'selfDualityZhu',
] as const;

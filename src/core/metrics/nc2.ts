// NC2: equinorm, equiangularity, maximal angle, and the Zhu21 ETF distance (theory.md §1.3).
// Applied to the centred class means (rows μ_k − μ_G) and to the classifier rows w_k (uncentred).
import { cosineFromGram, frobeniusNorm, gram as gramOf } from '../linalg';
import { indexList } from '../../protocol/classList';

/** A value or null with the reason it is undefined. */
export interface Maybe {
  value: number | null;
  reason?: string;
}

export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Standard deviation with `ddof` degrees of freedom (0: population, 1: sample); null when n ≤ ddof. */
export function std(values: readonly number[], ddof: 0 | 1): number | null {
  const n = values.length;
  if (n - ddof <= 0) return null;
  const m = mean(values);
  return Math.sqrt(values.reduce((a, x) => a + (x - m) ** 2, 0) / (n - ddof));
}

/**
 * Rows whose norm is ~0: ≤ zeroRtol × the largest norm of the set (or exactly 0). Their direction
 * is float noise, so cosines with them are undefined (theory.md §1.6: noise values ≈0.25 occur).
 */
export function zeroNormRows(norms: readonly number[], zeroRtol: number): number[] {
  const max = Math.max(...norms);
  return norms.flatMap((n, k) => (!(n > zeroRtol * max) ? [k] : []));
}

export interface RowCosines {
  cos: (number | null)[][];
  norms: number[];
  zero: number[];
  /** X Xᵀ (K×K), for the other metrics of the same rows. */
  gram: Float64Array;
}

/** K×K cosine matrix of the rows of `x` (K×d); entries involving a ~0 row are null. */
export function rowCosines(x: Float64Array, classes: number, dim: number, zeroRtol: number): RowCosines {
  const gram = gramOf(x, classes, dim);
  const norms = Array.from({ length: classes }, (_, k) => Math.sqrt(gram[k * classes + k]));
  const zero = zeroNormRows(norms, zeroRtol);
  return { cos: cosineFromGram(gram, classes, zero), norms, zero, gram };
}

/** Equinorm: std(‖x_k‖)/mean(‖x_k‖) with the given ddof (theory.md §1.3). */
export function equinorm(norms: readonly number[], ddof: 0 | 1): Maybe {
  const m = mean(norms);
  if (!(m > 0)) return { value: null, reason: 'every norm is 0' };
  const s = std(norms, ddof);
  return s === null ? { value: null, reason: `needs more than ${ddof} classes` } : { value: s / m };
}

/** Cosines of the unordered pairs i < j among `members` (all classes when omitted); null if one is undefined. */
export function pairCosines(cos: (number | null)[][], members?: readonly number[]): number[] | null {
  const idx = members ?? cos.map((_, i) => i);
  const out: number[] = [];
  for (let a = 0; a < idx.length; a++) {
    for (let b = a + 1; b < idx.length; b++) {
      const c = cos[idx[a]][idx[b]];
      if (c === null) return null;
      out.push(c);
    }
  }
  return out;
}

function describeZero(zero: readonly number[], what: string): string {
  const many = zero.length > 1;
  return `${what}${many ? 's' : ''} ${indexList(zero)} ${many ? 'have' : 'has'} norm ~0, so ${many ? 'their' : 'its'} cosines are undefined`;
}

/** Equiangularity: std over unordered pairs c < c' of cos(c, c') (ddof as given; theory.md §1.3). */
export function equiangularity(cos: (number | null)[][], zero: readonly number[], ddof: 0 | 1, what: string): Maybe {
  const pairs = pairCosines(cos);
  if (pairs === null) return { value: null, reason: describeZero(zero, what) };
  const s = std(pairs, ddof);
  return s === null ? { value: null, reason: `only ${pairs.length} pair of ${what}s; the std with ddof ${ddof} is undefined` } : { value: s };
}

/** Maximal angle: mean over pairs c < c' of |cos(c, c') + 1/(K−1)| (Papyan20 Fig. 4). */
export function maxAngle(cos: (number | null)[][], zero: readonly number[], what: string): Maybe {
  const pairs = pairCosines(cos);
  if (pairs === null) return { value: null, reason: describeZero(zero, what) };
  const K = cos.length;
  return { value: mean(pairs.map((c) => Math.abs(c + 1 / (K - 1)))) };
}

/** Zhu21: ‖ X Xᵀ/‖X Xᵀ‖_F − P_K/sqrt(K−1) ‖_F for rows X (K×d) given by their Gram X Xᵀ, P_K = I − 11ᵀ/K. */
export function etfDistance(gram: Float64Array, classes: number): Maybe {
  const norm = frobeniusNorm(gram);
  if (!(norm > 0)) return { value: null, reason: 'every vector is 0' };
  return { value: distanceToSimplex(gram, norm, classes) };
}

/** ‖ S/‖S‖_F − P_K/sqrt(K−1) ‖_F for a K×K matrix S with Frobenius norm `norm`. */
export function distanceToSimplex(s: Float64Array, norm: number, classes: number): number {
  const scale = 1 / Math.sqrt(classes - 1);
  let sum = 0;
  for (let i = 0; i < classes; i++) {
    for (let j = 0; j < classes; j++) {
      const target = ((i === j ? 1 : 0) - 1 / classes) * scale;
      sum += (s[i * classes + j] / norm - target) ** 2;
    }
  }
  return Math.sqrt(sum);
}

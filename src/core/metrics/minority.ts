// Minority-collapse metrics (theory.md §1.6, after HornHehhf/LPM minority_collapse.py), for a set B
// of minority classes and A = the other classes:
//   meanCosClassifiers / stdCosClassifiers  mean/std of cos(w_i, w_j) over pairs i < j in B
//                                           (−1/(K−1) at a balanced ETF, → 1 under minority collapse)
//   meanCosMeans                            the same for the centred class means
//   meanDistanceClassifiers                 mean ‖w_i − w_j‖² over pairs in B
//   meanNormClassifiers                     mean ‖w_k‖² over B
// and block summaries AA (pairs in A), BB (pairs in B), AB (i ∈ A, j ∈ B); block norms are mean
// squared norms over the classes of the block (A, B, and A ∪ B for AB).
// In the LPM the minority classifiers can shrink to the zero vector, where a cosine is 0/0; such
// cosines are null with a note, never a float-noise number.
import type { BlockSummary, MinorityMetrics } from '../../protocol/result';
import { InputError } from '../errors';
import { mean, std } from './nc2';
import { indexList } from '../../protocol/classList';

export interface MinorityInput {
  minority: readonly number[];
  classes: number;
  dim: number;
  /** W (K×d) or null. */
  weights: Float64Array | null;
  /** Centred class means (K×d). */
  centred: Float64Array;
  /** Cosine matrices with null where a norm is ~0 (nc2.ts rowCosines). */
  cosMeans: (number | null)[][];
  cosClassifiers: (number | null)[][] | null;
  zeroClassifiers: readonly number[];
  zeroMeans: readonly number[];
  ddof: 0 | 1;
}

/** Fraction of the largest class's count at or below which `--minority auto` calls a class minority. */
export const AUTO_MINORITY_RATIO = 1 / 4;

/** Classes whose count is ≤ 1/4 of the largest; none when that is no class or every class (balanced data). */
export function autoMinority(counts: ArrayLike<number>): number[] {
  const largest = Math.max(...Array.from(counts));
  const minority: number[] = [];
  for (let k = 0; k < counts.length; k++) if (counts[k] <= largest * AUTO_MINORITY_RATIO) minority.push(k);
  return minority.length === counts.length ? [] : minority;
}

/** What the user asked for (`--minority 5,6` / `auto` / none) as the minority list, with a note for `auto`. */
export function resolveMinority(choice: readonly number[] | 'auto' | null | undefined, counts: ArrayLike<number>): { minority: readonly number[] | null; note?: string } {
  if (choice !== 'auto') return { minority: choice && choice.length ? choice : null };
  const picked = autoMinority(counts);
  const largest = Math.max(...Array.from(counts));
  if (picked.length === 0) return { minority: null, note: `--minority auto: no class has at most 1/4 of the largest class's ${largest} samples, so no minority metrics` };
  return { minority: picked, note: `--minority auto picked classes ${indexList(picked)} (at most 1/4 of the largest class's ${largest} samples)` };
}

/** Checks a minority list against K: integers in range, no repeats, not every class. */
export function validateMinority(minority: readonly number[], classes: number): number[] {
  const seen = new Set<number>();
  for (const k of minority) {
    if (!Number.isInteger(k) || k < 0 || k >= classes) throw new InputError(`minority class ${k} is not a class label (labels are 0..${classes - 1})`);
    if (seen.has(k)) throw new InputError(`minority class ${k} is listed twice`);
    seen.add(k);
  }
  if (seen.size === 0) throw new InputError('the minority list is empty');
  if (seen.size === classes) throw new InputError(`every class is listed as a minority class; list only the minority classes (B), the rest form the majority (A)`);
  return [...seen].sort((a, b) => a - b);
}

function crossPairs(cos: (number | null)[][], a: readonly number[], b: readonly number[]): number[] | null {
  const out: number[] = [];
  for (const i of a) {
    for (const j of b) {
      const c = cos[i][j];
      if (c === null) return null;
      out.push(c);
    }
  }
  return out;
}

function withinPairs(cos: (number | null)[][], set: readonly number[]): number[] | null {
  const out: number[] = [];
  for (let x = 0; x < set.length; x++) {
    for (let y = x + 1; y < set.length; y++) {
      const c = cos[set[x]][set[y]];
      if (c === null) return null;
      out.push(c);
    }
  }
  return out;
}

function squaredNorms(rows: Float64Array, set: readonly number[], dim: number): number[] {
  return set.map((k) => {
    let s = 0;
    for (let j = 0; j < dim; j++) s += rows[k * dim + j] ** 2;
    return s;
  });
}

export function minorityMetrics(input: MinorityInput): MinorityMetrics {
  const { classes: K, dim: d, weights, centred, cosMeans, cosClassifiers, ddof } = input;
  const B = validateMinority(input.minority, K);
  const A = [...Array(K).keys()].filter((k) => !B.includes(k));
  const notes: string[] = [];
  const zeroIn = (zero: readonly number[], set: readonly number[]) => set.filter((k) => zero.includes(k));
  const noteZero = (what: string, zero: readonly number[], set: readonly number[], label: string) => {
    const z = zeroIn(zero, set);
    if (z.length) notes.push(`${label}: ${what} ${indexList(z)} ${z.length === 1 ? 'has' : 'have'} norm ~0 (≤ 1e-6 of the largest), so cosines with ${z.length === 1 ? 'it are' : 'them are'} undefined`);
  };

  const meanOrNull = (values: number[] | null) => (values && values.length ? mean(values) : null);

  let meanCosClassifiers: number | null = null;
  let stdCosClassifiers: number | null = null;
  let meanDistanceClassifiers: number | null = null;
  let meanNormClassifiers: number | null = null;
  if (B.length < 2) notes.push(`pairwise minority metrics need at least two minority classes (got ${B.length})`);
  if (!weights || !cosClassifiers) {
    notes.push('no classifier weights given: the classifier metrics are undefined');
  } else {
    meanNormClassifiers = mean(squaredNorms(weights, B, d));
    if (B.length >= 2) {
      const pairs = withinPairs(cosClassifiers, B);
      if (pairs === null) noteZero('minority classifiers', input.zeroClassifiers, B, 'meanCosClassifiers');
      else {
        meanCosClassifiers = mean(pairs);
        stdCosClassifiers = std(pairs, ddof);
        if (stdCosClassifiers === null) notes.push(`stdCosClassifiers: one pair only; the std with ddof ${ddof} is undefined`);
      }
      const distances: number[] = [];
      for (let x = 0; x < B.length; x++) {
        for (let y = x + 1; y < B.length; y++) {
          let s = 0;
          for (let j = 0; j < d; j++) s += (weights[B[x] * d + j] - weights[B[y] * d + j]) ** 2;
          distances.push(s);
        }
      }
      meanDistanceClassifiers = mean(distances);
    }
  }
  let meanCosMeans: number | null = null;
  if (B.length >= 2) {
    const pairs = withinPairs(cosMeans, B);
    if (pairs === null) noteZero('minority class means', input.zeroMeans, B, 'meanCosMeans');
    else meanCosMeans = mean(pairs);
  }

  const block = (rowsSet: readonly number[], colsSet: readonly number[] | null, normSet: readonly number[], name: string): BlockSummary => {
    const cosOf = (cos: (number | null)[][] | null, zero: readonly number[], what: string): number | null => {
      if (!cos) return null;
      const values = colsSet ? crossPairs(cos, rowsSet, colsSet) : withinPairs(cos, rowsSet);
      if (values === null) {
        noteZero(what, zero, [...rowsSet, ...(colsSet ?? [])], `blocks.${name}`);
        return null;
      }
      if (values.length === 0) notes.push(`blocks.${name}: no pairs (the block has one class)`);
      return meanOrNull(values);
    };
    return {
      meanCosClassifiers: cosOf(cosClassifiers, input.zeroClassifiers, 'classifiers'),
      meanCosMeans: cosOf(cosMeans, input.zeroMeans, 'class means'),
      meanNormClassifiers: weights ? mean(squaredNorms(weights, normSet, d)) : null,
      meanNormMeans: mean(squaredNorms(centred, normSet, d)),
    };
  };
  const blocks = {
    AA: block(A, null, A, 'AA'),
    BB: block(B, null, B, 'BB'),
    AB: block(A, B, [...A, ...B], 'AB'),
  };
  return {
    classes: B,
    meanCosClassifiers,
    stdCosClassifiers,
    meanCosMeans,
    meanDistanceClassifiers,
    meanNormClassifiers,
    ...(notes.length ? { notes: [...new Set(notes)] } : {}),
    blocks,
  };
}

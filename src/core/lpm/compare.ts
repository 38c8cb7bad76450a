// Model vs LPM vs SELI vs ETF, for the panel (theory.md §3.1, §4): classifier Gram and cosine matrices,
// their distances to the model's, minority cosine and norms per class.
//   gramDistance   = ‖G/‖G‖_F − G_ref/‖G_ref‖_F‖_F   (scale-free; 0 = same geometry, at most 2)
//   cosineDistance = RMS over pairs k ≠ j of cos_model − cos_ref (undefined cosines are skipped)
// Norms: the LPM's are in the calibrated budget's units; SELI and ETF are defined up to scale, so their
// norms are rescaled to the same mean ‖w_k‖² = E_W.
import type { GeometryComparison, GeometryEntry } from '../../protocol/result';
import type { Tf } from '../tf';
import { etfGram } from './balanced';
import { asDense, type MatrixInput } from './calibration';
import { toNested } from '../linalg';
import { minorityClasses, validateProblem, type LpmProblem } from './problem';
import { seliGeometry } from './seli';
import { solveLpm, type LpmSolution } from './solve';
import { gramCosines, describeCertificate, minoritySummary, ZERO_NORM } from './summary';

export interface ComparisonInput {
  /** The trained model's classifier rows w_k (K×d). */
  classifier: MatrixInput;
  counts: readonly number[];
  /** Calibrated budgets (calibration.ts). */
  eh: number;
  ew: number;
  minority?: readonly number[];
  /** A solved LPM for the same counts and budgets; solved here when absent. */
  lpm?: LpmSolution;
  tf?: Tf;
}

export function frobeniusDistanceNormalised(a: Float64Array, b: Float64Array): number {
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  na = Math.sqrt(na);
  nb = Math.sqrt(nb);
  let d = 0;
  for (let i = 0; i < a.length; i++) d += (a[i] / na - b[i] / nb) ** 2;
  return Math.sqrt(d);
}

function cosineRms(a: (number | null)[][], b: (number | null)[][]): number | null {
  let s = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < a.length; j++) {
      const x = a[i][j];
      const y = b[i][j];
      if (i === j || x === null || y === null) continue;
      s += (x - y) ** 2;
      n++;
    }
  }
  return n ? Math.sqrt(s / n) : null;
}

function rescaled(gram: Float64Array, K: number, ew: number): Float64Array {
  let trace = 0;
  for (let k = 0; k < K; k++) trace += gram[k * K + k];
  const f = (K * ew) / trace;
  return gram.map((v) => v * f);
}

export function compareGeometries(input: ComparisonInput): GeometryComparison {
  const w = asDense(input.classifier, 'classifier');
  const K = w.rows;
  const problem: LpmProblem = { counts: input.counts, eh: input.eh, ew: input.ew, minority: input.minority };
  validateProblem(problem);
  if (w.rows !== input.counts.length) throw new RangeError(`the classifier has ${w.rows} rows but there are ${input.counts.length} counts`);
  const minority = minorityClasses(problem);
  const modelGram = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      let s = 0;
      for (let t = 0; t < w.cols; t++) s += Number(w.data[i * w.cols + t]) * Number(w.data[j * w.cols + t]);
      modelGram[i * K + j] = s;
    }
  }
  const lpm = input.lpm ?? solveLpm(problem, { tf: input.tf });
  const seli = seliGeometry(input.counts);
  const zero = ZERO_NORM * input.ew;
  const modelCos = gramCosines(modelGram, K, zero);
  const entry = (gram: Float64Array): GeometryEntry => {
    const cos = gramCosines(gram, K, zero);
    const m = minoritySummary(gram, K, minority, input.ew);
    return {
      gramW: toNested(gram, K, K),
      cosW: cos,
      normsW: Array.from({ length: K }, (_, k) => Math.sqrt(Math.max(0, gram[k * K + k]))),
      cosMinority: m.cos,
      minorityDistance: m.distance,
      gramDistance: frobeniusDistanceNormalised(modelGram, gram),
      cosineDistance: cosineRms(modelCos, cos),
    };
  };
  return {
    classes: K,
    counts: [...input.counts],
    minorityClasses: minority,
    budgets: { eh: input.eh, ew: input.ew },
    model: entry(modelGram),
    lpm: { ...entry(lpm.gramW), objective: lpm.objective, certificate: describeCertificate(lpm), backend: lpm.backend },
    seli: entry(rescaled(seli.gramW, K, input.ew)),
    etf: entry(etfGram(K, input.ew)),
  };
}

// Turns a solution's Gram matrices into the numbers Collapse Lens reports (LpmResult, protocol/result.ts):
// norms, cosines, the minority metrics of theory.md §1.6/§2.4, and the certificate in public form.
import type { LpmResult } from '../../protocol/result';
import { cosineFromGram, toNested } from '../linalg';
import { minorityClasses } from './problem';
import type { LpmSolution } from './solve';

/** Squared norms below this fraction of the budget count as 0: the cosine is then undefined. */
export const ZERO_NORM = 1e-9;

export interface MinoritySummary {
  classes: number[];
  cos: number | null;
  /** Mean over pairs of ‖w_i − w_j‖²/E_W. */
  distance: number | null;
  note?: string;
}

/** Minority metrics from a K×K classifier Gram matrix (any units; `ew` normalises the distance). */
export function minoritySummary(gramW: Float64Array, K: number, classes: readonly number[], ew: number): MinoritySummary {
  const out: MinoritySummary = { classes: [...classes], cos: null, distance: null };
  if (classes.length < 2) {
    out.note = `cosMinority needs at least 2 minority classes, got ${classes.length}`;
    return out;
  }
  let cos = 0;
  let dist = 0;
  let pairs = 0;
  let zero = false;
  for (let a = 0; a < classes.length; a++) {
    for (let b = a + 1; b < classes.length; b++) {
      const i = classes[a];
      const j = classes[b];
      const gii = gramW[i * K + i];
      const gjj = gramW[j * K + j];
      const gij = gramW[i * K + j];
      dist += Math.max(0, gii + gjj - 2 * gij) / ew;
      if (gii <= ZERO_NORM * ew || gjj <= ZERO_NORM * ew) zero = true;
      else cos += gij / Math.sqrt(gii * gjj);
      pairs++;
    }
  }
  out.distance = dist / pairs;
  if (zero) out.note = 'minority classifiers are 0 (collapsed to the origin, theory.md §2.4): their cosine is undefined';
  else out.cos = cos / pairs;
  return out;
}

/** Cosines of the vectors whose Gram matrix is `gram` (K×K); null for a vector with G_kk ≤ zeroBelow. */
export function gramCosines(gram: Float64Array, K: number, zeroBelow: number): (number | null)[][] {
  const zero: number[] = [];
  for (let k = 0; k < K; k++) if (!(gram[k * K + k] > zeroBelow)) zero.push(k);
  return cosineFromGram(gram, K, zero);
}

function sumOfVectors(gram: Float64Array, K: number): number {
  let s = 0;
  for (let i = 0; i < K * K; i++) s += gram[i];
  return Math.sqrt(Math.max(0, s));
}

export function describeCertificate(solution: LpmSolution): LpmResult['certificate'] {
  const c = solution.certificate;
  const relative = c.gap / Math.max(Math.abs(c.value), 1e-300);
  return {
    converged: c.converged,
    measure: 'relative duality gap (f − D)/f ≥ (f − f*)/f, D = Lagrangian dual bound of the SDP relaxation',
    value: relative,
    tolerance: c.tolerance,
    absoluteGap: c.gap,
    frankWolfeGap: c.frankWolfeGap,
    gradientMapping: c.gradientMapping,
    budgetUse: { h: c.budgetH, w: c.budgetW },
    stopReason: c.stopReason,
  };
}

export function toLpmResult(solution: LpmSolution): LpmResult {
  if (solution.unresolved) return unresolvedResult(solution, solution.unresolved);
  const { problem, classes: K, gramW, gramH, logits } = solution;
  const minority = minoritySummary(gramW, K, minorityClasses(problem), problem.ew);
  const losses = perClassLoss(logits, K);
  const notes: string[] = [];
  if (minority.note) notes.push(minority.note);
  if (!solution.certificate.converged) notes.push(`not certified: stopped by ${solution.certificate.stopReason} with relative gap ${(solution.certificate.gap / solution.certificate.value).toExponential(2)}`);
  return {
    objective: solution.objective,
    cosMinority: minority.cos,
    minorityDistance: minority.distance,
    normsW: Array.from({ length: K }, (_, k) => Math.sqrt(Math.max(0, gramW[k * K + k]))),
    normsH: Array.from({ length: K }, (_, k) => Math.sqrt(Math.max(0, gramH[k * K + k]))),
    gramW: toNested(gramW, K, K),
    iterations: solution.iterations,
    certificate: describeCertificate(solution),
    backend: solution.backend,
    counts: [...problem.counts],
    budgets: { eh: problem.eh, ew: problem.ew },
    weights: problem.weights ? [...problem.weights] : new Array<number>(K).fill(1),
    minorityClasses: minority.classes,
    gramH: toNested(gramH, K, K),
    logits: toNested(logits, K, K),
    cosW: gramCosines(gramW, K, ZERO_NORM * problem.ew),
    sumW: sumOfVectors(gramW, K),
    sumH: sumOfVectors(gramH, K),
    lossPerClass: losses,
    levels: solution.levels,
    phases: solution.phases,
    restarts: solution.restarts,
    seconds: solution.seconds,
    notes: notes.length ? notes : undefined,
  };
}

/** A solution whose loss underflows: the objective, certificate and reason, and no geometry. */
function unresolvedResult(solution: LpmSolution, reason: string): LpmResult {
  const { problem, classes: K } = solution;
  return {
    objective: solution.objective,
    cosMinority: null,
    minorityDistance: null,
    normsW: [],
    normsH: [],
    gramW: [],
    iterations: solution.iterations,
    certificate: describeCertificate(solution),
    backend: solution.backend,
    counts: [...problem.counts],
    budgets: { eh: problem.eh, ew: problem.ew },
    weights: problem.weights ? [...problem.weights] : new Array<number>(K).fill(1),
    minorityClasses: minorityClasses(problem),
    levels: solution.levels,
    phases: solution.phases,
    restarts: solution.restarts,
    seconds: solution.seconds,
    notes: [reason],
    unresolved: reason,
  };
}

/** L_k = lse(Z_k) − Z_kk per class, from the class-mean logits (K×K, row k = logits of class k's mean). */
export function perClassLoss(logits: Float64Array, K: number): number[] {
  return Array.from({ length: K }, (_, k) => {
    const row = logits.subarray(k * K, (k + 1) * K);
    let m = -Infinity;
    for (const v of row) m = Math.max(m, v);
    let sum = 0;
    for (const v of row) sum += Math.exp(v - m);
    return m - row[k] + Math.log(sum);
  });
}

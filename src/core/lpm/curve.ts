// Minority cosine (and norms, loss) along a grid of ratios R for the two-level LPM, warm-started from one
// grid point to the next, for the panel's chart; SELI's minority cosine at the same R alongside (theory.md
// §2.4, §3.1: the LPM collapses at a finite R*, SELI only as R → ∞).
import { throwIfAborted, type RunHooks } from '../runHooks';
import { lpmAssert } from './problem';
import { seliStep } from './seli';
import type { WarmStart } from './solve';
import { minoritySummary } from './summary';
import { solveTwoLevel, twoLevelGroups } from './twoLevel';

export interface CurveSpec {
  classes: number;
  majority: number;
  eh: number;
  ew: number;
  ratios: readonly number[];
}

export interface CurvePoint {
  ratio: number;
  /** Per-sample objective (1/N)Σ n_k L_k. */
  objective: number;
  cosMinority: number | null;
  cosMajority: number | null;
  minorityDistance: number;
  /** Squared norms ‖w_A‖², ‖w_B‖², ‖h_A‖², ‖h_B‖² (one class of each level; equal within a level). */
  normW2Majority: number;
  normW2Minority: number;
  normH2Majority: number;
  normH2Minority: number;
  /** SELI's cos_BB(W) at the same R (closed form). */
  seliCosMinority: number | null;
  /** Relative certified gap, and whether it met the tolerance. */
  gap: number;
  converged: boolean;
}

export function minorityCurve(spec: CurveSpec, options: RunHooks = {}): CurvePoint[] {
  lpmAssert(spec.ratios.length > 0, () => 'the curve needs at least one ratio');
  spec.ratios.forEach((r, i) => lpmAssert(Number.isFinite(r) && r > 0, () => `ratios[${i}] must be positive, got ${r}`));
  const K = spec.classes;
  const KA = spec.majority;
  const [groupA, groupB] = twoLevelGroups(K, KA);
  const order = spec.ratios.map((r, i) => [r, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<CurvePoint>(spec.ratios.length);
  let warm: WarmStart | undefined;
  order.forEach(([ratio, index], done) => {
    throwIfAborted(options.signal);
    const s = solveTwoLevel({ classes: K, majority: KA, ratio, eh: spec.eh, ew: spec.ew }, { warmStart: warm, signal: options.signal });
    warm = s.warmStart;
    const b = groupB[0];
    const minority = minoritySummary(s.gramW, K, groupB, spec.ew);
    const majority = minoritySummary(s.gramW, K, groupA, spec.ew);
    out[index] = {
      ratio,
      objective: s.objective,
      cosMinority: minority.cos,
      cosMajority: majority.cos,
      minorityDistance: minority.distance ?? 0,
      normW2Majority: s.gramW[0],
      normW2Minority: s.gramW[b * K + b],
      normH2Majority: s.gramH[0],
      normH2Minority: s.gramH[b * K + b],
      seliCosMinority: groupB.length >= 2 ? seliStep(KA, K - KA, ratio, 1).cosMinority : null,
      gap: s.certificate.gap / s.certificate.value,
      converged: s.certificate.converged,
    };
    options.onProgress?.({ stage: 'LPM curve', done: done + 1, total: order.length, unit: 'points' });
  });
  return out;
}

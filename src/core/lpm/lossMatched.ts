// Loss-matched LPM budget (theory.md §2.9): E_eff = the product E_H·E_W at which the LPM optimum for the
// model's own class counts has the model's mean training cross-entropy L,
//   L*_LPM(n_1..n_K; E_eff) = L.
// L*_LPM decreases strictly and continuously in the product (from log K at E → 0), so E_eff is unique.
// Search: bracket around the balanced closed-form guess (§5.2), then bisect on log E — each step takes the
// false-position point of (log E, log L*) inside the bracket (Illinois rule, which falls back towards the
// midpoint when one end stalls) — until the bracket is 1e-6 relative. Every solve warm-starts from the
// previous one (same kernel layout).
import { throwIfAborted, type RunHooks } from '../runHooks';
import type { Tf } from '../tf';
import { solveLpm, type WarmStart } from './solve';

/** Below this mean CE the loss is not resolved in float64 (theory.md §2.9: "loss too small to calibrate"). */
export const MIN_CALIBRATION_LOSS = 1e-12;

export interface LossMatchOptions extends RunHooks {
  tf?: Tf;
  /** Relative width of the final bracket on E (default 1e-6). */
  relative?: number;
}

export type LossMatch =
  | { product: number; objective: number; solves: number; reason: null }
  | { product: null; objective: null; solves: number; reason: string };

/** Balanced closed form inverted (theory.md §5.2): √E = −((K−1)/K)·log((e^L − 1)/(K−1)). */
export function balancedProductForLoss(classes: number, loss: number): number {
  const K = classes;
  const root = (-(K - 1) / K) * Math.log(Math.expm1(loss) / (K - 1));
  return root * root;
}

/** Why a training loss cannot be matched (null when it can). */
export function lossMatchProblem(classes: number, loss: number | null | undefined): string | null {
  if (loss === null || loss === undefined || !Number.isFinite(loss)) return 'no training loss (the model has no classifier W, or the loss is not finite)';
  if (!(loss > MIN_CALIBRATION_LOSS)) {
    return `the training loss ${loss.toExponential(2)} is below what float64 resolves (${MIN_CALIBRATION_LOSS}): loss too small to calibrate`;
  }
  const chance = Math.log(classes);
  if (!(loss < chance)) {
    return `the training loss ${loss.toPrecision(4)} is at or above chance level log K = ${chance.toPrecision(4)} (the LPM's loss at zero budget): no budget matches it`;
  }
  return null;
}

export function lossMatchedProduct(counts: readonly number[], loss: number | null | undefined, options: LossMatchOptions = {}): LossMatch {
  const K = counts.length;
  const problem = lossMatchProblem(K, loss);
  if (problem) return { product: null, objective: null, solves: 0, reason: problem };
  const target = loss as number;
  const relative = options.relative ?? 1e-6;
  let warm: WarmStart | undefined;
  let solves = 0;
  const lossAt = (product: number): number => {
    throwIfAborted(options.signal);
    // Only the product matters (theory.md §2.2): E_W = 1, E_H = product.
    const s = solveLpm({ counts, eh: product, ew: 1 }, { tf: options.tf, signal: options.signal, warmStart: warm });
    warm = s.warmStart;
    solves++;
    options.onProgress?.({ stage: 'matching the LPM budget to the training loss', done: solves, total: 40, unit: 'points' });
    return s.objective;
  };
  // Bracket [lo, hi] with L(lo) > target > L(hi), starting at the balanced guess.
  const guess = Math.max(balancedProductForLoss(K, target), 1e-8);
  let lo = guess;
  let hi = guess;
  let fLo = lossAt(guess);
  let fHi = fLo;
  if (fLo === target) return { product: guess, objective: fLo, solves, reason: null };
  if (fLo > target) {
    while (fHi > target) {
      lo = hi;
      fLo = fHi;
      hi *= 4;
      fHi = lossAt(hi);
      if (hi > 1e12) return { product: null, objective: null, solves, reason: `no budget up to E_H·E_W = 1e12 brings the LPM's loss down to ${target.toExponential(2)}` };
    }
  } else {
    while (fLo < target) {
      hi = lo;
      fHi = fLo;
      lo /= 4;
      fLo = lossAt(lo);
      if (lo < 1e-12) return { product: null, objective: null, solves, reason: `the LPM's loss stays below ${target.toPrecision(4)} down to E_H·E_W = 1e-12` };
    }
  }
  // Illinois false position on (log E, log L): log L*(E) is close to linear in √E, smooth in log E.
  let a = Math.log(lo);
  let b = Math.log(hi);
  let ga = Math.log(fLo) - Math.log(target);
  let gb = Math.log(fHi) - Math.log(target);
  let side = 0;
  let best = { product: Math.sqrt(lo * hi), objective: NaN };
  while (b - a > Math.log1p(relative)) {
    let m = (a * gb - b * ga) / (gb - ga);
    // Keep the step inside the bracket, away from its ends; a plain midpoint when the secant is useless.
    const margin = (b - a) * 1e-3;
    if (!(m > a + margin && m < b - margin)) m = (a + b) / 2;
    const fm = lossAt(Math.exp(m));
    const gm = Math.log(fm) - Math.log(target);
    best = { product: Math.exp(m), objective: fm };
    if (gm === 0) return { product: Math.exp(m), objective: fm, solves, reason: null };
    if (gm > 0) {
      a = m;
      ga = gm;
      if (side === -1) gb /= 2;
      side = -1;
    } else {
      b = m;
      gb = gm;
      if (side === 1) ga /= 2;
      side = 1;
    }
    if (solves > 200) break;
  }
  const product = Math.exp((a + b) / 2);
  return { product, objective: Number.isFinite(best.objective) ? best.objective : target, solves, reason: null };
}

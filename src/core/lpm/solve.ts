// Solves the Layer-Peeled Model (theory.md §2.1–2.2) for arbitrary class counts, budgets and oversampling
// weights, and reports a float64 certificate of global optimality (dual.ts).
//
// Kernel choice (`kernel: 'auto'`), one algorithm (optimiser.ts) for all:
//   levels   when classes share weights (e.g. the two-level K_A/K_B instances): the symmetry-reduced problem
//            (levels.ts), exact, size independent of K.
//   float64  the full problem in plain loops, for K below the measured cut-off.
//   tfjs     the full problem on the active tfjs backend for K at or above the cut-off, followed by a short
//            float64 polish (float32 cannot certify below ~1e-6 relative); `backend` then reads "wasm+float64".
// Restarts (starts.ts): up to `restarts` random starts; the first that is certified (gap ≤ tolerance·f) ends the search,
// because the certificate bounds the distance to the global optimum, so no other start can beat it by more.
import type { RunHooks } from '../runHooks';
import { formatCli } from '../../protocol/format';
import type { Tf } from '../tf';
import { Float64Kernel } from './float64Kernel';
import { multiplyTransposedInto } from './fullObjective';
import { dualCertificate } from './dual';
import type { CertificateData } from './kernel';
import { LevelsKernel, levelsFromGroups, levelsOf, type Level } from './levels';
import { levelsStart, nearEqualGroups } from './levelsStart';
import { minimise, type StepRule, type StopReason } from './optimiser';
import { classWeights, lpmAssert, validateProblem, type LpmProblem } from './problem';
import { padRank, reduceRank } from './rank';
import { finalCertificate, multiStart, type SolverCertificate, type WarmStart } from './starts';
import { TfjsKernel } from './tfjsKernel';

export type { SolverCertificate, WarmStart } from './starts';

/**
 * Classes from which the tfjs kernel beats the float64 one per iteration (wasm SIMD, 1 thread, Node 20,
 * 2 shared cores; bench/lpm.mjs "cut-off" section, three runs since the float64 products run in WebAssembly
 * (fullObjective.ts)): float64 ≈ 11 µs at K=10, 85–89 µs at K=30, 151–157 µs at K=40, 319–323 µs at K=50,
 * 665–741 µs at K=70; tfjs ≈ 206–249 µs for K ≤ 30, 370–382 µs at K=50, 566–656 µs at K=70: the crossing
 * lies between 50 and 70.
 */
export const TFJS_FROM_CLASSES = 60;
/** Relative gap at which the full-rank phase hands over to the rank-reduced float64 phase. */
export const COARSE_TOLERANCE = 1e-5;
/** What a float32 (tfjs) phase is asked for: its certificate bottoms out between ~1e-6 and ~3e-5 (measured). */
export const FLOAT32_TOLERANCE = 1e-4;
/** From this K, counts that group into at most K/2 levels of near-equal weight start from the lifted levels solution. */
export const LEVELS_START_FROM_CLASSES = 50;
/** Largest/smallest weight within one group of the levels warm start (levelsStart.ts). */
export const LEVELS_START_SPREAD = 1.5;
/** Above this K the float64 polish after tfjs (O(K³) per iteration in plain loops) is skipped by default. */
export const POLISH_UP_TO_CLASSES = 300;
/**
 * Default tolerance of the full kernels above POLISH_UP_TO_CLASSES (1e-12 below, and on the levels kernel): what
 * a report needs (LPM_REPORT_GAP), reached at K = 1000 (1300 → 13) in ~53 s where 1e-12 is out of reach. It
 * certifies the objective; single classes' norms and cosines can still be far off (see `tolerance`).
 */
export const LARGE_TOLERANCE = 1e-6;

/**
 * Below this per-sample loss the LPM is not resolved in float64: exp(−margin) approaches the underflow
 * (~1e-308), the loss, its gradient and the dual bound lose their relative precision, and a run can report a
 * "certified" point whose loss is 0 or off by tens of percent (measured: the balanced K = 3 closed form is
 * matched to 1e-12 down to 1e-280 and missed by 28 % at 1e-300). The margin of 50 decades covers class weights
 * and the products inside the gradient and the bound.
 */
export const MIN_RESOLVED_LOSS = 1e-250;

export type KernelChoice = 'auto' | 'levels' | 'float64' | 'tfjs';

export interface SolveOptions extends RunHooks {
  /** The tfjs namespace for the tfjs kernel (the engine passes the selected backend's). */
  tf?: Tf;
  kernel?: KernelChoice;
  method?: StepRule;
  /** Factor dimension p of the full kernels (default 2K, theory.md §2.6). */
  rank?: number;
  /**
   * Relative certified gap to stop at: (f − lower bound)/f ≤ tolerance. Default 1e-12 (LARGE_TOLERANCE = 1e-6 for
   * the full kernels above POLISH_UP_TO_CLASSES). The loss is flat near long-tailed optima: against a 1e-12 solve
   * of K = 100 (5000 → 50, E_H = 5, E_W = 1), a 1e-9 one moved the minority cosine by 4e-4 and single cosines by up
   * to 0.017, a 1e-6 one by 0.012 and 0.47 (docs/lpm.md, "Accuracy").
   */
  tolerance?: number;
  /** Iteration cap per start (per phase for tfjs + polish). */
  maxIterations?: number;
  /** Random starts at most (default 3); the search ends at the first certified one. */
  restarts?: number;
  seed?: number;
  /** A previous solution's `warmStart` (used when its kernel layout matches, e.g. along an R grid). */
  warmStart?: WarmStart;
  /** Run the float64 polish after the tfjs kernel (default: K ≤ POLISH_UP_TO_CLASSES). */
  polish?: boolean;
  /** Cut-off K for the tfjs kernel (default TFJS_FROM_CLASSES). */
  tfjsFromClasses?: number;
  /**
   * Start the full kernels from the lifted solution of the problem with near-equal counts grouped into levels
   * (levelsStart.ts) instead of a full-rank coarse phase. Default: K from LEVELS_START_FROM_CLASSES on whose
   * counts form at most K/2 groups, without a warm start, with rank reduction on. Above POLISH_UP_TO_CLASSES the
   * certificate comes from the factors (dualFactored.ts), and a rank that cannot certify ends the run uncertified
   * (no full-rank phase 3).
   */
  levelsStart?: boolean;
  /** Full float64 kernel: scale each class's feature steps by 1/(K·c_k) (float64Kernel.ts; default true). */
  precondition?: boolean;
  /** Continue in the numerical rank of a coarse solution (rank.ts; default true). */
  reduceRank?: boolean;
  /**
   * Levels kernel only: the partition of classes into levels (default: classes of exactly equal weight c_k).
   * Classes in one group must have equal weights; a finer partition than the default is allowed.
   */
  levelGroups?: readonly (readonly number[])[];
  /** Levels kernel only: level indices whose classes are forced identical (threshold.ts). */
  collapsedLevels?: readonly number[];
}

export interface SolvePhase {
  kernel: string;
  rank: number;
  iterations: number;
  seconds: number;
  gap: number;
}


export interface LpmSolution {
  problem: LpmProblem;
  classes: number;
  /** Σ_k c_k L_k: the per-sample loss (1/N)Σ n_k L_k, of the oversampled set when weights are given. */
  objective: number;
  iterations: number;
  evaluations: number;
  certificate: SolverCertificate;
  /** Kernels that ran, joined by "+": `float64`, `float64-levels`, `wasm`, `wasm+float64`, … */
  backend: string;
  /** K×K row-major Gram matrices in the problem's units, and the logits Z = H Wᵀ (class means). */
  gramW: Float64Array;
  gramH: Float64Array;
  logits: Float64Array;
  /** Number of weight levels when the symmetry-reduced kernel ran. */
  levels?: number;
  /** Factor dimension of the last phase (full kernels: below 2K after rank reduction). */
  rank?: number;
  /** Full kernels: what each phase ran (kernel, factor dimension, iterations, time, relative gap at its end). */
  phases?: SolvePhase[];
  restarts: number;
  seconds: number;
  warmStart: WarmStart;
  /** Levels kernel only: ψ_ℓ = ⟨G,Z⟩ + s·σ_split(ℓ) per level (threshold.ts). */
  splitGain?: Float64Array;
  levelList?: readonly Level[];
  /**
   * Why the LPM is not resolved at these budgets (the loss underflows float64: below MIN_RESOLVED_LOSS), or
   * undefined. Then `converged` is false and the geometry is that of an arbitrary point: do not report it.
   */
  unresolved?: string;
}

function checkOptions(o: SolveOptions): void {
  if (o.rank !== undefined) lpmAssert(Number.isInteger(o.rank) && o.rank >= 1, () => `rank (factor dimension p) must be a positive integer, got ${o.rank}`);
  if (o.tolerance !== undefined) lpmAssert(o.tolerance > 0 && o.tolerance < 1, () => `tolerance must be in (0, 1), got ${o.tolerance}`);
  if (o.maxIterations !== undefined) lpmAssert(Number.isInteger(o.maxIterations) && o.maxIterations >= 1, () => `maxIterations must be a positive integer, got ${o.maxIterations}`);
  if (o.restarts !== undefined) lpmAssert(Number.isInteger(o.restarts) && o.restarts >= 1, () => `restarts must be a positive integer, got ${o.restarts}`);
  if (o.kernel === 'tfjs') lpmAssert(Boolean(o.tf), () => 'kernel "tfjs" needs the tfjs namespace (options.tf)');
  if (o.collapsedLevels || o.levelGroups) lpmAssert(o.kernel === 'levels', () => 'levelGroups and collapsedLevels need kernel "levels"');
}

/** Whether the full kernels start from the lifted levels solution (option `levelsStart`; warm starts aside). */
function startsFromLevels(c: Float64Array, options: Pick<SolveOptions, 'levelsStart' | 'reduceRank' | 'kernel'>): boolean {
  const K = c.length;
  if (options.levelsStart !== undefined) return options.levelsStart;
  return (options.reduceRank ?? true) && options.kernel !== 'tfjs' && K >= LEVELS_START_FROM_CLASSES && nearEqualGroups(c, LEVELS_START_SPREAD).length <= K / 2;
}

/** Whether `kernel: 'auto'` would pick the tfjs kernel (so a caller knows whether to load a backend). */
export function wouldUseTfjs(problem: LpmProblem, options: Pick<SolveOptions, 'kernel' | 'tfjsFromClasses' | 'levelsStart' | 'reduceRank'> = {}): boolean {
  validateProblem(problem);
  const kernel = options.kernel ?? 'auto';
  if (kernel !== 'auto') return kernel === 'tfjs';
  const K = problem.counts.length;
  const cutoff = options.tfjsFromClasses ?? TFJS_FROM_CLASSES;
  const c = classWeights(problem);
  const levels = levelsOf(c).length;
  return K >= cutoff && !(levels < K && levels < cutoff) && !startsFromLevels(c, options);
}

export function solveLpm(problem: LpmProblem, options: SolveOptions = {}): LpmSolution {
  return resolved(solveUnchecked(problem, options));
}

/** Marks a solution whose loss underflows (MIN_RESOLVED_LOSS) as not resolved, with the reason. */
function resolved(solution: LpmSolution): LpmSolution {
  if (solution.objective >= MIN_RESOLVED_LOSS) return solution;
  const product = solution.problem.eh * solution.problem.ew;
  const found = solution.objective > 0 ? `${solution.objective.toExponential(2)}` : '0 in float64';
  return {
    ...solution,
    certificate: { ...solution.certificate, converged: false, stopReason: 'unresolved' },
    unresolved: `the LPM is not resolved at E_H·E_W = ${formatCli(product, 4)}: its optimal loss per sample is below ${MIN_RESOLVED_LOSS} (the point found has loss ${found}), where float64 underflows, so no geometry is reported; try smaller budgets`,
  };
}

function solveUnchecked(problem: LpmProblem, options: SolveOptions): LpmSolution {
  validateProblem(problem);
  const K = problem.counts.length;
  checkOptions(options);
  const started = performance.now();
  const c = classWeights(problem);
  const levels = options.levelGroups ? levelsFromGroups(options.levelGroups, c) : levelsOf(c);
  const scale = K * Math.sqrt(problem.eh * problem.ew);
  const restarts = options.restarts ?? 3;
  const seed = options.seed ?? 1;
  const cutoff = options.tfjsFromClasses ?? TFJS_FROM_CLASSES;
  let choice = options.kernel ?? 'auto';
  if (choice === 'auto') {
    // Few levels: the exact symmetry-reduced kernel. Many (its cost grows as L³; K = 300 with 100-odd tied
    // counts took 100 s on it against 7.7 s lifted): the lifted levels start and the full float64 kernel.
    if (levels.length < K && levels.length < cutoff) choice = 'levels';
    else if (startsFromLevels(c, options)) choice = 'float64';
    else if (levels.length < K && !options.tf) choice = 'levels';
    else choice = K >= cutoff && options.tf ? 'tfjs' : 'float64';
  }
  const tolerance = options.tolerance ?? (choice !== 'levels' && K > POLISH_UP_TO_CLASSES ? LARGE_TOLERANCE : 1e-12);
  const base = { method: options.method ?? 'fista', maxIterations: options.maxIterations ?? 20000, signal: options.signal, onProgress: options.onProgress };

  if (choice === 'levels') {
    const collapsed = levels.map((_, i) => options.collapsedLevels?.includes(i) ?? false);
    const kernel = new LevelsKernel(levels, scale, collapsed, K > POLISH_UP_TO_CLASSES);
    const layout = `levels:${levels.map((l) => l.classes.length).join(',')}:${collapsed.map(Number).join('')}`;
    // The levels kernel is cheap, and its geometry is what the closed forms are checked against: it runs to
    // a hundredth of the tolerance (not below 1e-14, near its rounding floor), so norms and cosines land
    // within the 1e-6 the docs quote (0.517496 at R = 10, K = 10) whatever iteration the stopping check falls on; `converged` is still judged at `tolerance`.
    const inner = Math.min(tolerance, Math.max(1e-2 * tolerance, 1e-14));
    const best = multiStart(kernel, layout, options.warmStart, restarts, seed, { ...base, tolerance: inner });
    const x = best.run.x;
    const g = kernel.grams(x, K);
    const a = K * problem.eh;
    const b = K * problem.ew;
    const gramH = g.hh.map((v) => v * a);
    const gramW = g.ww.map((v) => v * b);
    const cert = kernel.certify(x);
    let gap = cert.gap;
    // For moderate K also certify the reconstructed full logits with the refined dual bound.
    // (Not for collapsed levels: that is a restricted problem, and its certificate is the restricted one.)
    if (K <= POLISH_UP_TO_CLASSES && !collapsed.some(Boolean)) gap = Math.min(gap, dualCertificate(c, g.logits, K, scale).gap);
    const certificate = finalCertificate({ ...cert, gap }, tolerance, best.run.stopReason);
    return {
      problem,
      classes: K,
      objective: cert.value,
      iterations: best.iterations,
      evaluations: best.evaluations,
      certificate,
      backend: kernel.name,
      gramW,
      gramH,
      logits: g.logits,
      levels: levels.length,
      restarts: best.starts,
      seconds: (performance.now() - started) / 1000,
      warmStart: { layout, state: kernel.toState(x) },
      splitGain: cert.splitGain,
      levelList: levels,
    };
  }

  const rank = options.rank ?? 2 * K;
  const layout = `full:${K}:${rank}`;
  const f64 = new Float64Kernel(c, rank, scale, { precondition: options.precondition });
  const reduce = options.reduceRank ?? true;
  const phases: SolvePhase[] = [];
  let phaseStart = performance.now();
  const phase = (kernel: string, rankOfPhase: number, run: { iterations: number }, gap: number) => {
    const now = performance.now();
    phases.push({ kernel, rank: rankOfPhase, iterations: run.iterations, seconds: (now - phaseStart) / 1000, gap });
    phaseStart = now;
  };
  let x64: Float64Array;
  let iterations = 0;
  let evaluations = 0;
  let stopReason: StopReason;
  let starts: number;
  let rankUsed = rank;
  let factors: { x: Float64Array; rank: number } | undefined;
  let phase1Certificate: CertificateData;
  // Phase 1 at full p: on tfjs (float32 certifies to ~1e-6 at best) or float64, to a coarse tolerance when a
  // rank-reduced float64 phase follows.
  const coarse = reduce ? Math.max(tolerance, COARSE_TOLERANCE) : tolerance;
  const warmUsable = options.warmStart !== undefined && options.warmStart.layout === layout;
  const liftFirst = !warmUsable && startsFromLevels(c, options);
  let lifted: { x: Float64Array; rank: number } | undefined;
  if (liftFirst) {
    // Phase 1 replaced by the symmetry-reduced problem of near-equal counts, lifted to K×r (levelsStart.ts).
    const start = levelsStart(c, scale, { spread: LEVELS_START_SPREAD, signal: options.signal, onProgress: options.onProgress });
    lifted = { x: start.x, rank: Math.min(start.rank, rank) };
    if (lifted.rank < start.rank) lifted = undefined;
    iterations = start.iterations;
    evaluations = start.iterations;
    starts = 1;
    stopReason = 'iteration-limit';
    phase1Certificate = { value: 1, gap: Infinity, frankWolfeGap: Infinity, gradientMapping: Infinity, budgetH: 1, budgetW: 1 };
    phases.push({ kernel: `float64-levels-start`, rank: start.groups, iterations: start.iterations, seconds: (performance.now() - phaseStart) / 1000, gap: start.groupGap });
    phaseStart = performance.now();
    x64 = lifted ? padRank(lifted.x, K, lifted.rank, rank) : f64.random(seed);
  } else if (choice === 'tfjs') {
    const kernel = new TfjsKernel(options.tf as Tf, c, rank, scale);
    try {
      const first = multiStart(kernel, layout, options.warmStart, restarts, seed, { ...base, tolerance: Math.max(coarse, FLOAT32_TOLERANCE) });
      x64 = kernel.toFeasible(first.run.x);
      kernel.release(first.run.x);
      ({ iterations, evaluations, starts } = first);
      stopReason = first.run.stopReason;
      phase1Certificate = first.run.certificate;
      phase(kernel.name, rank, first, first.run.certificate.gap / first.run.certificate.value);
    } finally {
      kernel.dispose();
    }
  } else {
    const first = multiStart(f64, layout, options.warmStart, restarts, seed, { ...base, tolerance: coarse });
    x64 = first.run.x;
    ({ iterations, evaluations, starts } = first);
    stopReason = first.run.stopReason;
    phase1Certificate = first.run.certificate;
    phase(f64.name, rank, first, first.run.certificate.gap / first.run.certificate.value);
  }
  const polish = options.polish ?? K <= POLISH_UP_TO_CLASSES;
  // The certificate depends only on the logits Z (and the gradient mapping on ∇f, which lies in the span of the
  // kept directions), so a rank-reduced run's certificate is also the padded point's: computed once per point.
  // (The tfjs kernel's certificate is already the float64 one of x64 = toFeasible(x).)
  let cert: CertificateData = phase1Certificate;
  const certified = () => cert.gap <= tolerance * Math.abs(cert.value) + 1e-300;
  if ((polish || choice !== 'tfjs' || liftFirst) && !certified()) {
    // Phase 2: float64 in the reduced rank, when that saves at least a quarter of the work.
    const reduced = lifted ?? (reduce ? reduceRank(x64, K, rank) : undefined);
    if (reduced && reduced.rank <= 0.75 * rank) {
      const small = new Float64Kernel(c, reduced.rank, scale, { precondition: options.precondition });
      const run = minimise(small, reduced.x, { ...base, tolerance, stage: `fitting LPM (float64, rank ${reduced.rank})`, skipFirstCheck: lifted !== undefined });
      iterations += run.iterations;
      evaluations += run.evaluations;
      stopReason = run.stopReason;
      x64 = padRank(run.x, K, reduced.rank, rank);
      factors = { x: run.x, rank: reduced.rank };
      cert = run.certificate;
      rankUsed = reduced.rank;
      phase('float64', reduced.rank, run, run.certificate.gap / run.certificate.value);
    }
    // A lifted start whose rank was too small stalls (a what-if at K = 100 with the minority ×10: 2.1e-6 at rank
    // 52, and a full-rank phase from there, whose padded columns are 0 with a 0 gradient, stalled as well). Up to
    // POLISH_UP_TO_CLASSES the solve starts over the usual way (full-rank phase 1, then its own rank: 1.0 s
    // there, certified 4e-13); above it an iteration at p = 2K costs ~1.2 s and the result says it is not certified.
    // The better certified point of the two is kept: at E_H·E_W = 69 180 (K = 100, a loss of 1.9e-114) the lifted
    // run stalled at 1.7e-11 and the restart's float32 phase 1 ended at 0.59.
    if (liftFirst && !certified() && K <= POLISH_UP_TO_CLASSES) {
      const again = solveUnchecked(problem, { ...options, levelsStart: false });
      const all = [...phases, ...(again.phases ?? [])];
      const work = { iterations: again.iterations + iterations, evaluations: again.evaluations + evaluations, phases: all, backend: kernelChain(all) };
      if (again.certificate.gap / again.objective <= cert.gap / cert.value) return { ...again, ...work, seconds: (performance.now() - started) / 1000 };
      phases.splice(0, phases.length, ...all);
      ({ iterations, evaluations } = work);
    }
    // Phase 3: full rank, if still not certified (a too small rank cannot certify; this also covers no reduction).
    if (!certified() && !liftFirst) {
      const run = minimise(f64, x64, { ...base, tolerance, stage: 'fitting LPM (float64)' });
      iterations += run.iterations;
      evaluations += run.evaluations;
      stopReason = run.stopReason;
      x64 = run.x;
      factors = { x: x64, rank };
      cert = run.certificate;
      rankUsed = rank;
      phase('float64', rank, run, run.certificate.gap / run.certificate.value);
    }
  }
  const backend = kernelChain(phases);
  // The Gram matrices from the last phase's own factors (the padded columns are zero).
  const last = factors ?? { x: x64, rank };
  const half = K * last.rank;
  const a = K * problem.eh;
  const b = K * problem.ew;
  const gramH = multiplyTransposedInto(last.x, 0, 0, K, last.rank, a);
  const gramW = multiplyTransposedInto(last.x, half, half, K, last.rank, b);
  const logits = multiplyTransposedInto(last.x, 0, half, K, last.rank, scale);
  return {
    problem,
    classes: K,
    objective: cert.value,
    iterations,
    evaluations,
    certificate: finalCertificate(cert, tolerance, stopReason),
    backend,
    gramW,
    gramH,
    logits,
    restarts: starts,
    seconds: (performance.now() - started) / 1000,
    warmStart: { layout, state: Float64Array.from(x64) },
    rank: rankUsed,
    phases,
  };
}

/** "wasm+float64": the kernels that ran, in order, without repeating a kernel that ran twice in a row. */
function kernelChain(phases: readonly SolvePhase[]): string {
  return phases.map((p) => p.kernel).filter((k, i, all) => i === 0 || all[i - 1] !== k).join('+');
}

// Projected gradient in factor space for the LPM (theory.md §2.6), one algorithm for every kernel.
//
// Step rules (measured by `npm run bench:lpm rules`, table in docs/lpm.md; `fista` is the default: fewest
// iterations and least time on every instance measured, 2–8× fewer iterations than spg near R*):
//   fista  accelerated projected gradient (Beck–Teboulle) with backtracking on the Lipschitz estimate and
//          O'Donoghue–Candès adaptive restart (function and gradient tests).
//   spg    spectral projected gradient (Birgin–Martínez–Raydan 2000): Barzilai–Borwein step λ = ⟨s,s⟩/⟨s,y⟩,
//          direction d = Π(x − λ∇f) − x, non-monotone Armijo search along d over the last 10 values.
//   pg     projected gradient with fista's backtracking and no momentum (the paper's recipe with a step rule).
//
// Stopping rule: at checks scheduled from the iterates alone (see `check`), the kernel returns a float64
// certificate; the run stops when its duality gap (dual.ts: an upper bound on f − f* from the Lagrangian dual
// of the convex SDP) is at most tolerance·f + absoluteTolerance. The bound is global: it certifies the optimum
// of the convex relaxation (hence of the LPM), not just a stationary point of the non-convex factor problem.
import { throwIfAborted, type RunHooks } from '../runHooks';
import type { CertificateData, LpmKernel } from './kernel';

export type StepRule = 'spg' | 'fista' | 'pg';

export interface OptimiserOptions extends RunHooks {
  method?: StepRule;
  maxIterations?: number;
  /** Relative tolerance on the duality gap: stop when gap ≤ tolerance·f + absoluteTolerance. */
  tolerance?: number;
  absoluteTolerance?: number;
  /** Iterations between certificate checks (default: the kernel's, sized so checks cost ~20 % of the run). */
  checkEvery?: number;
  /**
   * Skip the certificate at iteration 0 (default false): for a start that cannot be certified yet, e.g. the lifted
   * levels start of grouped counts, whose first check at K = 1000 costs as much as ~35 iterations.
   */
  skipFirstCheck?: boolean;
  /** Label for progress reports. */
  stage?: string;
}

export type StopReason = 'converged' | 'iteration-limit' | 'stalled';

export interface OptimiserRun<V> {
  x: V;
  iterations: number;
  /** Objective+gradient evaluations, and objective-only evaluations (about a third of the cost each). */
  evaluations: number;
  values: number;
  /** Certificate checks (each costs about an SVD of a K×K matrix with its vectors). */
  checks: number;
  certificate: CertificateData;
  converged: boolean;
  stopReason: StopReason;
  tolerance: number;
}

const LAMBDA_MIN = 1e-12;
const LAMBDA_MAX = 1e12;
const MEMORY = 10;
const STALL_CHECKS = 6;
const ARMIJO = 1e-4;
/** Relative rounding error of f: a few ulps in float64; float32 sums over K² logits are far noisier. */
const ROUNDOFF = { float64: 1e-15, float32: 3e-7 } as const;

export function isConverged(cert: CertificateData, tolerance: number, absoluteTolerance: number): boolean {
  return cert.gap <= tolerance * Math.abs(cert.value) + absoluteTolerance;
}

export function minimise<V>(kernel: LpmKernel<V>, start: V, options: OptimiserOptions = {}): OptimiserRun<V> {
  const method = options.method ?? 'spg';
  const maxIterations = options.maxIterations ?? 20000;
  const tolerance = options.tolerance ?? (kernel.precision === 'float64' ? 1e-12 : 1e-4);
  // Relative only: the loss, its gradient and the dual bound keep relative precision even for tiny losses
  // (large budgets), so an absolute floor would stop those problems long before their optimum.
  const absoluteTolerance = options.absoluteTolerance ?? 1e-300;
  // The schedule depends only on the iterates (never on timing), so runs are reproducible. Between the
  // kernel's interval and an eighth of it, the next check is placed where the gap, extrapolated linearly in
  // log scale from the last two checks, is predicted to reach the tolerance.
  const roundoff = ROUNDOFF[kernel.precision];
  const interval = Math.max(1, Math.round(options.checkEvery ?? kernel.checkInterval));
  const shortest = Math.max(1, Math.ceil(interval / 8));
  let evaluations = 0;
  let values = 0;
  let checks = 0;

  let cert: CertificateData | undefined;
  let certifiedAt = -1;
  let nextCheck = options.skipFirstCheck ? interval : 0;
  let previous: { iteration: number; gap: number } | undefined;
  // Precision floor: when the gap has not improved by 10 % over the last STALL_CHECKS checks (float32
  // kernels reach this near 1e-5 relative), further iterations only add rounding noise.
  const recentGaps: number[] = [];
  let stalled = false;
  const check = (x: V, iteration: number): boolean => {
    throwIfAborted(options.signal);
    cert = kernel.certify(x);
    checks++;
    certifiedAt = iteration;
    const done = isConverged(cert, tolerance, absoluteTolerance);
    const target = tolerance * Math.abs(cert.value) + absoluteTolerance;
    let step = interval;
    if (previous && cert.gap > 0 && previous.gap > cert.gap && iteration > previous.iteration) {
      const perIteration = Math.log(cert.gap / previous.gap) / (iteration - previous.iteration);
      const needed = Math.log(target / cert.gap) / perIteration;
      if (Number.isFinite(needed)) step = Math.min(interval, Math.max(shortest, Math.ceil(1.1 * needed)));
    }
    previous = { iteration, gap: cert.gap };
    recentGaps.push(cert.gap);
    if (recentGaps.length > STALL_CHECKS) recentGaps.shift();
    const relativeGap = cert.value !== 0 ? cert.gap / Math.abs(cert.value) : cert.gap;
    const patience = kernel.stallPatience;
    const mayStall = !patience || relativeGap <= patience.below || iteration >= patience.after;
    stalled = mayStall && recentGaps.length === STALL_CHECKS && Math.min(...recentGaps.slice(1)) > 0.9 * recentGaps[0];
    nextCheck = iteration + step;
    lastGap = Number.isFinite(relativeGap) ? relativeGap : undefined;
    nextTick = iteration + tick;
    options.onProgress?.({ stage: options.stage ?? 'fitting LPM', done: iteration, total: maxIterations, unit: 'iterations', ...(lastGap !== undefined ? { gap: lastGap } : {}) });
    return done;
  };
  // Between checks, the iteration count (with the last gap) every kernel.progressInterval iterations: at K = 1000
  // a check interval is ~40 iterations and ~15 s, too long for a bar that does not move.
  const tick = kernel.progressInterval ?? Infinity;
  let lastGap: number | undefined;
  let nextTick = tick;
  const due = (x: V, it: number): boolean => {
    if (it >= nextCheck) return check(x, it);
    throwIfAborted(options.signal);
    if (it >= nextTick && options.onProgress) {
      nextTick = it + tick;
      options.onProgress({ stage: options.stage ?? 'fitting LPM', done: it, total: maxIterations, unit: 'iterations', ...(lastGap !== undefined ? { gap: lastGap } : {}) });
    }
    return false;
  };
  const finish = (x: V, iterations: number, stopReason: StopReason): OptimiserRun<V> => {
    if (certifiedAt !== iterations) check(x, iterations);
    const c = cert as CertificateData;
    const converged = isConverged(c, tolerance, absoluteTolerance);
    return { x, iterations, evaluations, values, checks, certificate: c, converged, stopReason: converged ? 'converged' : stopReason, tolerance };
  };

  // At once, before the first evaluation and certificate (O(K³) each at large K): the stage is under way.
  options.onProgress?.({ stage: options.stage ?? 'fitting LPM', done: 0, total: maxIterations, unit: 'iterations' });
  if (method === 'spg') {
    let x = start;
    let { value: f, grad: g } = kernel.evaluate(x);
    evaluations++;
    const history = [f];
    let lambda: number;
    {
      const first = kernel.direction(x, g, 1);
      kernel.release(first.d);
      lambda = first.dd > 0 ? clamp(1 / Math.sqrt(first.dd), LAMBDA_MIN, LAMBDA_MAX) : 1;
    }
    for (let it = 0; it < maxIterations; it++) {
      if (due(x, it)) return finish(x, it, 'converged');
      if (stalled) return finish(x, it, 'stalled');
      const { d, gd, dd } = kernel.direction(x, g, lambda);
      // ⟨g, d⟩ ≥ 0 with d ≠ 0 happens only through rounding near the optimum; the search below then
      // accepts steps within the rounding slack, and the certificate decides when to stop.
      if (dd === 0) {
        kernel.release(d);
        return finish(x, it, 'stalled');
      }
      let fmax = -Infinity;
      for (const v of history) fmax = Math.max(fmax, v);
      let alpha = 1;
      let accepted: { x: V; f: number; g: V; probe: number } | undefined;
      for (let tries = 0; tries < 40; tries++) {
        const xn = kernel.combine(1, x, alpha, d);
        const e = kernel.evaluate(xn, d);
        evaluations++;
        // The slack of a few ulps of f lets the search accept steps whose decrease is below rounding.
        if (e.value <= fmax + ARMIJO * alpha * gd + roundoff * Math.abs(fmax)) {
          accepted = { x: xn, f: e.value, g: e.grad, probe: e.probe };
          break;
        }
        kernel.release(xn, e.grad);
        const denominator = e.value - f - alpha * gd;
        const trial = denominator > 0 ? (-0.5 * alpha * alpha * gd) / denominator : alpha / 2;
        alpha = trial >= 0.1 * alpha && trial <= 0.9 * alpha ? trial : alpha / 2;
      }
      if (!accepted) {
        kernel.release(d);
        return finish(x, it, 'stalled');
      }
      // s = α·d, y = g⁺ − g:  ⟨s, y⟩ = α(⟨d, g⁺⟩ − ⟨d, g⟩),  ⟨s, s⟩ = α²‖d‖².
      const sy = alpha * (accepted.probe - gd);
      lambda = sy > 0 ? clamp((alpha * dd) / (accepted.probe - gd), LAMBDA_MIN, LAMBDA_MAX) : LAMBDA_MAX;
      kernel.release(x, g, d);
      x = accepted.x;
      g = accepted.g;
      f = accepted.f;
      history.push(f);
      if (history.length > MEMORY) history.shift();
    }
    kernel.release(g);
    return finish(x, maxIterations, 'iteration-limit');
  }

  // fista / pg: backtracking on the Lipschitz estimate L (step 1/L), L allowed to shrink by 10 % per step.
  const accelerate = method === 'fista';
  let x = start;
  let fx = kernel.value(x);
  values++;
  let y = kernel.combine(1, x, 0, x);
  let t = 1;
  let lipschitz = initialLipschitz(kernel, x);
  evaluations += 2;
  let streak = 0;
  for (let it = 0; it < maxIterations; it++) {
    if (due(x, it) || stalled) {
      kernel.release(y);
      return finish(x, it, stalled ? 'stalled' : 'converged');
    }
    const { value: fy, grad: gy } = kernel.evaluate(y);
    evaluations++;
    let next: { x: V; f: number; d: V } | undefined;
    let tries = 0;
    for (; tries < 60; tries++) {
      const { d, gd, dd } = kernel.direction(y, gy, 1 / lipschitz);
      const xn = kernel.combine(1, y, 1, d);
      const fn = kernel.value(xn);
      values++;
      if (fn <= fy + gd + 0.5 * lipschitz * dd + roundoff * Math.abs(fy)) {
        next = { x: xn, f: fn, d };
        break;
      }
      kernel.release(d, xn);
      lipschitz *= 2;
    }
    kernel.release(gy);
    if (!next) {
      kernel.release(y);
      return finish(x, it, 'stalled');
    }
    let restart = !accelerate || next.f > fx;
    const step = kernel.combine(1, next.x, -1, x);
    if (!restart && -kernel.dot(next.d, step) > 0) restart = true;
    kernel.release(y, next.d);
    if (restart) {
      t = 1;
      y = kernel.combine(1, next.x, 0, next.x);
    } else {
      const tn = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
      y = kernel.combine(1, next.x, (t - 1) / tn, step);
      t = tn;
    }
    kernel.release(step, x);
    x = next.x;
    fx = next.f;
    // L may shrink by 10 % per step, and faster while every step is accepted at once: at large budgets the
    // curvature falls with the loss (L ~ s²·f), by many orders of magnitude along a run (issue 12).
    streak = tries === 0 ? streak + 1 : 0;
    lipschitz *= Math.max(0.25, 0.9 ** (1 + Math.floor(streak / 4)));
  }
  kernel.release(y);
  return finish(x, maxIterations, 'iteration-limit');
}

/**
 * A secant estimate of the gradient's Lipschitz constant at x: ‖∇f(x − τĝ) − ∇f(x)‖/τ along the unit gradient
 * direction ĝ, τ = 1e-4 (the feasible set has radius 1). Backtracking corrects it either way; without it the
 * estimate started at 1 and shrank by 10 % per step, so at large budgets (tiny losses, L ~ s²·f ≪ 1) a run spent
 * hundreds of iterations at steps far too short and the stall test ended it first (issue 12).
 */
function initialLipschitz<V>(kernel: LpmKernel<V>, x: V): number {
  const { grad: g } = kernel.evaluate(x);
  const norm = Math.sqrt(kernel.dot(g, g));
  if (!(norm > 0) || !Number.isFinite(norm)) {
    kernel.release(g);
    return 1;
  }
  const tau = 1e-4;
  const moved = kernel.combine(1, x, -tau / norm, g);
  const { grad: g1 } = kernel.evaluate(moved);
  const diff = kernel.combine(1, g1, -1, g);
  const estimate = Math.sqrt(kernel.dot(diff, diff)) / tau;
  kernel.release(g, moved, g1, diff);
  return estimate > 0 && Number.isFinite(estimate) ? estimate : 1;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

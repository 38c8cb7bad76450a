// Random restarts and the final certificate verdict of the LPM solver (solve.ts): the first start that is
// certified ends the search, because the certificate bounds the distance to the global optimum.
import { throwIfAborted } from '../runHooks';
import type { CertificateData, LpmKernel } from './kernel';
import { minimise, type OptimiserRun, type StopReason } from './optimiser';

/** A previous solution's state, reusable by a solve with the same kernel layout. */
export interface WarmStart {
  layout: string;
  state: Float64Array;
}

export interface SolverCertificate extends CertificateData {
  converged: boolean;
  tolerance: number;
  /** `unresolved`: the loss at the point found is below MIN_RESOLVED_LOSS (see `LpmSolution.unresolved`). */
  stopReason: StopReason | 'unresolved';
}

export function finalCertificate(cert: CertificateData, tolerance: number, stopReason: StopReason): SolverCertificate {
  const converged = cert.gap <= tolerance * Math.abs(cert.value) + 1e-300;
  return { ...cert, converged, tolerance, stopReason: converged ? 'converged' : stopReason === 'converged' ? 'stalled' : stopReason };
}

export interface MultiStart<V> {
  run: OptimiserRun<V>;
  iterations: number;
  evaluations: number;
  starts: number;
}

/** Relative gap under which a patient kernel's stalled run is not restarted (LPM_REPORT_GAP of core/report). */
export const PATIENT_RESTART_GAP = 1e-6;

export function multiStart<V>(
  kernel: LpmKernel<V>,
  layout: string,
  warm: WarmStart | undefined,
  restarts: number,
  seed: number,
  options: Parameters<typeof minimise>[2] & { tolerance: number },
): MultiStart<V> {
  let best: OptimiserRun<V> | undefined;
  let iterations = 0;
  let evaluations = 0;
  let starts = 0;
  for (let i = 0; i < restarts; i++) {
    throwIfAborted(options.signal);
    const start = i === 0 && warm && warm.layout === layout ? kernel.fromState(warm.state) : kernel.random(seed + i);
    const run = minimise(kernel, start, { ...options, stage: restarts > 1 ? `fitting LPM (start ${i + 1}/${restarts})` : 'fitting LPM' });
    starts++;
    iterations += run.iterations;
    evaluations += run.evaluations;
    if (!best || run.certificate.value < best.certificate.value) {
      if (best) kernel.release(best.x);
      best = run;
    } else {
      kernel.release(run.x);
    }
    // A run that stalled close to the tolerance hit the kernel's precision floor: another start would
    // stall there too (the phases after it take over). Restarts are for runs far from certified.
    // A patient kernel's run (levels.ts, above 300 classes) that stalled after its patience within the 1e-6 a
    // report certifies is slow there, not stuck: a restart would spend as long to land at the same point.
    const relative = best.certificate.gap / Math.max(Math.abs(best.certificate.value), 1e-300);
    const floor = Math.max(100 * options.tolerance, kernel.stallPatience ? PATIENT_RESTART_GAP : 0);
    if (best.converged || (best.stopReason === 'stalled' && relative <= floor)) break;
  }
  return { run: best as OptimiserRun<V>, iterations, evaluations, starts };
}

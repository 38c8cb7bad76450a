// Benchmarks of the LPM solver (issue 5). Run with `npm run bench:lpm` (bench/lpm.mjs bundles this file).
// Prints medians of several runs (the machine is shared: min/median/max and the load average are shown) and,
// when /usr/bin/python3 has cvxopt, solves the same K=10 instances as SDPs with an interior-point method.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Float64Kernel } from '../src/core/lpm/float64Kernel';
import { minorityCurve } from '../src/core/lpm/curve';
import { classWeights, twoLevelProblem, type LpmProblem } from '../src/core/lpm/problem';
import { solveLpm, TFJS_FROM_CLASSES } from '../src/core/lpm/solve';
import { TfjsKernel } from '../src/core/lpm/tfjsKernel';
import { minorityCollapseThreshold } from '../src/core/lpm/threshold';
import { lpmForBudgets } from '../src/core/report/lpmComparison';
import { autoMinority } from '../src/core/metrics/minority';
import { etfGram } from '../src/core/lpm/balanced';
import { gramCosines } from '../src/core/lpm/summary';
import type { LpmKernel } from '../src/core/lpm/kernel';
import type { Tf } from '../src/core/tf';
import { selectBackend } from '../src/engine/backend';

interface Stats {
  min: number;
  median: number;
  max: number;
}

function stats(values: number[]): Stats {
  const v = [...values].sort((a, b) => a - b);
  return { min: v[0], median: v[Math.floor(v.length / 2)], max: v[v.length - 1] };
}

function timeIt<T>(runs: number, f: () => T): { ms: Stats; last: T } {
  const times: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = f();
    times.push(performance.now() - t0);
  }
  return { ms: stats(times), last: last as T };
}

const fmtMs = (s: Stats) => `${s.median.toFixed(s.median < 10 ? 2 : 0)} ms (min ${s.min.toFixed(s.min < 10 ? 2 : 0)}, max ${s.max.toFixed(s.max < 10 ? 2 : 0)})`;
const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');

function longTail(K: number, ratio = 100): number[] {
  return Array.from({ length: K }, (_, k) => Math.round(5000 * Math.pow(ratio, -k / (K - 1))));
}

function iterationCost<V>(kernel: LpmKernel<V>, K: number): Stats {
  const x = kernel.random(1);
  const step = () => {
    const e = kernel.evaluate(x);
    const d = kernel.direction(x, e.grad, 0.1);
    const y = kernel.combine(1, x, 0.5, d.d);
    kernel.release(e.grad, d.d, y);
  };
  for (let i = 0; i < 20; i++) step();
  const n = Math.max(5, Math.ceil(3e6 / (K * K * K)));
  const per: number[] = [];
  for (let rep = 0; rep < 7; rep++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) step();
    per.push(((performance.now() - t0) / n) * 1000);
  }
  kernel.release(x);
  return stats(per);
}

function cutoff(tf: Tf, backend: string): void {
  console.log(`\n## Kernel cut-off: µs per projected-gradient step (evaluate + direction + combine), p = 2K, median of 7`);
  console.log(`K     float64            ${backend}`);
  let crossing: number | undefined;
  for (const K of [10, 20, 30, 40, 50, 70, 100]) {
    const c = classWeights({ counts: longTail(K), eh: 1, ew: 1 });
    const f = iterationCost(new Float64Kernel(c, 2 * K, K), K);
    const tk = new TfjsKernel(tf, c, 2 * K, K);
    const t = iterationCost(tk, K);
    tk.dispose();
    if (crossing === undefined && t.median < f.median) crossing = K;
    console.log(`${String(K).padEnd(6)}${f.median.toFixed(1).padStart(8)} (${f.min.toFixed(0)}–${f.max.toFixed(0)})`.padEnd(25) + `${t.median.toFixed(1).padStart(8)} (${t.min.toFixed(0)}–${t.max.toFixed(0)})`);
  }
  console.log(`tfjs is faster from K ≈ ${crossing ?? '>100'} in this run; the solver switches at K ≥ ${TFJS_FROM_CLASSES} (TFJS_FROM_CLASSES). tensors alive: ${tf.memory().numTensors}`);
}

function stepRules(): void {
  console.log('\n## Step rules (full float64 kernel, tolerance 1e-12): iterations and median time of 5 runs');
  const cases: [string, LpmProblem][] = [
    ['two-level K=10 R=2', twoLevelProblem({ classes: 10, majority: 5, ratio: 2, eh: 5, ew: 1 })],
    ['two-level K=10 R=10', twoLevelProblem({ classes: 10, majority: 5, ratio: 10, eh: 5, ew: 1 })],
    ['two-level K=10 R=12 (near R*)', twoLevelProblem({ classes: 10, majority: 5, ratio: 12, eh: 5, ew: 1 })],
    ['two-level K=10 R=100', twoLevelProblem({ classes: 10, majority: 5, ratio: 100, eh: 5, ew: 1 })],
    ['long-tail K=30', { counts: longTail(30), eh: 1, ew: 1 }],
  ];
  for (const [name, problem] of cases) {
    const row: string[] = [];
    for (const method of ['fista', 'spg', 'pg'] as const) {
      const r = timeIt(5, () => solveLpm(problem, { kernel: 'float64', method, maxIterations: 50000 }));
      row.push(`${method} ${String(r.last.iterations).padStart(5)} it ${r.ms.median.toFixed(1).padStart(7)} ms${r.last.certificate.converged ? '' : ' (not certified)'}`);
    }
    console.log(`${name.padEnd(31)}${row.join(' | ')}`);
  }
}

interface Sdp {
  objective: number;
  seconds: number;
  status: string;
  relativeGap: number | null;
}

function sdp(problem: LpmProblem): Sdp | string {
  const python = '/usr/bin/python3';
  const script = join(process.cwd(), 'bench', 'lpm_sdp.py');
  if (!existsSync(python)) return 'no /usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import cvxopt; print(cvxopt.__version__)'], { encoding: 'utf8' });
  if (probe.status !== 0) return 'cvxopt is not installed for /usr/bin/python3 (apt-get install python3-cvxopt)';
  const run = spawnSync(python, [script], { input: JSON.stringify({ counts: problem.counts, eh: problem.eh, ew: problem.ew }), encoding: 'utf8' });
  if (run.status !== 0) return `cvxopt run failed: ${run.stderr}`;
  return JSON.parse(run.stdout) as Sdp;
}

function headline(tf: Tf): void {
  console.log('\n## Goals');
  const paper = twoLevelProblem({ classes: 10, majority: 5, ratio: 10, eh: 5, ew: 1 });
  solveLpm(paper); // warm the JIT
  const auto = timeIt(21, () => solveLpm(paper));
  const full = timeIt(11, () => solveLpm(paper, { kernel: 'float64' }));
  console.log(`two-level K=10 (R=10, E_H=5, E_W=1), warm, 21 runs: ${fmtMs(auto.ms)} on ${auto.last.backend}; goal ≤ 50 ms`);
  console.log(`  same on the full float64 kernel (no symmetry), 11 runs: ${fmtMs(full.ms)}, ${full.last.iterations} iterations`);

  const tail = { counts: longTail(100), eh: 1, ew: 1 };
  const big = timeIt(5, () => solveLpm(tail, { tf }));
  const bigF = timeIt(3, () => solveLpm(tail, { kernel: 'float64' }));
  const phases = (big.last.phases ?? []).map((p) => `${p.kernel} p=${p.rank} ${p.iterations} it ${(p.seconds * 1000).toFixed(0)} ms`).join(', ');
  console.log(`K=100 long-tailed counts 5000…50 (E_H=E_W=1), 5 runs: ${fmtMs(big.ms)} on ${big.last.backend} [${phases}], relative gap ${(big.last.certificate.gap / big.last.objective).toExponential(1)}; goal ≤ 2 s`);
  console.log(`  same forced to float64 only, 3 runs: ${fmtMs(bigF.ms)}, objective difference ${Math.abs(big.last.objective - bigF.last.objective).toExponential(1)}`);

  // Issue 15's rows: K = 100 long-tailed at E_H = 5, E_W = 1 (goal ≤ 1 s at ≤ 1e-9), K = 1000 two-level
  // (the symmetry-reduced kernel at any K) and K = 1000 ImageNet-LT-like counts, which a report fits grouped
  // (core/report/grouping.ts) and which no peer here can solve either (cvxopt's Hessian at K = 100 alone is 20100²).
  const lt100 = { counts: longTail(100), eh: 5, ew: 1 };
  for (const tolerance of [1e-9, 1e-12]) {
    const r = timeIt(3, () => solveLpm(lt100, { tf, tolerance }));
    console.log(`K=100 long-tailed 5000…50 (E_H=5, E_W=1) at tolerance ${tolerance}, 3 runs: ${fmtMs(r.ms)} on ${r.last.backend}, relative gap ${(r.last.certificate.gap / r.last.objective).toExponential(1)}, ${r.last.certificate.stopReason}; goal ≤ 1 s at ≤ 1e-9`);
  }
  const twoLevel1000 = twoLevelProblem({ classes: 1000, majority: 500, ratio: 10, eh: 5, ew: 1 });
  const tl = timeIt(3, () => solveLpm(twoLevel1000, { tf }));
  console.log(`K=1000 two-level (500 × R=10, E_H=5, E_W=1), 3 runs: ${fmtMs(tl.ms)} on ${tl.last.backend}, relative gap ${(tl.last.certificate.gap / tl.last.objective).toExponential(1)}`);
  // K = 1000 ImageNet-LT-like counts: one run (~1 min): the lifted levels start, the float64 polish and the
  // certificate from the factors. No peer here reaches this size (see above), so no ratio is printed.
  const imagenet = { counts: Array.from({ length: 1000 }, (_, k) => Math.round(1300 * Math.pow(0.01, k / 999))), eh: 5, ew: 1 };
  const lt = timeIt(1, () => solveLpm(imagenet, { tf }));
  const ltPhases = (lt.last.phases ?? []).map((p) => `${p.kernel} p=${p.rank} ${p.iterations} it ${p.seconds.toFixed(1)} s`).join(', ');
  console.log(`K=1000 ImageNet-LT-like 1300…13 (E_H=5, E_W=1), 1 run: ${fmtMs(lt.ms)} on ${lt.last.backend} [${ltPhases}], relative gap ${(lt.last.certificate.gap / lt.last.objective).toExponential(2)} (tolerance ${lt.last.certificate.tolerance}), ${lt.last.certificate.stopReason}, peak RSS of this bench ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; goal ≤ 60 s at ≤ 1e-6, ≤ 1 GB`);
  // What a report fits on these counts instead: the grouped counts (core/report/grouping.ts), the fit and
  // its count-profile curve and R* search, as lpmForBudgets runs them for a report.
  const K1000 = imagenet.counts.length;
  const minority1000 = autoMinority(imagenet.counts);
  const zeros = Array.from({ length: K1000 }, () => new Array<number>(K1000).fill(0));
  const grouped = timeIt(1, () => lpmForBudgets({ counts: imagenet.counts, minority: minority1000, eh: 5, ew: 1, cosClassifiers: null, cosMeans: zeros, centring: 'none' }, { tf }));
  const g = grouped.last.grouping;
  console.log(`  a report on these counts (${minority1000.length} minority classes) fits them grouped: ${g ? `${g.groups} groups, spread ×${g.spread.toFixed(3)}, largest change of a count ${(100 * g.largestChange).toFixed(1)} %` : 'not grouped'}; fit + ${grouped.last.curve.length}-point profile curve + R* search ${fmtMs(grouped.ms)}, relative gap ${grouped.last.result.certificate.value.toExponential(1)}, R* ${grouped.last.threshold ?? 'beyond the curve'}`);

  minorityCollapseThreshold({ classes: 10, majority: 5, eh: 5, ew: 1 });
  const t = timeIt(7, () => minorityCollapseThreshold({ classes: 10, majority: 5, eh: 5, ew: 1 }));
  console.log(`R* for K=10, K_A=5, E_H·E_W=5, 7 runs: ${fmtMs(t.ms)}, R* = ${t.last.ratio?.toFixed(6) ?? 'not reached'} (${t.last.solves} solves); goal ≤ 1 s`);

  const ratios = Array.from({ length: 41 }, (_, i) => 10 ** (0.1 * i));
  const curve = timeIt(5, () => minorityCurve({ classes: 10, majority: 5, eh: 5, ew: 1, ratios }));
  console.log(`R-curve, 41 log-spaced ratios 1…1e4 (warm-started), 5 runs: ${fmtMs(curve.ms)}`);

  console.log('\n## Interior-point SDP reference (cvxopt solvers.cp, same instance, same process run)');
  const instances: [string, LpmProblem][] = [
    ['two-level K=10 R=10 E_H=5 E_W=1', paper],
    ['long-tail K=10 5000…50 E_H=E_W=1', { counts: longTail(10), eh: 1, ew: 1 }],
  ];
  for (const [name, problem] of instances) {
    const ref = sdp(problem);
    if (typeof ref === 'string') {
      console.log(`${name}: skipped: ${ref}`);
      continue;
    }
    const ours = timeIt(11, () => solveLpm(problem));
    const oursFull = timeIt(11, () => solveLpm(problem, { kernel: 'float64' }));
    const gap = (x: number) => ((x - ref.objective) / ref.objective).toExponential(2);
    console.log(`${name}: cvxopt ${ref.status}, objective ${ref.objective.toFixed(12)} in ${(ref.seconds * 1000).toFixed(0)} ms (solver call only)`);
    console.log(`  ours (${ours.last.backend}): ${ours.last.objective.toFixed(12)}, relative difference ${gap(ours.last.objective)} (certified gap ${(ours.last.certificate.gap / ours.last.objective).toExponential(1)}), ${fmtMs(ours.ms)} → ${(ref.seconds * 1000 / ours.ms.median).toFixed(0)}× faster`);
    console.log(`  ours (${oursFull.last.backend}, no symmetry): ${oursFull.last.objective.toFixed(12)}, relative difference ${gap(oursFull.last.objective)}, ${fmtMs(oursFull.ms)} → ${(ref.seconds * 1000 / oursFull.ms.median).toFixed(0)}× faster`);
  }
}

/**
 * The panel's what-if slider at K = 100 (issue 15: ≤ 300 ms per update): the engine re-fits the report's LPM with
 * the minority oversampled w times, in a process that already holds the report's curve (`known`), so an update
 * is one certified solve at 1e-12 plus SELI, ETF and the distances. Long-tailed 5000…50, E_H = 5, E_W = 1, the
 * minority by --minority auto; the model's cosines are stood in by the ETF's (they only enter the distances).
 */
function whatIf(tf: Tf): void {
  console.log('\n## What-if (panel slider), K = 100');
  const counts = longTail(100);
  const minority = autoMinority(counts);
  const etf = gramCosines(etfGram(100, 1), 100, 0);
  const spec = { counts, minority, eh: 5, ew: 1, cosClassifiers: etf, cosMeans: etf, centring: 'none' };
  const known = { curve: [], threshold: null };
  for (const oversample of [1.5, 2, 3, 5, 10]) {
    lpmForBudgets({ ...spec, oversample }, { tf, known });
    const r = timeIt(3, () => lpmForBudgets({ ...spec, oversample }, { tf, known }));
    const fit = r.last.result;
    console.log(`oversample ×${oversample} (${minority.length} minority classes), 3 runs: ${fmtMs(r.ms)} on ${fit.backend}, relative gap ${fit.certificate.value.toExponential(1)}, ${fit.iterations} iterations; goal ≤ 300 ms`);
  }
}

async function main(): Promise<void> {
  const { tf, name, reason } = await selectBackend();
  console.log(`# bench:lpm  node ${process.version}, tfjs backend ${reason}; load average at start ${load()} (2 shared cores: expect noise)`);
  const which = new Set(process.argv.slice(2));
  const all = which.size === 0;
  if (all || which.has('goals')) headline(tf);
  if (all || which.has('whatif')) whatIf(tf);
  if (all || which.has('rules')) stepRules();
  if (all || which.has('cutoff')) cutoff(tf, name);
  console.log(`\nload average at end ${load()}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

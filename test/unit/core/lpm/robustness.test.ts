// Solver robustness the loss-matched bisection needs (issue 12 item 6): unequal counts at large budgets are
// certified, and budgets where the loss underflows float64 are reported as not resolved, with a reason and
// no geometry (CLI text, --json, and the report's calibrations).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { solveLpm, MIN_RESOLVED_LOSS } from '../../../../src/core/lpm/solve';
import { toLpmResult } from '../../../../src/core/lpm/summary';
import { assembleReport } from '../../../../src/core/report/assemble';
import type { RunGeometry } from '../../../../src/core/report/lpmComparison';
import type { InspectResult } from '../../../../src/protocol/result';
import { runCaptured } from '../../helpers/captureIo';

/** Binary entropy −p log p − (1−p) log(1−p) of a row (1 − q, q), q small, without cancellation. */
function entropy2(q: number): number {
  return -q * Math.log(q) - (1 - q) * Math.log1p(-q);
}

/**
 * The dual bound of theory.md §2.2 recomputed for K = 2 from the logits alone: P = softmax(Z) row by row,
 * Γ = diag(c)(P − I) (rows (−c_k q_k, c_k q_k) up to order), σ_max of a 2×2 matrix in closed form,
 * D = Σ c_k H(P_k) − s·σ_max ≤ f*. Returns f and D.
 */
function dualK2(counts: readonly number[], eh: number, ew: number, z: number[][]): { f: number; d: number } {
  const total = counts[0] + counts[1];
  const c = [counts[0] / total, counts[1] / total];
  const s = 2 * Math.sqrt(eh * ew);
  let f = 0;
  let h = 0;
  const g: number[][] = [];
  for (let k = 0; k < 2; k++) {
    const other = 1 - k;
    const q = 1 / (1 + Math.exp(z[k][k] - z[k][other])); // probability of the wrong class
    f += c[k] * Math.log1p(Math.exp(z[k][other] - z[k][k]));
    h += c[k] * entropy2(q);
    const row = [0, 0];
    row[k] = -c[k] * q;
    row[other] = c[k] * q;
    g.push(row);
  }
  const fro2 = g[0][0] ** 2 + g[0][1] ** 2 + g[1][0] ** 2 + g[1][1] ** 2;
  const det = g[0][0] * g[1][1] - g[0][1] * g[1][0];
  const sigmaMax = Math.sqrt((fro2 + Math.sqrt(Math.max(0, fro2 * fro2 - 4 * det * det))) / 2);
  return { f, d: h - s * sigmaMax };
}

/**
 * A feasible K = 2 point for comparison: h_0 = a·u, h_1 = −b·u, w_0 = −w_1 = √E_W·u with a² + b² = 2E_H
 * (both budgets active); its loss c_0 log1p(e^{−2a√E_W}) + c_1 log1p(e^{−2b√E_W}), minimised over the angle
 * by golden section. Any feasible point's loss is ≥ f*, so it bounds the solver's loss from above.
 */
function bestAligned(counts: readonly number[], eh: number, ew: number): number {
  const total = counts[0] + counts[1];
  const r = Math.sqrt(2 * eh);
  const loss = (t: number) =>
    (counts[0] / total) * Math.log1p(Math.exp(-2 * r * Math.cos(t) * Math.sqrt(ew))) + (counts[1] / total) * Math.log1p(Math.exp(-2 * r * Math.sin(t) * Math.sqrt(ew)));
  let lo = 0;
  let hi = Math.PI / 2;
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 200; i++) {
    const a = hi - phi * (hi - lo);
    const b = lo + phi * (hi - lo);
    if (loss(a) < loss(b)) hi = b;
    else lo = a;
  }
  return loss((lo + hi) / 2);
}

describe('LPM solver robustness (issue 12 item 6)', () => {
  const problem = { counts: [98, 30], eh: 135.25, ew: 1.86 };

  it('counts 98,30 at E_H·E_W = 251.6 are certified to ≤ 1e-9, the gap recomputed from the dual', () => {
    const solution = solveLpm(problem);
    const result = toLpmResult(solution);
    assert.equal(solution.certificate.converged, true, `stopped: ${solution.certificate.stopReason}`);
    const z = result.logits as number[][];
    const { f, d } = dualK2(problem.counts, problem.eh, problem.ew, z);
    // The recomputed loss is the reported objective, and the recomputed bound certifies it.
    assert.ok(Math.abs(f / solution.objective - 1) < 1e-10, `f ${f} vs objective ${solution.objective}`);
    assert.ok((f - d) / f <= 1e-9, `recomputed relative gap ${(f - d) / f}`);
    // The bound is a lower bound: below the loss of a feasible point built by hand.
    const aligned = bestAligned(problem.counts, problem.eh, problem.ew);
    assert.ok(d <= aligned, `dual ${d} above the feasible loss ${aligned}`);
    assert.ok(solution.objective <= aligned * (1 + 1e-9), `objective ${solution.objective} above the aligned point's ${aligned}`);
    // Feasibility of the returned point: both budgets, and |z_kj|² ≤ (H Hᵀ)_kk (W Wᵀ)_jj.
    const gh = result.gramH as number[][];
    const gw = result.gramW;
    assert.ok((gh[0][0] + gh[1][1]) / 2 <= problem.eh * (1 + 1e-12));
    assert.ok((gw[0][0] + gw[1][1]) / 2 <= problem.ew * (1 + 1e-12));
    for (let k = 0; k < 2; k++) for (let j = 0; j < 2; j++) assert.ok(z[k][j] ** 2 <= gh[k][k] * gw[j][j] * (1 + 1e-12));
  });

  it('unequal counts at E_H·E_W from 60 to 250 on the full float64 kernel are certified', () => {
    for (const e of [60, 90, 120, 250]) {
      for (const counts of [[98, 30], [500, 120, 40]]) {
        const s = solveLpm({ counts, eh: e, ew: 1 }, { kernel: 'float64' });
        assert.equal(s.certificate.converged, true, `counts ${counts} at ${e}: ${s.certificate.stopReason}, gap ${s.certificate.gap / s.objective}`);
      }
    }
  });

  it('the CLI says converged on the issue\'s instance', async () => {
    const { code, stdout } = await runCaptured(['lpm', '--counts', '98,30', '--eh', '135.25', '--ew', '1.86']);
    assert.equal(code, 0);
    assert.match(stdout, /certificate\s+converged: relative duality gap/);
  });

  it('a budget where the loss underflows is not resolved: reason, converged false, no geometry', async () => {
    const solution = solveLpm({ counts: [10, 10, 5], eh: 1e6, ew: 1e6 });
    assert.ok(solution.objective < MIN_RESOLVED_LOSS);
    assert.equal(solution.certificate.converged, false);
    assert.equal(solution.certificate.stopReason, 'unresolved');
    assert.match(solution.unresolved ?? '', /not resolved at E_H·E_W = 1e\+12/);
    const result = toLpmResult(solution);
    assert.equal(result.unresolved, solution.unresolved);
    assert.equal(result.cosMinority, null);
    assert.equal(result.minorityDistance, null);
    assert.deepEqual([result.normsW, result.normsH, result.gramW], [[], [], []]);
    assert.equal(result.cosW, undefined);
    assert.equal(result.logits, undefined);

    const text = await runCaptured(['lpm', '--counts', '10,10,5', '--eh', '1e6', '--ew', '1e6']);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /not resolved: the LPM is not resolved at E_H·E_W = 1e\+12/);
    assert.doesNotMatch(text.stdout, /converged:|‖w_k‖|classifier cosines/);
    const json = await runCaptured(['lpm', '--counts', '10,10,5', '--eh', '1e6', '--ew', '1e6', '--json']);
    const parsed = JSON.parse(json.stdout);
    assert.match(parsed.unresolved, /not resolved/);
    assert.equal(parsed.certificate.converged, false);
    assert.deepEqual(parsed.normsW, []);
  });

  it('just above the floor the loss is resolved and matches the balanced closed form (theory.md §5.2)', () => {
    // L* = log1p((K−1)·exp(−K√E/(K−1))) for K = 3: E chosen so that L* = 1e-200.
    const K = 3;
    const e = (((K - 1) / K) * Math.log((K - 1) / Math.expm1(1e-200))) ** 2;
    const closed = Math.log1p((K - 1) * Math.exp((-K * Math.sqrt(e)) / (K - 1)));
    const s = solveLpm({ counts: [1, 1, 1], eh: e, ew: 1 });
    assert.equal(s.unresolved, undefined);
    assert.equal(s.certificate.converged, true);
    assert.ok(Math.abs(s.objective / closed - 1) < 1e-9, `${s.objective} vs ${closed}`);
  });

  it("the report's norm-matched calibration gives the reason when its budget underflows", () => {
    // Two-level K = 4 model whose norms give E_H·E_W ≈ 1e12 (classifier rows of norm² ≈ 1e6, features 1e6).
    const K = 4;
    const counts = [100, 100, 10, 10];
    const weights = new Float64Array(K * K);
    const means = new Float64Array(K * K);
    for (let k = 0; k < K; k++) {
      for (let t = 0; t < K; t++) {
        weights[k * K + t] = 1000 * ((k === t ? 1 : 0) - 1 / K);
        means[k * K + t] = 1000 * ((k === t ? 1 : 0) - 1 / K);
      }
    }
    const msq = Array.from({ length: K }, (_, k) => means.subarray(k * K, (k + 1) * K).reduce((a, v) => a + v * v, 0));
    const cos = Array.from({ length: K }, (_, i) => Array.from({ length: K }, (_, j) => (i === j ? 1 : -1 / (K - 1))));
    const geometry: RunGeometry = { counts, minority: [2, 3], weights, means, dim: K, featureMeanSquaredNorms: msq, cosClassifiers: cos, cosMeans: cos, classNames: null };
    const result = { classes: K, trainLoss: 0.05, minority: { meanCosClassifiers: -1 / 3 }, warnings: [] } as unknown as InspectResult;
    const { report } = assembleReport({ result, geometry, title: 't', source: 's' });
    const norms = report.calibrations?.find((c) => c.kind === 'norms');
    assert.ok(norms, 'a norms calibration entry');
    assert.ok(norms.ehew! > 1e11, `E_H·E_W ${norms.ehew}`);
    assert.equal(norms.lpm, null);
    assert.equal(norms.objective, null);
    assert.equal(norms.cosMinority, null);
    assert.match(norms.reason ?? '', /not resolved at E_H·E_W/);
    assert.equal(report.lpm, undefined);
    // The loss-matched entry is unaffected: its budget is where the LPM's loss is the model's 0.05.
    const loss = report.calibrations?.find((c) => c.kind === 'loss');
    assert.ok(loss?.lpm, loss?.reason ?? 'no loss-matched LPM');
    assert.ok(Math.abs(loss.objective! / 0.05 - 1) < 1e-5);
  });
});

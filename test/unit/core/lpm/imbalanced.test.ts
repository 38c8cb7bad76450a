// Imbalanced LPM in the paper's setting K=10, K_A=5, E_H=5, E_W=1 against theory.md §2.4.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { minorityCurve } from '../../../../src/core/lpm/curve';
import { twoLevelProblem } from '../../../../src/core/lpm/problem';
import { solveLpm } from '../../../../src/core/lpm/solve';
import { toLpmResult } from '../../../../src/core/lpm/summary';

const close = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, expected ${expected} ± ${tol}`);

// R, code obj, per-sample obj, cos_BB(w), cos_AA(w), ‖w_A‖², ‖w_B‖², ‖h_A‖², ‖h_B‖²  (theory.md §2.4 table)
const TABLE: number[][] = [
  [1, 5.597815, 0.559782, -0.1111, -0.1111, 1.0, 1.0, 5.0, 5.0],
  [2, 3.883496, 0.517799, -0.0673, -0.1369, 1.2352, 0.7648, 6.2345, 3.7655],
  [5, 2.260233, 0.376706, 0.0725, -0.1576, 1.5545, 0.4455, 7.9128, 2.0872],
  [10, 1.439224, 0.261677, 0.5175, -0.1675, 1.8059, 0.1941, 9.2362, 0.7638],
  [12, 1.27099, 0.234644, 0.9404, -0.1695, 1.8733, 0.1267, 9.5921, 0.4079],
  [12.5, 1.23581, 0.228854, 1.0, -0.1714, 1.8816, 0.1184, 9.6389, 0.3611],
  [20, 0.911943, 0.173703, 1.0, -0.1989, 1.9215, 0.0785, 9.8603, 0.1397],
  [100, 0.461061, 0.091299, 1.0, -0.2283, 1.9658, 0.0342, 9.9967, 0.0033],
  [1000, 0.357699, 0.071468, 1.0, -0.2298, 1.9682, 0.0318, 10.0, 0.0],
];

function check(row: number[], kernel: 'levels' | 'float64') {
  const [R, codeObj, perSample, cosBB, cosAA, wA, wB, hA, hB] = row;
  const solution = solveLpm(twoLevelProblem({ classes: 10, majority: 5, ratio: R, eh: 5, ew: 1 }), { kernel });
  assert.ok(solution.certificate.converged, `R=${R}: not certified ${JSON.stringify(solution.certificate)}`);
  const r = toLpmResult(solution);
  // Table values carry 6 decimals (objectives) and 4 (cosines, norms): half a unit of the last digit, plus
  // 1e-5 for the interior-point reference (theory.md §5.3: SDP values ±1e-6; one grid value sits on a .5).
  close(r.objective, perSample, 5e-7, `R=${R} per-sample objective`);
  // code objective = Σ_A L + Σ_B L/R = per-sample · N / n_A with N = 5R + 5.
  close((r.objective * (5 * R + 5)) / R, codeObj, 5e-6, `R=${R} code objective`);
  close(r.cosMinority as number, cosBB, 6e-5, `R=${R} cos_BB`);
  close(r.cosW?.[0][1] as number, cosAA, 6e-5, `R=${R} cos_AA`);
  close(r.normsW[0] ** 2, wA, 6e-5, `R=${R} ‖w_A‖²`);
  close(r.normsW[9] ** 2, wB, 6e-5, `R=${R} ‖w_B‖²`);
  close(r.normsH[0] ** 2, hA, 6e-5, `R=${R} ‖h_A‖²`);
  close(r.normsH[9] ** 2, hB, 6e-5, `R=${R} ‖h_B‖²`);
  return r;
}

describe('LPM curve of the paper setting K=10, K_A=5, E_H=5, E_W=1 (theory.md §2.4)', () => {
  for (const row of TABLE) it(`R = ${row[0]}: objective, cosines and norms (levels kernel)`, () => void check(row, 'levels'));
  for (const row of TABLE.filter((r) => [2, 10, 100].includes(r[0]))) {
    it(`R = ${row[0]}: the same on the full float64 kernel`, () => void check(row, 'float64'));
  }

  it('reproduces the cos_BB grid on R = 10^{0.1 i}, i = 0..40 (warm-started curve)', () => {
    const grid: [number, number][] = [
      [0, -0.1111], [1, -0.0993], [2, -0.085], [3, -0.0675], [4, -0.0455], [5, -0.0172], [6, 0.0206], [7, 0.0732], [8, 0.1511], [9, 0.2776], [10, 0.5175],
    ];
    const ratios = Array.from({ length: 41 }, (_, i) => 10 ** (0.1 * i));
    const curve = minorityCurve({ classes: 10, majority: 5, eh: 5, ew: 1, ratios });
    for (const [i, cos] of grid) close(curve[i].cosMinority as number, cos, 6e-5, `cos_BB at R = 10^${i / 10}`);
    for (let i = 11; i <= 40; i++) close(curve[i].cosMinority as number, 1, 1e-6, `cos_BB at R = 10^${i / 10} (collapsed)`);
    for (const p of curve) assert.ok(p.converged, `R=${p.ratio} not certified (gap ${p.gap})`);
  });

  it('has Σ_k w_k = 0 at the optimum, while the features are not centred (‖Σ h_k‖ = 1.36 at R = 10)', () => {
    for (const R of [2, 10, 100]) {
      const r = toLpmResult(solveLpm(twoLevelProblem({ classes: 10, majority: 5, ratio: R, eh: 5, ew: 1 })));
      assert.ok((r.sumW as number) <= 1e-5, `R=${R}: ‖Σ w_k‖ = ${r.sumW}`);
      if (R === 10) close(r.sumH as number, 1.36, 0.005, '‖Σ h_k‖ at R=10');
    }
  });

  it('depends on the budgets only through E_H·E_W: (5, 1) and (1, 5) give the same loss and cosines', () => {
    for (const R of [3, 10, 30]) {
      const a = toLpmResult(solveLpm(twoLevelProblem({ classes: 10, majority: 5, ratio: R, eh: 5, ew: 1 })));
      const b = toLpmResult(solveLpm(twoLevelProblem({ classes: 10, majority: 5, ratio: R, eh: 1, ew: 5 })));
      close(b.objective, a.objective, 1e-9, `R=${R} objective`);
      close(b.cosMinority as number, a.cosMinority as number, 1e-6, `R=${R} cos_BB`);
      // Norms scale: ‖w‖² with E_W, ‖h‖² with E_H.
      close(b.normsW[0] ** 2 / 5, a.normsW[0] ** 2, 1e-6, `R=${R} ‖w_A‖²/E_W`);
    }
  });
});

describe('arbitrary class counts', () => {
  it('the symmetry-reduced and the full float64 kernels agree on a three-level problem', () => {
    const problem = { counts: [500, 500, 120, 120, 120, 7, 7], eh: 2, ew: 1.5 };
    const levels = solveLpm(problem, { kernel: 'levels' });
    const full = solveLpm(problem, { kernel: 'float64' });
    assert.equal(levels.backend, 'float64-levels');
    assert.equal(levels.levels, 3);
    assert.ok(levels.certificate.converged && full.certificate.converged);
    close(full.objective, levels.objective, 1e-8 * levels.objective, 'objective');
    for (let i = 0; i < 49; i++) close(full.gramW[i], levels.gramW[i], 1e-4, `gramW entry ${i}`);
  });

  it('long-tailed counts (all distinct) are certified, with Σ_k w_k = 0', () => {
    const counts = Array.from({ length: 12 }, (_, k) => Math.round(1000 * 0.6 ** k));
    const solution = solveLpm({ counts, eh: 1, ew: 1 });
    assert.equal(solution.backend.split('+')[0], 'float64');
    assert.ok(solution.certificate.converged);
    const r = toLpmResult(solution);
    assert.ok((r.sumW as number) < 1e-4, `‖Σ w‖ = ${r.sumW}`);
    assert.equal(r.certificate.budgetUse?.w.toFixed(6), '1.000000');
  });
});

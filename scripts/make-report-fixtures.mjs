// Writes the panel's two report fixtures from closed forms (no engine run), so every number in them has a
// derivation a reader can check:
//   node scripts/make-report-fixtures.mjs   → test/fixtures/reports/{collapsed,minority-collapsed}.json
//
// collapsed.json — a balanced, fully collapsed last layer (K = 10, 18 samples per class):
//   class means μ_k = r·m_k and classifiers w_k = c·m_k with m_k unit simplex-ETF vectors (theory.md §0),
//   every sample μ_k ± σ·e_j for an orthonormal basis e_1..e_{K−1} of the ETF's span (so n_k = 2(K−1)).
//   Then Σ_B = r²/(K−1)·P_span and Σ_W = σ²/(K−1)·P_span, hence (theory.md §1.2)
//     NC1 = Tr(Σ_W Σ_B⁺)/K = σ²(K−1)/(K r²),   Tr Σ_W / Tr Σ_B = σ²/r²,   CDNV = σ²(K−1)/(2K r²);
//   every NC2/NC3 quantity is 0 (exact ETF, W ∝ M), and NC4 = 0: with equal-norm w_k ∝ μ_k and no bias,
//   argmax_k ⟨w_k, h⟩ = argmin_k ‖h − μ_k‖ for every h. σ is chosen so NC1 = 0.02.
//   The LPM for balanced counts is the ETF with the closed-form loss of theory.md §2.3. Trajectory: the
//   same construction with σ_t² = σ²·T/t (within-class spread shrinking like 1/epoch), NC1(t) = 0.02·T/t.
//
// minority-collapsed.json — the Layer-Peeled Model's own optimum in the paper's setting (theory.md §2.4:
//   K = 10, K_A = 5 majority classes, E_H = 5, E_W = 1) at R = 20, taken as the "model" (n_A = 100, n_B = 5):
//   classifier Gram from the §2.4 table row R = 20 (‖w_A‖² = 1.9215, ‖w_B‖² = 0.0785, cos_BB = 1) plus
//   two facts stated there: Σ_k w_k = 0 at the optimum (§2.2) and symmetry within each group. Those give
//   ⟨w_a, w_B⟩ = −‖w_B‖² and ⟨w_a, w_a'⟩ = (5‖w_B‖² − ‖w_A‖²)/4, i.e. cos_AA = −0.19893 (table: −0.1989,
//   checked below). Class means: h_k parallel to w_k with the table's ‖h_A‖² = 9.8603, ‖h_B‖² = 0.1397
//   (§2.2: the LPM's h_k and w_k are parallel to within cos 0.994–1.000; here exactly), features collapsed
//   onto their means (the LPM's features are class means, §2.2), so NC1 = 0. The metrics are then computed
//   from these explicit vectors with the definitions of theory.md §1 (conventions: μ_G^u, ddof 0).
//   LPM curve: the cos_BB grid of §2.4 (R = 10^{0.1 i}), R* = 12.19; SELI: the step closed form of §3.1.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LPM_TABLE_THRESHOLD, gramFromRow, lpmCurve, tableRow } from './lpm-table.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'test/fixtures/reports');

// ------------------------------------------------------------------------------------- small helpers
const range = (n) => Array.from({ length: n }, (_, i) => i);
const dot = (a, b) => a.reduce((s, v, i) => s + v * b[i], 0);
const norm = (a) => Math.sqrt(dot(a, a));
const frob = (m) => Math.sqrt(m.flat().reduce((s, v) => s + v * v, 0));
const gram = (rows) => rows.map((a) => rows.map((b) => dot(a, b)));
const centring = (k) => range(k).map((i) => range(k).map((j) => (i === j ? 1 : 0) - 1 / k));
const cosFromGram = (g) => g.map((row, i) => row.map((v, j) => (i === j ? 1 : v / Math.sqrt(g[i][i] * g[j][j]))));
const round = (x, digits = 12) => (x === null ? null : Number(x.toFixed(digits)) + 0);
const roundMatrix = (m) => m.map((row) => row.map((v) => round(v)));
const mean = (xs) => xs.reduce((s, v) => s + v, 0) / xs.length;
const std0 = (xs) => Math.sqrt(mean(xs.map((v) => (v - mean(xs)) ** 2)));
const cv = (xs) => std0(xs) / mean(xs);
const offDiagonal = (m) => m.flatMap((row, i) => row.filter((_, j) => j !== i));
function distance(a, b) {
  const fa = frob(a);
  const fb = frob(b);
  return Math.sqrt(a.flat().reduce((s, v, i) => s + (v / fa - b.flat()[i] / fb) ** 2, 0));
}
function distances(matrices) {
  const ids = Object.keys(matrices).filter((id) => matrices[id]);
  const pairs = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) pairs.push({ a: ids[i], b: ids[j], value: round(distance(matrices[ids[i]], matrices[ids[j]])) });
  }
  return { basis: 'cosine', pairs };
}
function check(condition, message) {
  if (!condition) throw new Error(`make-report-fixtures: ${message}`);
}
/** SELI classifier Gram for a step imbalance (theory.md §3.1 closed form). */
function seliStepGramW(k, kA, nA, nB) {
  const kB = k - kA;
  const a = Math.sqrt(nA);
  const b = Math.sqrt(nB);
  const s = Math.sqrt((kB * nA + kA * nB) / k);
  return range(k).map((i) =>
    range(k).map((j) => {
      const iA = i < kA;
      const jA = j < kA;
      if (iA && jA) return i === j ? a * (1 - 1 / kA) + (s * kB) / (k * kA) : -a / kA + (s * kB) / (k * kA);
      if (!iA && !jA) return i === j ? b * (1 - 1 / kB) + (s * kA) / (k * kB) : -b / kB + (s * kA) / (k * kB);
      return -s / k;
    }),
  );
}

const createdAt = '2025-01-01T00:00:00.000Z';
const K = 10;
const P = centring(K);
const etfGram = P.map((row) => row.map((v) => (K / (K - 1)) * v));
const etfCos = etfGram;

// ------------------------------------------------------------------------------------- collapsed
function collapsed() {
  const n = 2 * (K - 1);
  const r = 4;
  const c = 0.8;
  const targetNc1 = 0.02;
  const sigma2 = (targetNc1 * K * r * r) / (K - 1);
  const nc1 = (sigma2 * (K - 1)) / (K * r * r);
  check(Math.abs(nc1 - targetNc1) < 1e-15, 'NC1 closed form');
  const ew = c * c;
  const eh = r * r + sigma2; // μ_G = 0: every ‖h‖² = r² + σ²
  const lStar = Math.log(1 + (K - 1) * Math.exp((-K * Math.sqrt(eh * ew)) / (K - 1))); // theory.md §2.3
  const epochs = [1, 2, 5, 10, 20, 50, 100, 200, 350];
  const T = epochs.at(-1);
  const zero = 0;
  const inspect = {
    classes: K,
    samples: K * n,
    dim: 64,
    counts: range(K).map(() => n),
    conventions: { globalMean: 'unweighted', ddof: 0 },
    nc1: round(nc1),
    nc1Quotient: round(sigma2 / (r * r)),
    cdnv: round((sigma2 * (K - 1)) / (2 * K * r * r)),
    equinormMeans: zero,
    equinormClassifiers: zero,
    equiangularMeans: zero,
    equiangularClassifiers: zero,
    maxAngleMeans: zero,
    maxAngleClassifiers: zero,
    etfDistanceMeans: zero,
    etfDistanceClassifiers: zero,
    selfDuality: zero,
    selfDualityZhu: zero,
    nccMismatch: zero,
    nccMismatchNoBias: zero,
    biasRelation: zero,
    minority: null,
    cosMeans: roundMatrix(etfCos),
    cosClassifiers: roundMatrix(etfCos),
    normsMeans: range(K).map(() => r),
    normsClassifiers: range(K).map(() => c),
    model: { format: 'features', featureLayer: null, classifierLayer: null, dim: 64, classes: K, predictMaxAbsDiff: null },
    backend: { name: 'none', reason: 'closed-form fixture (scripts/make-report-fixtures.mjs): no tfjs run' },
    trajectory: epochs.map((epoch) => ({
      checkpoint: `epoch-${String(epoch).padStart(3, '0')}`,
      epoch,
      nc1: round((targetNc1 * T) / epoch),
      equinormClassifiers: zero,
      equiangularClassifiers: zero,
      maxAngleClassifiers: zero,
      selfDuality: zero,
      nccMismatch: zero,
      minorityCos: null,
    })),
  };
  return {
    format: 'collapse-lens-report',
    version: 1,
    meta: {
      title: 'Perfect simplex ETF, K = 10 (balanced)',
      createdAt,
      source: 'closed form: μ_k = 4·m_k, w_k = 0.8·m_k (unit simplex ETF m_k), samples μ_k ± σ e_j with NC1 = 0.02; scripts/make-report-fixtures.mjs',
    },
    inspect,
    lpm: {
      budgets: { eh: round(eh), ew: round(ew), centring: 'none (raw features; μ_G = 0 in this construction)' },
      result: {
        objective: round(lStar),
        cosMinority: null,
        minorityDistance: null,
        normsW: range(K).map(() => round(Math.sqrt(ew))),
        normsH: range(K).map(() => round(Math.sqrt(eh))),
        gramW: roundMatrix(etfGram.map((row) => row.map((v) => ew * v))),
        iterations: 0,
        certificate: { converged: true, measure: 'closed form (theory.md §2.3)', value: 0, tolerance: 0 },
        backend: 'closed-form',
        counts: inspect.counts,
        budgets: { eh: round(eh), ew: round(ew) },
      },
      curve: [],
      threshold: null,
      modelRatio: null,
      // (P_K · nI · P_K)^{1/2} = √n · P_K (theory.md §3.1: D = nI gives the ETF).
      seliGramW: roundMatrix(P.map((row) => row.map((v) => Math.sqrt(n) * v))),
      etfGram: roundMatrix(etfGram),
      distances: distances({ classifiers: etfCos, means: etfCos, lpm: etfCos, etf: etfCos, seli: etfCos }),
    },
  };
}

// ------------------------------------------------------------------------------------- minority-collapsed
function minorityCollapsed() {
  const kA = 5;
  const kB = K - kA;
  const nA = 100;
  const nB = 5;
  const R = nA / nB;
  const row = tableRow(R); // theory.md §2.4
  const eh = 5;
  const ew = 1;
  // Explicit vectors in R^5: w_B = √b·e_0 for every minority class; w_a = −w_B + v_a with v_a a scaled
  // 5-simplex ETF in span(e_1..e_4) (zero-sum, ⟂ e_0), ‖v_a‖² = ‖w_A‖² − ‖w_B‖². Then Σ_k w_k = 0.
  // A unit-free 5-simplex: the centred standard basis of R^5 in an orthonormal basis of the zero-sum plane.
  const basis = gramSchmidt([
    [1, -1, 0, 0, 0],
    [1, 1, -2, 0, 0],
    [1, 1, 1, -3, 0],
    [1, 1, 1, 1, -4],
  ]);
  const etf5 = range(kA).map((a) => basis.map((e) => e[a] - mean(e))); // coordinates of e_a − 1/5 in that basis
  const etf5Norm = norm(etf5[0]);
  const vScale = Math.sqrt(row.wA2 - row.wB2) / etf5Norm;
  const wB = [Math.sqrt(row.wB2), 0, 0, 0, 0];
  const W = range(K).map((k) => (k < kA ? [-wB[0], ...etf5[k].map((v) => v * vScale)] : [...wB]));
  const Gw = gram(W);
  check(Math.abs(Gw[0][0] - row.wA2) < 1e-12 && Math.abs(Gw[K - 1][K - 1] - row.wB2) < 1e-12, 'classifier norms');
  check(Math.abs(Gw[0][1] / Gw[0][0] - row.cosAA) < 1e-3, `derived cos_AA ${Gw[0][1] / Gw[0][0]} vs table ${row.cosAA}`);
  check(range(5).every((d) => Math.abs(W.reduce((s, w) => s + w[d], 0)) < 1e-12), 'Σ_k w_k = 0');
  const fromTable = gramFromRow(row);
  check(Gw.every((r, i) => r.every((v, j) => Math.abs(v - fromTable[i][j]) < 1e-3)), 'explicit vectors reproduce the Gram derived from the table row');
  const alpha = Math.sqrt(row.hA2 / row.wA2);
  const beta = Math.sqrt(row.hB2 / row.wB2);
  const M = W.map((w, k) => w.map((v) => v * (k < kA ? alpha : beta)));
  const counts = range(K).map((k) => (k < kA ? nA : nB));
  const N = counts.reduce((s, v) => s + v, 0);
  // Budgets as the LPM defines them (theory.md §2.1/§4): they reproduce E_H = 5, E_W = 1.
  check(Math.abs(mean(W.map((w) => dot(w, w))) - ew) < 1e-12, 'E_W');
  check(Math.abs(mean(M.map((m) => dot(m, m))) - eh) < 1e-12, 'E_H');

  // Metrics (theory.md §1, conventions μ_G^u and ddof 0).
  const muU = range(5).map((d) => mean(M.map((m) => m[d])));
  const muW = range(5).map((d) => M.reduce((s, m, k) => s + counts[k] * m[d], 0) / N);
  const Mc = M.map((m) => m.map((v, d) => v - muU[d]));
  const cosW = cosFromGram(Gw);
  const cosM = cosFromGram(gram(Mc));
  const normsW = W.map(norm);
  const normsM = Mc.map(norm);
  const etfValue = -1 / (K - 1);
  const maxAngle = (c) => mean(offDiagonal(c).map((v) => Math.abs(v - etfValue)));
  const etfTarget = P.map((r) => r.map((v) => v / Math.sqrt(K - 1)));
  const etfDistance = (G) => distance(G, etfTarget); // ‖G/‖G‖_F − P/√(K−1)‖_F (theory.md §1.3, Zhu21)
  const fW = frob(W);
  const fM = frob(Mc);
  const selfDuality = W.reduce((s, w, k) => s + w.reduce((t, v, d) => t + (v / fW - Mc[k][d] / fM) ** 2, 0), 0);
  const WMc = W.map((w) => Mc.map((m) => dot(w, m)));
  // NC4: every sample equals its class mean; ties go to the lowest label (theory.md §1.5).
  const argBest = (scores, better) => scores.reduce((best, v, j) => (better(v, scores[best]) ? j : best), 0);
  let mismatched = 0;
  let correct = 0;
  M.forEach((h, k) => {
    const linear = argBest(W.map((w) => dot(w, h)), (a, b) => a > b + 1e-12);
    const ncc = argBest(M.map((m) => norm(m.map((v, d) => v - h[d]))), (a, b) => a < b - 1e-12);
    if (linear !== ncc) mismatched += counts[k];
    if (linear === k) correct += counts[k];
  });
  const Wmu = W.map((w) => dot(w, muW));
  const minority = range(kB).map((i) => kA + i);
  const pairs = (idx) => idx.flatMap((i) => idx.filter((j) => j !== i).map((j) => [i, j]));
  const minorityPairs = pairs(minority);
  const majority = range(kA);
  const crossPairs = majority.flatMap((i) => minority.map((j) => [i, j]));
  const block = (ps, diagIdx) => ({
    meanCosClassifiers: round(mean(ps.map(([i, j]) => cosW[i][j]))),
    meanCosMeans: round(mean(ps.map(([i, j]) => cosM[i][j]))),
    meanNormClassifiers: round(mean(diagIdx.map((i) => Gw[i][i]))),
    meanNormMeans: round(mean(diagIdx.map((i) => dot(Mc[i], Mc[i])))),
  });
  const inspect = {
    classes: K,
    samples: N,
    dim: 5,
    counts,
    conventions: { globalMean: 'unweighted', ddof: 0 },
    nc1: 0,
    nc1Quotient: 0,
    cdnv: null,
    equinormMeans: round(cv(normsM)),
    equinormClassifiers: round(cv(normsW)),
    equiangularMeans: round(std0(offDiagonal(cosM))),
    equiangularClassifiers: round(std0(offDiagonal(cosW))),
    maxAngleMeans: round(maxAngle(cosM)),
    maxAngleClassifiers: round(maxAngle(cosW)),
    etfDistanceMeans: round(etfDistance(gram(Mc))),
    etfDistanceClassifiers: round(etfDistance(Gw)),
    selfDuality: round(selfDuality),
    selfDualityZhu: round(distance(WMc, etfTarget)),
    nccMismatch: mismatched / N,
    nccMismatchNoBias: mismatched / N,
    biasRelation: round(norm(Wmu)),
    minority: {
      classes: minority,
      meanCosClassifiers: round(mean(minorityPairs.map(([i, j]) => cosW[i][j]))),
      stdCosClassifiers: round(std0(minorityPairs.map(([i, j]) => cosW[i][j]))),
      meanCosMeans: round(mean(minorityPairs.map(([i, j]) => cosM[i][j]))),
      meanDistanceClassifiers: round(mean(minorityPairs.map(([i, j]) => norm(W[i].map((v, d) => v - W[j][d])) ** 2))),
      meanNormClassifiers: round(mean(minority.map((i) => Gw[i][i]))),
      blocks: { AA: block(pairs(majority), majority), BB: block(minorityPairs, minority), AB: block(crossPairs, [...majority, ...minority]) },
    },
    cosMeans: roundMatrix(cosM),
    cosClassifiers: roundMatrix(cosW),
    normsMeans: normsM.map((v) => round(v)),
    normsClassifiers: normsW.map((v) => round(v)),
    model: { format: 'features', featureLayer: null, classifierLayer: null, dim: 5, classes: K, predictMaxAbsDiff: null },
    backend: { name: 'none', reason: 'closed-form fixture (scripts/make-report-fixtures.mjs): no tfjs run' },
    warnings: [
      'CDNV is undefined: the minority class means coincide (‖μ_c − μ_c′‖ = 0).',
      `Train accuracy ${(correct / N).toFixed(4)}: identical minority classifiers tie, and ties go to the lowest label.`,
    ],
  };
  const seliGramW = seliStepGramW(K, kA, nA, nB);
  const cosLpm = cosW; // the model IS the LPM optimum here
  const threshold = LPM_TABLE_THRESHOLD;
  const curve = lpmCurve();
  return {
    format: 'collapse-lens-report',
    version: 1,
    meta: {
      title: 'LPM optimum at R = 20 (K = 10, K_A = 5, E_H·E_W = 5)',
      createdAt,
      source: 'closed form: the Layer-Peeled Model optimum of theory.md §2.4 (table row R = 20) taken as the model; scripts/make-report-fixtures.mjs',
    },
    inspect,
    lpm: {
      budgets: { eh, ew, centring: 'none (raw features)' },
      result: {
        objective: row.objective,
        cosMinority: row.cosBB,
        minorityDistance: 0,
        normsW: normsW.map((v) => round(v)),
        normsH: counts.map((_, k) => round(Math.sqrt(k < kA ? row.hA2 : row.hB2))),
        gramW: roundMatrix(Gw),
        iterations: 0,
        certificate: { converged: true, measure: 'reference table (theory.md §2.4, SDP-checked)', value: 0, tolerance: 1e-6 },
        backend: 'reference-table',
        counts,
        budgets: { eh, ew },
      },
      curve,
      threshold,
      modelRatio: R,
      seliGramW: roundMatrix(seliGramW),
      etfGram: roundMatrix(etfGram),
      distances: distances({ classifiers: cosW, means: cosM, lpm: cosLpm, etf: etfCos, seli: cosFromGram(seliGramW) }),
    },
  };
}

function gramSchmidt(vectors) {
  const out = [];
  for (const v of vectors) {
    let u = [...v];
    for (const e of out) {
      const p = dot(u, e);
      u = u.map((x, i) => x - p * e[i]);
    }
    const n = norm(u);
    out.push(u.map((x) => x / n));
  }
  return out;
}

mkdirSync(outDir, { recursive: true });
for (const [name, report] of [
  ['collapsed', collapsed()],
  ['minority-collapsed', minorityCollapsed()],
]) {
  const file = join(outDir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 1)}\n`);
  console.log(`wrote ${file}`);
}

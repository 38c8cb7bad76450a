// The LPM reference table of theory.md §2.4 (K = 10, K_A = 5, E_H = 5, E_W = 1), and the classifier Gram
// matrix each row implies. Used by the report fixtures and by the panel's UI test (its stand-in host
// answers what-ifs at table ratios), so both use the same derivation.
//
// Gram from a row: symmetry within each group (majority A, minority B) plus Σ_k w_k = 0 at the optimum
// (theory.md §2.2, checked for all R) fix every entry: diag ‖w_A‖², ‖w_B‖²; within-group off-diagonals
// cos_AA‖w_A‖², cos_BB‖w_B‖²; the cross entry x from a zero row sum, ‖w_A‖² + (K_A−1)cos_AA‖w_A‖² + K_B x = 0.
// The minority rows must then sum to zero too; the table's 4-digit rounding leaves < 2e-3.
export const LPM_TABLE_SETTING = { k: 10, kA: 5, eh: 5, ew: 1 };

export const LPM_TABLE = [
  { R: 1, codeObjective: 5.597815, objective: 0.559782, cosBB: -0.1111, cosAA: -0.1111, wA2: 1.0, wB2: 1.0, hA2: 5.0, hB2: 5.0 },
  { R: 2, codeObjective: 3.883496, objective: 0.517799, cosBB: -0.0673, cosAA: -0.1369, wA2: 1.2352, wB2: 0.7648, hA2: 6.2345, hB2: 3.7655 },
  { R: 5, codeObjective: 2.260233, objective: 0.376706, cosBB: 0.0725, cosAA: -0.1576, wA2: 1.5545, wB2: 0.4455, hA2: 7.9128, hB2: 2.0872 },
  { R: 10, codeObjective: 1.439224, objective: 0.261677, cosBB: 0.5175, cosAA: -0.1675, wA2: 1.8059, wB2: 0.1941, hA2: 9.2362, hB2: 0.7638 },
  { R: 12, codeObjective: 1.27099, objective: 0.234644, cosBB: 0.9404, cosAA: -0.1695, wA2: 1.8733, wB2: 0.1267, hA2: 9.5921, hB2: 0.4079 },
  { R: 12.5, codeObjective: 1.23581, objective: 0.228854, cosBB: 1.0, cosAA: -0.1714, wA2: 1.8816, wB2: 0.1184, hA2: 9.6389, hB2: 0.3611 },
  { R: 20, codeObjective: 0.911943, objective: 0.173703, cosBB: 1.0, cosAA: -0.1989, wA2: 1.9215, wB2: 0.0785, hA2: 9.8603, hB2: 0.1397 },
  { R: 100, codeObjective: 0.461061, objective: 0.091299, cosBB: 1.0, cosAA: -0.2283, wA2: 1.9658, wB2: 0.0342, hA2: 9.9967, hB2: 0.0033 },
  { R: 1000, codeObjective: 0.357699, objective: 0.071468, cosBB: 1.0, cosAA: -0.2298, wA2: 1.9682, wB2: 0.0318, hA2: 10.0, hB2: 0.0 },
];

/** R* for this setting (theory.md §2.4). */
export const LPM_TABLE_THRESHOLD = 12.19;

/** cos_BB on R = 10^{0.1 i}, i = 0..10 (theory.md §2.4); 1.0000 from 12.59 on. */
export const LPM_COS_GRID = [-0.1111, -0.0993, -0.085, -0.0675, -0.0455, -0.0172, 0.0206, 0.0732, 0.1511, 0.2776, 0.5175];

export function lpmCurve() {
  return Array.from({ length: 41 }, (_, i) => ({ ratio: Number((10 ** (0.1 * i)).toFixed(6)), cosMinority: i < LPM_COS_GRID.length ? LPM_COS_GRID[i] : 1.0 }));
}

export function tableRow(R) {
  const row = LPM_TABLE.find((r) => r.R === R);
  if (!row) throw new Error(`lpm-table: no row for R = ${R} (rows: ${LPM_TABLE.map((r) => r.R).join(', ')})`);
  return row;
}

export function gramFromRow(row, { k, kA } = LPM_TABLE_SETTING) {
  const kB = k - kA;
  const aOff = row.cosAA * row.wA2;
  const bOff = row.cosBB * row.wB2;
  const x = -(row.wA2 + (kA - 1) * aOff) / kB;
  const minorityRowSum = row.wB2 + (kB - 1) * bOff + kA * x;
  if (Math.abs(minorityRowSum) > 2e-3) throw new Error(`lpm-table: row R = ${row.R} is not consistent with Σ w = 0 (${minorityRowSum})`);
  return Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => {
      const iA = i < kA;
      const jA = j < kA;
      if (iA !== jA) return x;
      if (i === j) return iA ? row.wA2 : row.wB2;
      return iA ? aOff : bOff;
    }),
  );
}

export function cosFromGram(g) {
  return g.map((row, i) => row.map((v, j) => (i === j ? 1 : v / Math.sqrt(g[i][i] * g[j][j]))));
}

/** ‖A/‖A‖_F − B/‖B‖_F‖_F (theory.md §3.1). */
export function normalisedDistance(a, b) {
  const fa = Math.sqrt(a.flat().reduce((s, v) => s + v * v, 0));
  const fb = Math.sqrt(b.flat().reduce((s, v) => s + v * v, 0));
  const bf = b.flat();
  return Math.sqrt(a.flat().reduce((s, v, i) => s + (v / fa - bf[i] / fb) ** 2, 0));
}

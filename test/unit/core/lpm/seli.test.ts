// SELI closed form (theory.md §3.1): identities and the step-imbalance formulas.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { seliGeometry, seliStep } from '../../../../src/core/lpm/seli';

function pdp(counts: number[]): Float64Array {
  const K = counts.length;
  const out = new Float64Array(K * K);
  const P = (i: number, j: number) => (i === j ? 1 : 0) - 1 / K;
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) for (let t = 0; t < K; t++) out[i * K + j] += P(i, t) * counts[t] * P(t, j);
  return out;
}

function mul(a: Float64Array, b: Float64Array, K: number): Float64Array {
  const out = new Float64Array(K * K);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) for (let t = 0; t < K; t++) out[i * K + j] += a[i * K + t] * b[t * K + j];
  return out;
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

const COUNTS = [
  [5, 5, 5, 5],
  [100, 100, 10, 10],
  [1000, 1000, 1000, 1, 1],
  [50, 20, 10, 5, 1],
  [1000, 1000, 1000, 1000, 1000, 10, 10, 10, 10, 10],
];

describe('SELI geometry from class counts', () => {
  for (const counts of COUNTS) {
    it(`counts ${counts.join(',')}: W H̄ = P_K, (W Wᵀ)² = P D P, G_W·G_H = P_K, G_W 1 = 0`, () => {
      const K = counts.length;
      const g = seliGeometry(counts);
      const P = new Float64Array(K * K).map((_, i) => (Math.floor(i / K) === i % K ? 1 : 0) - 1 / K);
      const scale = Math.max(...counts);
      assert.ok(maxDiff(g.logits, P) < 1e-9, `W H̄ − P: ${maxDiff(g.logits, P)}`);
      assert.ok(maxDiff(mul(g.gramW, g.gramW, K), pdp(counts)) < 1e-9 * scale, 'G_W² = P D P');
      assert.ok(maxDiff(mul(g.gramW, g.gramH, K), P) < 1e-9, 'G_W G_H = P (pseudo-inverse on 1^⊥)');
      for (let i = 0; i < K; i++) {
        let rowW = 0;
        let rowH = 0;
        for (let j = 0; j < K; j++) {
          rowW += g.gramW[i * K + j];
          rowH += g.gramH[i * K + j];
        }
        assert.ok(Math.abs(rowW) < 1e-9 * Math.sqrt(scale) && Math.abs(rowH) < 1e-9, `row ${i} sums ${rowW}, ${rowH}`);
      }
    });
  }

  it('G_W and G_H are exactly symmetric at K = 300 (a report stores one triangle)', () => {
    const K = 300;
    const counts = Array.from({ length: K }, (_, k) => Math.round(500 * Math.pow(0.01, k / (K - 1))));
    const g = seliGeometry(counts);
    for (const [name, m] of [['G_W', g.gramW], ['G_H', g.gramH]] as const) {
      let asymmetric = 0;
      for (let i = 0; i < K; i++) for (let j = 0; j < i; j++) if (m[i * K + j] !== m[j * K + i]) asymmetric++;
      assert.equal(asymmetric, 0, `${name}: ${asymmetric} pairs differ`);
    }
  });

  it('balanced counts give the simplex ETF (cos = −1/(K−1))', () => {
    const K = 6;
    const g = seliGeometry(new Array<number>(K).fill(30));
    for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) if (i !== j) assert.ok(Math.abs(g.gramW[i * K + j] / g.gramW[0] + 1 / (K - 1)) < 1e-12);
  });

  it('the step-imbalance closed form equals the eigen route (theory: 6e-14)', () => {
    for (const [KA, KB, nA, nB] of [[5, 5, 1000, 10], [3, 7, 50, 1], [2, 2, 10, 3], [8, 2, 5000, 5]]) {
      const counts = [...new Array<number>(KA).fill(nA), ...new Array<number>(KB).fill(nB)];
      const K = KA + KB;
      const g = seliGeometry(counts);
      const s = seliStep(KA, KB, nA, nB);
      const last = K - 1;
      const pairs: [string, number, number][] = [
        ['W diag A', s.w.diagA, g.gramW[0]],
        ['W off A', s.w.offA, g.gramW[1]],
        ['W diag B', s.w.diagB, g.gramW[last * K + last]],
        ['W off B', s.w.offB, g.gramW[last * K + last - 1]],
        ['W cross', s.w.cross, g.gramW[last]],
        ['H diag A', s.h.diagA, g.gramH[0]],
        ['H off A', s.h.offA, g.gramH[1]],
        ['H diag B', s.h.diagB, g.gramH[last * K + last]],
        ['H off B', s.h.offB, g.gramH[last * K + last - 1]],
        ['H cross', s.h.cross, g.gramH[last]],
      ];
      for (const [what, closed, eigen] of pairs) assert.ok(Math.abs(closed - eigen) <= 1e-10 * Math.max(1, Math.abs(eigen)), `${KA},${KB},${nA},${nB} ${what}: ${closed} vs ${eigen}`);
      const cosBB = g.gramW[last * K + last - 1] / g.gramW[last * K + last];
      assert.ok(Math.abs(s.cosMinority - cosBB) < 1e-10, `cos_BB ${s.cosMinority} vs ${cosBB}`);
    }
  });

  it('has no finite-R collapse: cos_BB(W) < 1 and increasing in R (theory.md §3.1)', () => {
    let previous = -Infinity;
    for (const R of [1, 2, 10, 100, 1e4, 1e6]) {
      const c = seliStep(5, 5, R, 1).cosMinority;
      assert.ok(c < 1 && c > previous, `R=${R}: ${c}`);
      previous = c;
    }
  });
});

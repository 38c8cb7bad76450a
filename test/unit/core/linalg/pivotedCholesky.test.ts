// Pivoted Cholesky of PSD matrices: L Lᵀ reproduces A, the rank is the number of independent rows.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { pivotedCholesky } from '../../../../src/core/linalg';
import { normal, seeded } from '../metrics/helpers';

/** G = X Xᵀ for X n×r with normal entries (rank r, almost surely). */
function gramOfRandom(n: number, r: number, seed: number): Float64Array {
  const rand = seeded(seed);
  const x = Float64Array.from({ length: n * r }, () => normal(rand));
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let c = 0; c < r; c++) s += x[i * r + c] * x[j * r + c];
    g[i * n + j] = s;
  }
  return g;
}

function maxError(a: Float64Array, l: Float64Array, n: number, rank: number): number {
  let err = 0;
  let top = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let c = 0; c < rank; c++) s += l[i * rank + c] * l[j * rank + c];
    err = Math.max(err, Math.abs(s - a[i * n + j]));
    top = Math.max(top, Math.abs(a[i * n + j]));
  }
  return err / top;
}

describe('pivotedCholesky', () => {
  for (const [n, r] of [[40, 7], [120, 60], [30, 30], [5, 1]]) {
    it(`a ${n}×${n} Gram of rank ${r}: rank ${r}, L Lᵀ = A to 1e-12`, () => {
      const a = gramOfRandom(n, r, n + r);
      const { l, rank } = pivotedCholesky(a, n, 1e-10);
      assert.equal(rank, r);
      assert.ok(maxError(a, l, n, rank) < 1e-12, `error ${maxError(a, l, n, rank)}`);
    });
  }

  it('the zero matrix has rank 0; a diagonal one is its square root, largest pivot first', () => {
    assert.equal(pivotedCholesky(new Float64Array(9), 3, 1e-10).rank, 0);
    const d = Float64Array.from([4, 0, 0, 0, 9, 0, 0, 0, 1]);
    const { l, rank } = pivotedCholesky(d, 3, 1e-10);
    assert.equal(rank, 3);
    assert.deepEqual(Array.from(l), [0, 2, 0, 3, 0, 0, 0, 0, 1]);
  });
});

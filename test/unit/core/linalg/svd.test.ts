// The float64 SVD (one-sided Jacobi) and pseudo-inverse used for the K×d and K×K problems.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Matrix, pseudoInverse as mlPseudoInverse } from 'ml-matrix';
import { numericalRank, pseudoInverse, thinSvd } from '../../../../src/core/linalg';
import { normal, seeded } from '../metrics/helpers';

function random(rows: number, cols: number, seed: number): Float64Array {
  const rand = seeded(seed);
  return Float64Array.from({ length: rows * cols }, () => normal(rand));
}

describe('thinSvd', () => {
  for (const [rows, cols] of [
    [12, 5],
    [5, 12],
    [300, 10],
    [7, 7],
    [1, 4],
  ]) {
    it(`${rows}×${cols}: U diag(s) Vᵀ reproduces A, U and V are orthonormal, s is sorted`, () => {
      const a = random(rows, cols, rows * 100 + cols);
      const { u, s, v } = thinSvd(a, rows, cols);
      const r = Math.min(rows, cols);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          let x = 0;
          for (let k = 0; k < r; k++) x += u[i * r + k] * s[k] * v[j * r + k];
          assert.ok(Math.abs(x - a[i * cols + j]) < 1e-13, `A[${i}][${j}]`);
        }
      }
      for (const [q, n] of [
        [u, rows],
        [v, cols],
      ] as const) {
        for (let a1 = 0; a1 < r; a1++) {
          for (let b1 = 0; b1 < r; b1++) {
            let dot = 0;
            for (let i = 0; i < n; i++) dot += q[i * r + a1] * q[i * r + b1];
            assert.ok(Math.abs(dot - (a1 === b1 ? 1 : 0)) < 1e-13, `orthonormality ${a1},${b1}`);
          }
        }
      }
      for (let k = 1; k < r; k++) assert.ok(s[k] <= s[k - 1]);
    });
  }

  it('finds the exact singular values of a scaled permutation and the rank of centred vectors', () => {
    // rows of diag(3, 1, 2) permuted: singular values 3, 2, 1
    const { s } = thinSvd(Float64Array.from([0, 1, 0, 0, 0, 2, 3, 0, 0]), 3, 3);
    assert.deepEqual(s, [3, 2, 1]);
    // Four vectors centred by their mean span 3 dimensions: one singular value is ~0.
    const x = random(4, 6, 9);
    for (let j = 0; j < 6; j++) {
      const m = (x[j] + x[6 + j] + x[12 + j] + x[18 + j]) / 4;
      for (let i = 0; i < 4; i++) x[i * 6 + j] -= m;
    }
    const centred = thinSvd(x, 4, 6);
    assert.equal(numericalRank(centred.s, 1e-10), 3);
    assert.ok(centred.s[3] < 1e-15 * centred.s[0]);
  });
});

describe('pseudoInverse', () => {
  it('matches ml-matrix on full-rank and rank-deficient matrices', () => {
    const cases: Array<[Float64Array, number, number]> = [
      [random(6, 4, 1), 6, 4],
      [random(3, 8, 2), 3, 8],
    ];
    // rank 2 in a 5×5: product of 5×2 and 2×5
    const l = random(5, 2, 3);
    const rr = random(2, 5, 4);
    const lowRank = new Float64Array(25);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) lowRank[i * 5 + j] = l[i * 2] * rr[j] + l[i * 2 + 1] * rr[5 + j];
    cases.push([lowRank, 5, 5]);
    for (const [a, rows, cols] of cases) {
      const { pinv, rank } = pseudoInverse(a, rows, cols, 1e-10);
      const expected = mlPseudoInverse(Matrix.from1DArray(rows, cols, a), 1e-10);
      assert.equal(rank, a === lowRank ? 2 : Math.min(rows, cols));
      for (let i = 0; i < cols; i++) for (let j = 0; j < rows; j++) assert.ok(Math.abs(pinv[i * rows + j] - expected.get(i, j)) < 1e-11, `pinv[${i}][${j}]`);
    }
  });
});

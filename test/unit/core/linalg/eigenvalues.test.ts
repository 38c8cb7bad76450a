// Eigenvalues without vectors (Householder tridiagonalisation + implicit QL) against closed forms and
// against ml-matrix's full decomposition (an independent implementation of the same problem).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { symmetricEigenvalues } from '../../../../src/core/linalg';
import { normal, seeded } from '../metrics/helpers';
import { mlMatrixEigen, reflectedDiagonal } from './matrices';

function assertSpectrum(actual: Float64Array, expected: number[], tol: number, what: string): void {
  const sorted = [...expected].sort((a, b) => a - b);
  assert.equal(actual.length, sorted.length, `${what}: count`);
  sorted.forEach((x, i) => assert.ok(Math.abs(actual[i] - x) <= tol, `${what}: λ_${i} = ${actual[i]}, expected ${x}`));
}

describe('symmetricEigenvalues', () => {
  for (const n of [1, 2, 3, 10, 64, 200]) {
    it(`tridiagonal Toeplitz (2, −1), n = ${n}: λ_k = 2 − 2cos(kπ/(n+1))`, () => {
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        a[i * n + i] = 2;
        if (i > 0) a[i * n + i - 1] = a[(i - 1) * n + i] = -1;
      }
      const expected = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)));
      assertSpectrum(symmetricEigenvalues(a, n), expected, 1e-13, 'Toeplitz');
    });
  }

  it('a prescribed spectrum with repeats and zeros, rotated by a Householder reflector: (I − 2uuᵀ) diag(λ) (I − 2uuᵀ)', () => {
    const n = 90;
    const lambda = Array.from({ length: n }, (_, i) => (i < 10 ? 0 : i < 30 ? 4 : i - 50));
    const a = reflectedDiagonal(lambda, 3);
    assertSpectrum(symmetricEigenvalues(a, n), lambda, 1e-12, 'reflected diagonal');
  });

  it('a diagonal matrix (nothing to reduce) and the zero matrix', () => {
    const d = [3, -1, 0, 7, 7];
    const a = new Float64Array(25);
    d.forEach((x, i) => (a[i * 5 + i] = x));
    assertSpectrum(symmetricEigenvalues(a, 5), d, 0, 'diagonal');
    assertSpectrum(symmetricEigenvalues(new Float64Array(16), 4), [0, 0, 0, 0], 0, 'zero');
  });

  for (const n of [7, 80, 257]) {
    it(`random symmetric n = ${n}: the same values as ml-matrix's decomposition with vectors`, () => {
      const rand = seeded(n);
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = normal(rand);
      const ref = mlMatrixEigen(a, n).values;
      const scale = Math.max(Math.abs(ref[0]), Math.abs(ref[n - 1]));
      assertSpectrum(symmetricEigenvalues(a, n), Array.from(ref), 1e-13 * n * scale, 'random');
    });
  }

  it('a Gram matrix XᵀX of rank 3 in n = 70: three positive values, the rest ~0', () => {
    const n = 70;
    const rand = seeded(11);
    const x = Array.from({ length: 3 }, () => Float64Array.from({ length: n }, () => normal(rand)));
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = x.reduce((s, row) => s + row[i] * row[j], 0);
    const values = symmetricEigenvalues(a, n);
    const ref = mlMatrixEigen(a, n).values;
    const top = values[n - 1];
    for (let i = 0; i < n - 3; i++) assert.ok(Math.abs(values[i]) < 1e-13 * top, `λ_${i} = ${values[i]} is rounding`);
    for (let i = n - 3; i < n; i++) assert.ok(Math.abs(values[i] - ref[i]) < 1e-12 * top, `λ_${i}`);
  });
});

describe('symmetricEigenvalues on a large cluster at zero', () => {
  it('X·Xᵀ of rank 150 in n = 300 (150 zero eigenvalues): converges, and agrees with ml-matrix', () => {
    // Before the ε‖T‖ deflation floor, QL never deflated among the zero eigenvalues and threw after 60 sweeps.
    const n = 300;
    const r = 150;
    const rand = seeded(3);
    const x = Float64Array.from({ length: n * r }, () => normal(rand));
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let t = 0; t < r; t++) s += x[i * r + t] * x[j * r + t];
        a[i * n + j] = s;
      }
    }
    const values = symmetricEigenvalues(a, n);
    const ref = mlMatrixEigen(a, n).values;
    const top = ref[n - 1];
    for (let i = 0; i < n; i++) assert.ok(Math.abs(values[i] - ref[i]) < 1e-12 * top, `λ_${i} = ${values[i]} vs ${ref[i]}`);
    for (let i = 0; i < n - r; i++) assert.ok(Math.abs(values[i]) < 1e-12 * top, `λ_${i} = ${values[i]} is rounding`);
  });
});

// The symmetric eigendecomposition with vectors (flat tred2 + tql2) against the definition A·V = V·Λ, VᵀV = I,
// closed-form spectra, and ml-matrix's decomposition (an independent implementation).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { symmetricEigen } from '../../../../src/core/linalg';
import { normal, seeded } from '../metrics/helpers';
import { mlMatrixEigen, reflectedDiagonal } from './matrices';

/** max |A v_j − λ_j v_j| and max |VᵀV − I|, both over all entries. */
function defects(a: Float64Array, n: number, values: Float64Array, vectors: Float64Array): { residual: number; orthogonality: number } {
  let residual = 0;
  let orthogonality = 0;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k] * vectors[k * n + j];
      residual = Math.max(residual, Math.abs(s - values[j] * vectors[i * n + j]));
    }
    for (let l = 0; l < n; l++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += vectors[k * n + j] * vectors[k * n + l];
      orthogonality = Math.max(orthogonality, Math.abs(s - (j === l ? 1 : 0)));
    }
  }
  return { residual, orthogonality };
}

function randomSymmetric(n: number, seed: number): Float64Array {
  const rand = seeded(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = normal(rand);
  return a;
}

describe('symmetricEigen', () => {
  for (const n of [1, 2, 3, 17, 100, 160]) {
    it(`random symmetric n = ${n}: A·V = V·Λ and VᵀV = I to rounding, values ascending and equal to ml-matrix's`, () => {
      const a = randomSymmetric(n, n + 1);
      const { values, vectors } = symmetricEigen(a, n);
      const ref = mlMatrixEigen(a, n);
      const scale = Math.max(Math.abs(ref.values[0]), Math.abs(ref.values[n - 1]));
      for (let i = 1; i < n; i++) assert.ok(values[i - 1] <= values[i], 'ascending');
      for (let i = 0; i < n; i++) assert.ok(Math.abs(values[i] - ref.values[i]) <= 1e-13 * n * scale, `λ_${i}`);
      const { residual, orthogonality } = defects(a, n, values, vectors);
      assert.ok(residual <= 1e-13 * n * scale, `residual ${residual}`);
      assert.ok(orthogonality <= 1e-13 * n, `orthogonality ${orthogonality}`);
      // Distinct eigenvalues (random matrix): each vector equals ml-matrix's up to its sign.
      for (let j = 0; j < n; j++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += vectors[i * n + j] * ref.vectors[i * n + j];
        assert.ok(Math.abs(Math.abs(dot) - 1) <= 1e-10, `vector ${j}: |⟨v, v_ref⟩| = ${Math.abs(dot)}`);
      }
    });
  }

  it('the tridiagonal Toeplitz (2, −1) of order 50: λ_k = 2 − 2cos(kπ/51), v_k(i) ∝ sin(ikπ/51)', () => {
    const n = 50;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = 2;
      if (i > 0) a[i * n + i - 1] = a[(i - 1) * n + i] = -1;
    }
    const { values, vectors } = symmetricEigen(a, n);
    for (let k = 1; k <= n; k++) {
      assert.ok(Math.abs(values[k - 1] - (2 - 2 * Math.cos((k * Math.PI) / (n + 1)))) < 1e-13, `λ_${k}`);
      const exact = Array.from({ length: n }, (_, i) => Math.sin(((i + 1) * k * Math.PI) / (n + 1)));
      const norm = Math.hypot(...exact);
      let dot = 0;
      for (let i = 0; i < n; i++) dot += (vectors[i * n + k - 1] * exact[i]) / norm;
      assert.ok(Math.abs(Math.abs(dot) - 1) < 1e-12, `v_${k}: |cos| = ${Math.abs(dot)}`);
    }
  });

  it('repeated eigenvalues (0 ×10, 4 ×20) rotated by a reflector: the values, and an orthonormal basis of each eigenspace', () => {
    const n = 60;
    const lambda = Array.from({ length: n }, (_, i) => (i < 10 ? 0 : i < 30 ? 4 : i - 20));
    const a = reflectedDiagonal(lambda, 9);
    const { values, vectors } = symmetricEigen(a, n);
    const sorted = [...lambda].sort((x, y) => x - y);
    sorted.forEach((x, i) => assert.ok(Math.abs(values[i] - x) < 1e-12 * n, `λ_${i} = ${values[i]}, expected ${x}`));
    const { residual, orthogonality } = defects(a, n, values, vectors);
    assert.ok(residual < 1e-12 * n, `residual ${residual}`);
    assert.ok(orthogonality < 1e-13 * n, `orthogonality ${orthogonality}`);
  });

  it('the zero matrix, the identity, and n = 0', () => {
    for (const [a, n, value] of [[new Float64Array(9), 3, 0], [Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]), 3, 1]] as const) {
      const { values, vectors } = symmetricEigen(a, n);
      assert.deepEqual([...values], [value, value, value]);
      assert.equal(defects(a, n, values, vectors).orthogonality, 0);
    }
    const empty = symmetricEigen(new Float64Array(0), 0);
    assert.equal(empty.values.length, 0);
  });
});

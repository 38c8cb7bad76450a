// The float64 products, the Gram-route SVD, Cholesky and the cosine matrix of src/core/linalg against
// direct definitions (naive sums, ml-matrix, reconstruction identities).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { cholesky, choleskySolve, cosineFromGram, gram, gramOfColumns, invertLower, multiply, multiplyTransposed, rightSingular, squaredDistances, thinSvd, transpose } from '../../../../src/core/linalg';
import { WASM_MIN_WORK } from '../../../../src/core/linalg/products';
import { wasmMultiplyTransposed } from '../../../../src/core/linalg/wasmProducts';
import { normal, seeded } from '../metrics/helpers';

function random(rows: number, cols: number, seed: number): Float64Array {
  const rand = seeded(seed);
  return Float64Array.from({ length: rows * cols }, () => normal(rand));
}

function naiveProduct(a: Float64Array, b: Float64Array, n: number, m: number, p: number, bTransposed: boolean): Float64Array {
  const c = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) for (let k = 0; k < m; k++) c[i * p + j] += a[i * m + k] * (bTransposed ? b[j * m + k] : b[k * p + j]);
  return c;
}

describe('products', () => {
  for (const [n, m, p] of [
    [1, 1, 1],
    [3, 5, 7],
    [9, 4, 6],
    [13, 17, 5],
  ]) {
    it(`${n}×${m} by ${m}×${p}: multiply, multiplyTransposed, gram, gramOfColumns equal the naive left-to-right sums exactly`, () => {
      const a = random(n, m, n * 31 + m);
      const b = random(m, p, p * 7 + 1);
      const bt = transpose(b, m, p);
      assert.deepEqual(multiplyTransposed(a, bt, n, m, p), naiveProduct(a, bt, n, m, p, true));
      const prod = multiply(a, b, n, m, p);
      const naive = naiveProduct(a, b, n, m, p, false);
      prod.forEach((x, i) => assert.ok(Math.abs(x - naive[i]) <= 1e-14 * (1 + Math.abs(naive[i])), `multiply[${i}]`));
      assert.deepEqual(gram(a, n, m), naiveProduct(a, a, n, m, n, true));
      const at = transpose(a, n, m);
      const cols = gramOfColumns(a, n, m);
      const ref = naiveProduct(at, at, m, n, m, true);
      cols.forEach((x, i) => assert.ok(Math.abs(x - ref[i]) <= 1e-14 * (1 + Math.abs(ref[i])), `gramOfColumns[${i}]`));
    });
  }
});

describe('products above WASM_MIN_WORK (WebAssembly SIMD kernel)', () => {
  /** |x − ref| ≤ 4·m·eps·Σ|terms| for each entry: the float64 rounding bound of any summation order. */
  function within(actual: Float64Array, ref: Float64Array, scale: Float64Array, m: number, what: string): void {
    assert.equal(actual.length, ref.length, `${what}: size`);
    actual.forEach((x, i) => assert.ok(Math.abs(x - ref[i]) <= 4 * m * 2.2e-16 * scale[i], `${what}[${i}]: ${x} vs ${ref[i]}`));
  }
  const abs = (a: Float64Array) => a.map(Math.abs);
  // Odd n, p not a multiple of 4 and odd m exercise the zero padding; the work is above the threshold.
  const [n, m, p] = [131, 257, 127];
  const a = random(n, m, 5);
  const b = random(p, m, 6);
  it(`the kernel runs here and ${n}·${m}·${p} ≥ WASM_MIN_WORK`, () => {
    assert.ok(n * m * p >= WASM_MIN_WORK);
    assert.ok(wasmMultiplyTransposed(a, b, n, m, p), 'WebAssembly SIMD is available in Node 20');
  });
  it('with an output buffer, the product is written into it (a view of a larger array), entries past n·p untouched', () => {
    const fresh = wasmMultiplyTransposed(a, b, n, m, p) as Float64Array;
    const backing = new Float64Array(n * p + 3).fill(-7);
    const out = backing.subarray(1, 1 + n * p + 1);
    assert.equal(wasmMultiplyTransposed(a, b, n, m, p, out), out);
    assert.deepEqual(Array.from(out.subarray(0, n * p)), Array.from(fresh));
    assert.deepEqual([backing[0], out[n * p], backing[n * p + 2]], [-7, -7, -7]);
  });
  it(`${n}×${m} by ${p}×${m}: multiplyTransposed, multiply, gram, gramOfColumns, squaredDistances within rounding of the naive sums`, () => {
    within(multiplyTransposed(a, b, n, m, p), naiveProduct(a, b, n, m, p, true), naiveProduct(abs(a), abs(b), n, m, p, true), m, 'multiplyTransposed');
    const bt = transpose(b, p, m); // m×p
    within(multiply(a, bt, n, m, p), naiveProduct(a, bt, n, m, p, false), naiveProduct(abs(a), abs(bt), n, m, p, false), m, 'multiply');
    const g = gram(a, n, m);
    within(g, naiveProduct(a, a, n, m, n, true), naiveProduct(abs(a), abs(a), n, m, n, true), m, 'gram');
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.equal(g[i * n + j], g[j * n + i], 'gram exactly symmetric');
    const at = transpose(a, n, m);
    within(gramOfColumns(a, n, m), naiveProduct(at, at, m, n, m, true), naiveProduct(abs(at), abs(at), m, n, m, true), n, 'gramOfColumns');
    const dist = squaredDistances(a, n, m);
    const refDist = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < m; k++) refDist[i * n + j] += (a[i * m + k] - a[j * m + k]) ** 2;
    within(dist, refDist, refDist, m, 'squaredDistances');
    for (let i = 0; i < n; i++) {
      assert.equal(dist[i * n + i], 0, 'zero diagonal');
      for (let j = 0; j < n; j++) assert.equal(dist[i * n + j], dist[j * n + i], 'exactly symmetric');
    }
  });
});

describe('rightSingular', () => {
  for (const [rows, cols] of [
    [200, 80],
    [90, 70],
    [40, 12],
    [70, 90], // wide: the Gram route through A Aᵀ
    [80, 200],
    [30, 50], // wide but small: Jacobi
  ]) {
    it(`${rows}×${cols}: singular values of ml-matrix, orthonormal V, A V = U diag(s) with orthonormal U`, () => {
      const a = random(rows, cols, rows + cols);
      // a spread of scales, so that small singular values are tested too
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) a[i * cols + j] *= Math.pow(10, -4 * (j / cols));
      const { s, v } = rightSingular(a, rows, cols);
      const ref = new SingularValueDecomposition(new Matrix(Array.from({ length: rows }, (_, i) => Array.from(a.subarray(i * cols, (i + 1) * cols)))), { autoTranspose: true }).diagonal;
      s.forEach((x, j) => assert.ok(Math.abs(x - ref[j]) <= 1e-11 * ref[j], `s[${j}] ${x} vs ${ref[j]}`));
      const r = s.length;
      const av = multiply(a, v, rows, cols, r);
      for (let p = 0; p < r; p++) {
        for (let q = 0; q < r; q++) {
          let vv = 0;
          let uu = 0;
          for (let i = 0; i < cols; i++) vv += v[i * r + p] * v[i * r + q];
          for (let i = 0; i < rows; i++) uu += av[i * r + p] * av[i * r + q];
          assert.ok(Math.abs(vv - (p === q ? 1 : 0)) < 1e-13, `VᵀV[${p}][${q}]`);
          // the Gram route loses ≈ eps·(s_max/s)² of orthogonality in U (here s spans 10⁴)
          assert.ok(Math.abs(uu / (s[p] * s[q]) - (p === q ? 1 : 0)) < 1e-6, `UᵀU[${p}][${q}]`);
        }
      }
      if (Math.min(rows, cols) <= 64) assert.deepEqual(s, thinSvd(a, rows, cols).s, 'small: the Jacobi SVD itself');
    });
  }
});

describe('cholesky', () => {
  it('L Lᵀ reproduces an SPD matrix; the solve and L⁻¹ invert it; an indefinite matrix gives null', () => {
    const n = 9;
    const x = random(n + 3, n, 5);
    const a = gramOfColumns(x, n + 3, n);
    const l = cholesky(a, n)!;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += l[i * n + k] * l[j * n + k];
      assert.ok(Math.abs(s - a[i * n + j]) < 1e-12 * (1 + Math.abs(a[i * n + j])));
      if (j > i) assert.equal(l[i * n + j], 0);
    }
    const b = Float64Array.from({ length: n }, (_, i) => i - 3);
    const sol = choleskySolve(l, n, b);
    const back = multiply(a, sol, n, n, 1);
    back.forEach((y, i) => assert.ok(Math.abs(y - b[i]) < 1e-10));
    const inv = invertLower(l, n);
    const id = multiply(inv, l, n, n, n);
    id.forEach((y, i) => assert.ok(Math.abs(y - (i % (n + 1) === 0 ? 1 : 0)) < 1e-12));
    assert.equal(cholesky(Float64Array.from([1, 2, 2, 1]), 2), null);
  });
});

describe('cosineFromGram', () => {
  it('cosines of (1,0), (1,1), (0,0), (−2,0): exact values, 1 on the diagonal, null for the zero vector', () => {
    const v = Float64Array.from([1, 0, 1, 1, 0, 0, -2, 0]);
    const cos = cosineFromGram(gram(v, 4, 2), 4, [2]);
    assert.deepEqual(cos[0], [1, 1 / Math.sqrt(2), null, -1]);
    assert.deepEqual(cos[2], [null, null, null, null]);
    assert.ok(Math.abs(cos[1][3]! + 1 / Math.sqrt(2)) < 1e-15);
  });
});

// One-sided Jacobi (Hestenes) SVD of a tall m×n matrix: high relative accuracy for the small
// singular values (it never forms AᵀA), O(m n²) per sweep. Used for the SVDs with n ≤ a few dozen.

/**
 * Rotates pairs of the n columns (each of length m, stored column after column) until all are
 * orthogonal. Returns U·diag(s) normalised to U (in place), the column norms s and V (column-major n×n).
 */
export function jacobiTall(columns: Float64Array, m: number, n: number): { u: Float64Array; s: number[]; v: Float64Array } {
  const a = columns; // overwritten by U·diag(s)
  const v = new Float64Array(n * n); // column-major too
  for (let j = 0; j < n; j++) v[j * n + j] = 1;
  const eps = 2.220446049250313e-16;
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const op = p * m;
        const oq = q * m;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < m; i++) {
          const x = a[op + i];
          const y = a[oq + i];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= eps * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const sn = c * t;
        for (let i = 0; i < m; i++) {
          const x = a[op + i];
          const y = a[oq + i];
          a[op + i] = c * x - sn * y;
          a[oq + i] = sn * x + c * y;
        }
        for (let i = 0; i < n; i++) {
          const x = v[p * n + i];
          const y = v[q * n + i];
          v[p * n + i] = c * x - sn * y;
          v[q * n + i] = sn * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  const s: number[] = [];
  for (let j = 0; j < n; j++) {
    let norm = 0;
    for (let i = 0; i < m; i++) norm += a[j * m + i] ** 2;
    norm = Math.sqrt(norm);
    s.push(norm);
    if (norm > 0) for (let i = 0; i < m; i++) a[j * m + i] /= norm;
  }
  return { u: a, s, v };
}

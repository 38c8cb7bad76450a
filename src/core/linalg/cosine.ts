// Cosine matrices from a Gram matrix: one definition for the metrics (rows of means or W) and the LPM
// (Gram blocks of its solution).

/**
 * K×K cosines G_ij / sqrt(G_ii G_jj) of a K×K Gram matrix, clamped to [−1, 1], 1 on the diagonal,
 * and null in every row and column of `zero` (vectors whose direction is undefined).
 */
export function cosineFromGram(gram: Float64Array, K: number, zero: readonly number[]): (number | null)[][] {
  const isZero = new Uint8Array(K);
  for (const k of zero) isZero[k] = 1;
  const norms = new Float64Array(K);
  for (let k = 0; k < K; k++) norms[k] = Math.sqrt(gram[k * K + k]);
  const cos: (number | null)[][] = [];
  for (let i = 0; i < K; i++) {
    const row: (number | null)[] = new Array(K);
    for (let j = 0; j < K; j++) {
      if (isZero[i] || isZero[j]) row[j] = null;
      else if (i === j) row[j] = 1;
      else row[j] = Math.min(1, Math.max(-1, gram[i * K + j] / (norms[i] * norms[j])));
    }
    cos.push(row);
  }
  return cos;
}

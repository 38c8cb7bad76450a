// Large matrices of a report as one float64 block instead of JSON text, for the standalone HTML
// (core/report/html.ts packs, webview/standalone.ts unpacks). JSON spends ~20 characters on a float64;
// the block spends 8 bytes, and gzip shrinks the block-constant matrices of an LPM, ETF or SELI geometry to
// almost nothing (a 1000-class LPM-only report: 142 MB of JSON). Lossless: every number comes back with the
// same bits, null as NaN (JSON has no NaN, so NaN only ever means null) and −0 as 0 (as JSON writes it).
// A square matrix that equals its transpose entry for entry (cosine and Gram matrices) is stored as its lower
// triangle with the diagonal, n(n+1)/2 values: a 1000-class model report's two cosine matrices, whose values do
// not repeat and so do not compress, took 21.6 MB of standalone HTML. A matrix equal to one already stored (the
// SELI and ETF Grams of every calibration, the norm-matched LPM that is also the report's) points at that copy.

/** A matrix (array of equal-length rows of numbers or nulls) with at least this many entries is packed. */
export const PACK_MIN_ENTRIES = 64 * 64;

/** What replaces a packed matrix in the JSON: its rows and columns and where its values start in the block. */
export interface PackedRef {
  /** `symmetric`: the block holds the lower triangle row by row (n(n+1)/2 values), mirrored on unpacking. */
  $packed: { rows: number; cols: number; offset: number; symmetric?: true };
}

/** Entry for entry equal to its transpose (null with null; 0 and −0 alike, as JSON writes both as 0). */
function isSymmetric(m: (number | null)[][]): boolean {
  const n = m.length;
  if (m[0].length !== n) return false;
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) if (m[i][j] !== m[j][i]) return false;
  return true;
}

/** Same shape and entry for entry equal (null with null, 0 with −0, as stored): one copy in the block serves both. */
function sameEntries(a: (number | null)[][], b: (number | null)[][]): boolean {
  if (a === b) return true;
  if (a.length !== b.length || a[0].length !== b[0].length) return false;
  for (let i = 0; i < a.length; i++) {
    const ra = a[i];
    const rb = b[i];
    for (let j = 0; j < ra.length; j++) if (ra[j] !== rb[j]) return false;
  }
  return true;
}

function isPackable(value: unknown): value is (number | null)[][] {
  if (!Array.isArray(value) || value.length === 0 || !Array.isArray(value[0])) return false;
  const cols = (value[0] as unknown[]).length;
  if (cols === 0 || value.length * cols < PACK_MIN_ENTRIES) return false;
  return value.every((row) => Array.isArray(row) && row.length === cols && row.every((x) => x === null || (typeof x === 'number' && Number.isFinite(x))));
}

/** The value with every large matrix replaced by a PackedRef, and the block holding their entries in order. */
export function packMatrices(value: unknown): { json: unknown; block: Float64Array } {
  const found: { m: (number | null)[][]; symmetric: boolean; offset: number }[] = [];
  let entries = 0;
  const walk = (v: unknown): unknown => {
    if (isPackable(v)) {
      const symmetric = isSymmetric(v);
      const same = found.find((f) => sameEntries(f.m, v));
      const offset = same ? same.offset : entries;
      if (!same) {
        found.push({ m: v, symmetric, offset });
        entries += symmetric ? (v.length * (v.length + 1)) / 2 : v.length * v[0].length;
      }
      return { $packed: { rows: v.length, cols: v[0].length, offset, ...(symmetric ? { symmetric: true as const } : {}) } } satisfies PackedRef;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = walk(x);
      return out;
    }
    return v;
  };
  const json = walk(value);
  const block = new Float64Array(entries);
  let at = 0;
  const put = (x: number | null) => (block[at++] = x === null ? Number.NaN : x === 0 ? 0 : x);
  for (const { m, symmetric } of found) {
    if (symmetric) for (let i = 0; i < m.length; i++) for (let j = 0; j <= i; j++) put(m[i][j]);
    else for (const row of m) for (const x of row) put(x);
  }
  return { json, block };
}

function isRef(v: unknown): v is PackedRef {
  if (!v || typeof v !== 'object' || !('$packed' in v)) return false;
  const p = (v as PackedRef).$packed;
  return Boolean(p) && Number.isInteger(p.rows) && Number.isInteger(p.cols) && Number.isInteger(p.offset);
}

/**
 * The inverse of packMatrices; throws when a reference points outside the block. References to the same
 * values (a matrix packed once, written several times) come back as one array, so a 1000-class report's
 * repeated Grams take their memory once; JSON.stringify still writes every copy.
 */
export function unpackMatrices(json: unknown, block: Float64Array): unknown {
  const made = new Map<string, (number | null)[][]>();
  const walk = (v: unknown): unknown => {
    if (isRef(v)) {
      const { rows, cols, offset, symmetric } = v.$packed;
      const key = `${rows} ${cols} ${offset} ${symmetric === true}`;
      const known = made.get(key);
      if (known) return known;
      const size = symmetric ? (rows * (rows + 1)) / 2 : rows * cols;
      if (rows < 1 || cols < 1 || offset < 0 || offset + size > block.length || (symmetric && rows !== cols)) {
        throw new Error(`a packed ${rows}×${cols}${symmetric ? ' symmetric' : ''} matrix at ${offset} lies outside the ${block.length} values of the data block`);
      }
      const value = (x: number) => (Number.isNaN(x) ? null : x);
      let matrix: (number | null)[][];
      if (symmetric) {
        // Row i of the triangle starts at offset + i(i+1)/2.
        matrix = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => value(i >= j ? block[offset + (i * (i + 1)) / 2 + j] : block[offset + (j * (j + 1)) / 2 + i])));
      } else {
        matrix = Array.from({ length: rows }, (_, i) => Array.from(block.subarray(offset + i * cols, offset + (i + 1) * cols), value));
      }
      made.set(key, matrix);
      return matrix;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return walk(json);
}

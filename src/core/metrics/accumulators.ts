// Mergeable sufficient statistics of the two passes (theory.md §1.9), in float64.
//
// Pass 1 (depends only on the data): per-class counts n_k and sums Σ h. Pass-1 statistics of
// disjoint shards ADD UP; they give the class means and both global means.
//
// Pass 2 (residuals h_i − μ_{y_i} against the class means of a given pass 1):
//   counts               per-class rows covered by this pass 2
//   withinSumSquares     per class Σ ‖h_i − μ_k‖²                      → Tr(Σ_W), CDNV
//   projectedScatter     Σ_i (Q r_i)(Q r_i)ᵀ, r_i = h_i − μ_{y_i}       → NC1 (low-rank identity)
//   nccMismatch…         counts of NCC vs linear-rule disagreements      → NC4
// Q (rank×d, orthonormal rows) spans the centred class means; it is a deterministic function of the
// pass-1 statistics (see nc1.ts), so pass-2 statistics of disjoint shards computed against the SAME
// pass 1 add up too. Each pass 2 records `reference`, a SHA-256 fingerprint of the pass 1 it was
// computed against, and `classifier`, a fingerprint of W and b; only matching ones are summed.
// The projected scatter does not depend on the global-mean convention (both centred spans equal
// span{μ_k − μ_j}), so one pass 2 serves both conventions.
//
// OOD (NC5): the count and feature sum of an out-of-distribution set (ood.ts); they add up across files.
//
// The JSON form is documented in docs/metrics.md ("Statistics files").
import { createHash } from 'node:crypto';
import { InputError } from '../errors';
import type { OodStats } from './ood';
import { mergeOod } from './ood';

export interface Pass1Stats {
  classes: number;
  dim: number;
  /** n_k, length K. */
  counts: Float64Array;
  /** Σ_{i: y_i = k} h_i, K×d row-major. */
  sums: Float64Array;
}

export interface Pass2Stats {
  /** Fingerprint of the pass-1 statistics whose class means the residuals were taken against. */
  reference: string;
  /** Relative singular-value cutoff used for the basis Q of the centred means. */
  basisRtol: number;
  /** Rows of Q (≤ K − 1). */
  basisRank: number;
  counts: Float64Array;
  withinSumSquares: Float64Array;
  /** basisRank × basisRank, row-major. */
  projectedScatter: Float64Array;
  /** Fingerprint of the classifier (W, b) used for the decisions; null without W. */
  classifier: string | null;
  /** Samples where argmax(W h + b) ≠ argmin_k ‖h − μ_k‖ (b = 0 when there is no bias). */
  nccMismatch: number | null;
  /** The same with the bias left out. */
  nccMismatchNoBias: number | null;
  /** Samples where argmax(W h + b) equals the label. */
  linearCorrect: number | null;
}

export interface MetricsStatistics {
  classes: number;
  dim: number;
  /** Statistics of the samples this job's pass 1 covered; null when pass 1 ran elsewhere. */
  pass1: Pass1Stats | null;
  pass2: Pass2Stats | null;
  /** Count and feature sum of an out-of-distribution set (NC5); absent or null without one. */
  ood?: OodStats | null;
}

export const STATS_FORMAT = 'collapse-lens-metrics-stats';
export const STATS_VERSION = 1;

export function emptyPass1(classes: number, dim: number): Pass1Stats {
  return { classes, dim, counts: new Float64Array(classes), sums: new Float64Array(classes * dim) };
}

/** The same statistics with K raised to `classes` (new classes have no samples). */
export function widenPass1(stats: Pass1Stats, classes: number): Pass1Stats {
  if (classes <= stats.classes) return stats;
  const wider = emptyPass1(classes, stats.dim);
  wider.counts.set(stats.counts);
  wider.sums.set(stats.sums);
  return wider;
}

export function mergePass1(a: Pass1Stats, b: Pass1Stats): Pass1Stats {
  if (a.dim !== b.dim) throw new InputError(`cannot merge statistics of dimension ${a.dim} and ${b.dim}`);
  const merged = emptyPass1(Math.max(a.classes, b.classes), a.dim);
  // Rows of `sums` are classes, so a smaller K is a prefix of the larger layout.
  for (const s of [a, b]) {
    for (let k = 0; k < s.classes; k++) merged.counts[k] += s.counts[k];
    for (let i = 0; i < s.sums.length; i++) merged.sums[i] += s.sums[i];
  }
  return merged;
}

export function totalCount(counts: ArrayLike<number>): number {
  let n = 0;
  for (let k = 0; k < counts.length; k++) n += counts[k];
  return n;
}

/** SHA-256 over K, d, the counts and the sums (float64, little-endian). */
export function pass1Fingerprint(stats: Pass1Stats): string {
  const hash = createHash('sha256');
  hash.update(`pass1 v${STATS_VERSION} K=${stats.classes} d=${stats.dim}\n`);
  hash.update(float64Bytes(stats.counts));
  hash.update(float64Bytes(stats.sums));
  return `sha256:${hash.digest('hex')}`;
}

/** SHA-256 over W (K×d) and b as float64; "no bias" is part of the fingerprint. */
export function classifierFingerprint(weights: Float64Array, bias: Float64Array | null, classes: number, dim: number): string {
  const hash = createHash('sha256');
  hash.update(`classifier v${STATS_VERSION} K=${classes} d=${dim} bias=${bias ? 'yes' : 'no'}\n`);
  hash.update(float64Bytes(weights));
  if (bias) hash.update(float64Bytes(bias));
  return `sha256:${hash.digest('hex')}`;
}

function float64Bytes(a: Float64Array): Uint8Array {
  const copy = new Float64Array(a); // own buffer, host order; normalise to little-endian
  const bytes = new Uint8Array(copy.buffer);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) for (let i = 0; i < bytes.length; i += 8) bytes.subarray(i, i + 8).reverse();
  return bytes;
}

export function emptyPass2(reference: string, basisRtol: number, basisRank: number, classes: number, classifier: string | null): Pass2Stats {
  return {
    reference,
    basisRtol,
    basisRank,
    counts: new Float64Array(classes),
    withinSumSquares: new Float64Array(classes),
    projectedScatter: new Float64Array(basisRank * basisRank),
    classifier,
    nccMismatch: classifier ? 0 : null,
    nccMismatchNoBias: classifier ? 0 : null,
    linearCorrect: classifier ? 0 : null,
  };
}

/** Whether two pass-2 statistics were computed against the same pass 1, basis and classifier. */
export function samePass2Basis(a: Pass2Stats, b: Pass2Stats): boolean {
  return a.reference === b.reference && a.basisRtol === b.basisRtol && a.basisRank === b.basisRank && a.counts.length === b.counts.length;
}

export function mergePass2(a: Pass2Stats, b: Pass2Stats): Pass2Stats {
  if (!samePass2Basis(a, b)) throw new InputError('cannot merge pass-2 statistics computed against different class means');
  const sameClassifier = a.classifier === b.classifier;
  const add = (x: number | null, y: number | null) => (sameClassifier && x !== null && y !== null ? x + y : null);
  return {
    reference: a.reference,
    basisRtol: a.basisRtol,
    basisRank: a.basisRank,
    counts: a.counts.map((v, k) => v + b.counts[k]),
    withinSumSquares: a.withinSumSquares.map((v, k) => v + b.withinSumSquares[k]),
    projectedScatter: a.projectedScatter.map((v, k) => v + b.projectedScatter[k]),
    classifier: sameClassifier ? a.classifier : null,
    nccMismatch: add(a.nccMismatch, b.nccMismatch),
    nccMismatchNoBias: add(a.nccMismatchNoBias, b.nccMismatchNoBias),
    linearCorrect: add(a.linearCorrect, b.linearCorrect),
  };
}

/**
 * Merges statistics files: every pass 1 is summed; every pass 2 computed against the merged pass 1
 * is summed; pass 2s computed against other class means cannot be used and are reported.
 */
export function mergeStatistics(parts: ReadonlyArray<{ name: string; stats: MetricsStatistics }>): { stats: MetricsStatistics; warnings: string[] } {
  if (parts.length === 0) throw new InputError('no statistics to merge');
  const dim = parts[0].stats.dim;
  for (const p of parts) if (p.stats.dim !== dim) throw new InputError(`${p.name}: statistics of dimension ${p.stats.dim}, but ${parts[0].name} has dimension ${dim}`);
  const classes = Math.max(...parts.map((p) => p.stats.classes));
  let pass1: Pass1Stats | null = null;
  for (const p of parts) if (p.stats.pass1) pass1 = pass1 ? mergePass1(pass1, p.stats.pass1) : widenPass1(p.stats.pass1, classes);
  const warnings: string[] = [];
  let pass2: Pass2Stats | null = null;
  const reference = pass1 ? pass1Fingerprint(pass1) : null;
  const unusable: string[] = [];
  for (const p of parts) {
    const p2 = p.stats.pass2;
    if (!p2) continue;
    if (p2.reference !== reference || p2.counts.length !== classes) {
      unusable.push(p.name);
      continue;
    }
    if (pass2 && !samePass2Basis(pass2, p2)) {
      unusable.push(p.name);
      continue;
    }
    if (pass2 && pass2.classifier !== p2.classifier) warnings.push(`${p.name}: its NC4 counts were computed with another classifier than the files before it; NC4 is not reported`);
    pass2 = pass2 ? mergePass2(pass2, p2) : p2;
  }
  if (unusable.length) {
    warnings.push(
      `${unusable.join(', ')}: pass-2 statistics were computed against other class means than the merged pass 1, so they cannot be combined. ` +
        'Run pass 2 of each shard against the merged means (collapse-lens metrics --features SHARD --labels LABELS --stats MERGED.json --save-stats P2.json), then merge MERGED.json with the P2 files.',
    );
  }
  let ood: OodStats | null = null;
  for (const p of parts) ood = mergeOod(ood, p.stats.ood ?? null);
  return { stats: { classes, dim, pass1, pass2, ...(ood ? { ood } : {}) }, warnings };
}

// ---------------------------------------------------------------------------------------------
// JSON form

export interface StatisticsJson {
  format: typeof STATS_FORMAT;
  version: number;
  classes: number;
  dim: number;
  pass1: { counts: number[]; sums: number[][] } | null;
  pass2: {
    reference: string;
    basisRtol: number;
    basisRank: number;
    counts: number[];
    withinSumSquares: number[];
    projectedScatter: number[][];
    classifier: string | null;
    nccMismatch: number | null;
    nccMismatchNoBias: number | null;
    linearCorrect: number | null;
  } | null;
  /** Out-of-distribution count and feature sum (NC5); absent in files without an OOD set. */
  ood?: { count: number; sum: number[] } | null;
}

function rowsOf(a: Float64Array, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) out.push(Array.from(a.subarray(i * cols, (i + 1) * cols)));
  return out;
}

/** JSON numbers round-trip float64 exactly (shortest representation), so merging is lossless. */
export function statisticsToJson(stats: MetricsStatistics): StatisticsJson {
  const { classes, dim, pass1, pass2 } = stats;
  return {
    format: STATS_FORMAT,
    version: STATS_VERSION,
    classes,
    dim,
    pass1: pass1 ? { counts: Array.from(pass1.counts), sums: rowsOf(pass1.sums, pass1.classes, dim) } : null,
    pass2: pass2
      ? {
          reference: pass2.reference,
          basisRtol: pass2.basisRtol,
          basisRank: pass2.basisRank,
          counts: Array.from(pass2.counts),
          withinSumSquares: Array.from(pass2.withinSumSquares),
          projectedScatter: rowsOf(pass2.projectedScatter, pass2.basisRank, pass2.basisRank),
          classifier: pass2.classifier,
          nccMismatch: pass2.nccMismatch,
          nccMismatchNoBias: pass2.nccMismatchNoBias,
          linearCorrect: pass2.linearCorrect,
        }
      : null,
    ...(stats.ood ? { ood: { count: stats.ood.count, sum: Array.from(stats.ood.sum) } } : {}),
  };
}

/** Validates a parsed statistics file; `name` is used in messages. */
export function statisticsFromJson(value: unknown, name: string): MetricsStatistics {
  const fail = (what: string): never => {
    throw new InputError(`${name}: ${what}`);
  };
  const obj = (v: unknown, what: string): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(`${what} must be an object`));
  const int = (v: unknown, what: string, min = 0): number => (typeof v === 'number' && Number.isSafeInteger(v) && v >= min ? v : fail(`${what} must be an integer ≥ ${min}, got ${JSON.stringify(v)}`));
  const numbers = (v: unknown, length: number, what: string, nonNegative = false): Float64Array => {
    if (!Array.isArray(v) || v.length !== length) fail(`${what} must be an array of ${length} numbers`);
    const arr = v as unknown[];
    const out = new Float64Array(length);
    for (let i = 0; i < length; i++) {
      const x = arr[i];
      if (typeof x !== 'number' || !Number.isFinite(x) || (nonNegative && x < 0)) fail(`${what}[${i}] must be a finite${nonNegative ? ' non-negative' : ''} number, got ${JSON.stringify(x)}`);
      out[i] = x as number;
    }
    return out;
  };
  const matrix = (v: unknown, rows: number, cols: number, what: string): Float64Array => {
    if (!Array.isArray(v) || v.length !== rows) fail(`${what} must have ${rows} rows`);
    const out = new Float64Array(rows * cols);
    (v as unknown[]).forEach((r, i) => out.set(numbers(r, cols, `${what}[${i}]`), i * cols));
    return out;
  };
  const countOrNull = (v: unknown, what: string): number | null => (v === null ? null : int(v, what));

  const root = obj(value, 'the statistics file');
  if (root.format !== STATS_FORMAT) fail(`not a Collapse Lens statistics file (format is ${JSON.stringify(root.format)}, expected "${STATS_FORMAT}")`);
  if (root.version !== STATS_VERSION) fail(`statistics format version ${JSON.stringify(root.version)} is not supported (this version reads ${STATS_VERSION})`);
  const classes = int(root.classes, 'classes', 1);
  const dim = int(root.dim, 'dim', 1);
  let pass1: Pass1Stats | null = null;
  if (root.pass1 !== null) {
    const p = obj(root.pass1, 'pass1');
    const counts = numbers(p.counts, classes, 'pass1.counts', true);
    counts.forEach((c, k) => Number.isInteger(c) || fail(`pass1.counts[${k}] must be an integer, got ${c}`));
    pass1 = { classes, dim, counts, sums: matrix(p.sums, classes, dim, 'pass1.sums') };
  }
  let pass2: Pass2Stats | null = null;
  if (root.pass2 !== null) {
    const p = obj(root.pass2, 'pass2');
    if (typeof p.reference !== 'string') fail('pass2.reference must be a string');
    if (typeof p.basisRtol !== 'number' || !(p.basisRtol > 0 && p.basisRtol < 1)) fail('pass2.basisRtol must be a number in (0, 1)');
    const rank = int(p.basisRank, 'pass2.basisRank');
    if (p.classifier !== null && typeof p.classifier !== 'string') fail('pass2.classifier must be a string or null');
    pass2 = {
      reference: p.reference as string,
      basisRtol: p.basisRtol as number,
      basisRank: rank,
      counts: numbers(p.counts, classes, 'pass2.counts', true),
      withinSumSquares: numbers(p.withinSumSquares, classes, 'pass2.withinSumSquares', true),
      projectedScatter: matrix(p.projectedScatter, rank, rank, 'pass2.projectedScatter'),
      classifier: p.classifier as string | null,
      nccMismatch: countOrNull(p.nccMismatch, 'pass2.nccMismatch'),
      nccMismatchNoBias: countOrNull(p.nccMismatchNoBias, 'pass2.nccMismatchNoBias'),
      linearCorrect: countOrNull(p.linearCorrect, 'pass2.linearCorrect'),
    };
  }
  let ood: OodStats | null = null;
  if (root.ood !== undefined && root.ood !== null) {
    const o = obj(root.ood, 'ood');
    ood = { count: int(o.count, 'ood.count', 1), sum: numbers(o.sum, dim, 'ood.sum') };
  }
  if (!pass1 && !pass2 && !ood) fail('holds neither pass-1 nor pass-2 statistics');
  return { classes, dim, pass1, pass2, ...(ood ? { ood } : {}) };
}

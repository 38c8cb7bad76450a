// Verdict wording against the documented bands and the metrics' own readings (theory.md §1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatNumber, formatPercent } from '../../../src/protocol/format';
import { minorityVerdict, nc1Verdict, nc3Verdict, nc4Verdict, NC1_BANDS } from '../../../src/protocol/verdicts';

const nc1 = (v: number | null) => nc1Verdict({ nc1: v, nc1Quotient: null, cdnv: null });

test('NC1 is worded as Tr(Σ_W Σ_B⁺)/K, not as a share of the between-class spread (that is nc1Quotient)', () => {
  assert.equal(nc1(0.02).reading, 'Tr(Σ_W Σ_B⁺)/K = 0.02: the within-class spread measured in the directions and units of the between-class spread, averaged over the K classes: strongly collapsed.');
  assert.doesNotMatch(nc1(1.12).reading, /%/);
  assert.equal(nc1(NC1_BANDS.strong).label, 'strongly collapsed');
  assert.equal(nc1(0.3).label, 'partly collapsed');
  assert.equal(nc1(0.7).label, 'weakly collapsed');
  assert.equal(nc1(1.5).reading, 'Tr(Σ_W Σ_B⁺)/K = 1.5: the within-class spread measured in the directions and units of the between-class spread, averaged over the K classes: not collapsed.');
  assert.equal(nc1(null).tone, 'none');
});

test('NC3 is read as the matrix cosine 1 − NC3/2 (unit-Frobenius identity)', () => {
  const v = nc3Verdict({ selfDuality: 0.05, selfDualityZhu: null });
  assert.match(v.reading, /cosine 0\.975 /);
  assert.equal(v.label, 'self-dual');
  assert.equal(nc3Verdict({ selfDuality: 1, selfDualityZhu: null }).label, 'not self-dual');
});

test('NC4 is a percentage of samples', () => {
  assert.equal(nc4Verdict({ nccMismatch: 0.004, nccMismatchNoBias: 0.01 }).reading, 'The classifier’s decisions and the nearest-class-centre rule disagree on 0.4% of training samples: behaves as nearest-centre.');
  assert.equal(nc4Verdict({ nccMismatch: 0.2, nccMismatchNoBias: null }).tone, 'bad');
});

test('minority collapse is placed between the ETF (−1/(K−1)) and 1', () => {
  const minority = (cos: number | null, norm = 0.1) => ({
    classes: 10,
    minority: { classes: [5, 6, 7, 8, 9], meanCosClassifiers: cos, stdCosClassifiers: 0, meanCosMeans: null, meanDistanceClassifiers: null, meanNormClassifiers: norm },
  });
  assert.equal(minorityVerdict(minority(-1 / 9)).label, 'no collapse');
  // theory.md §2.4: the LPM at R = 10 has cos_BB = 0.5175, t = (0.5175 + 1/9)/(1 + 1/9) = 0.566.
  assert.equal(minorityVerdict(minority(0.5175)).label, 'drifting together');
  assert.equal(minorityVerdict(minority(1)).label, 'minority collapse');
  assert.equal(minorityVerdict(minority(null, 1e-9), { meanSquaredNormAll: 1 }).label, 'collapsed to zero');
  assert.equal(minorityVerdict({ classes: 10, minority: null }).label, 'not applicable');
});

test('number formatting: significant digits, real minus, scientific outside [1e-3, 1e5)', () => {
  assert.equal(formatNumber(-1 / 9, 3), '−0.111');
  assert.equal(formatNumber(12.19), '12.19');
  assert.equal(formatNumber(10000, 3), '10000');
  assert.equal(formatNumber(3.2e-7), '3.2e−7');
  assert.equal(formatNumber(null), '—');
  assert.equal(formatPercent(0.0213), '2.1%');
  assert.equal(formatPercent(0), '0%');
});

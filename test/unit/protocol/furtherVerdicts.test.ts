// The NC5 card and the further details of the NC1–NC3 cards: shown only when the result has the keys or an
// OOD set, bands at the stated cut-offs, and sentences true of the formula.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { NC5_BANDS, nc1FurtherDetails, nc3FurtherDetails, nc5Verdict } from '../../../src/protocol/furtherVerdicts';
import { nc1Verdict } from '../../../src/protocol/verdicts';

test('NC5 card: absent without an OOD set, the reason when null with one, bands at 0.1 and 0.3', () => {
  assert.equal(nc5Verdict({ nc5: null, reasons: { nc5: 'no out-of-distribution set given' } }, false), null);
  assert.equal(nc5Verdict({}, false), null);
  const missing = nc5Verdict({ nc5: null, reasons: { nc5: 'no classifier weights W given' } }, true)!;
  assert.equal(missing.tone, 'none');
  assert.equal(missing.reading, 'no classifier weights W given');
  const at = (v: number) => nc5Verdict({ nc5: v }, true)!;
  assert.deepEqual([at(0).tone, at(NC5_BANDS.strong).tone, at(0.1001).tone, at(NC5_BANDS.partial).tone, at(0.31).tone], ['good', 'good', 'warn', 'warn', 'bad']);
  assert.equal(at(0.25).label, 'mostly orthogonal');
  // A value without an OOD report (e.g. from metrics --ood-features) still gets its card.
  assert.equal(nc5Verdict({ nc5: 0.5 }, false)!.label, 'not orthogonal');
  assert.match(at(0.0123).reading, /whose \|cosine\| with the classifiers averages 0\.0123: orthogonal\./);
});

test('further details appear only when the result has the key; null shows —', () => {
  assert.deepEqual(nc1FurtherDetails({}), []);
  assert.equal(nc1FurtherDetails({ nc1Weak: null })[0].value, '—');
  assert.equal(nc1FurtherDetails({ nc1Weak: { within: 0.2, between: 0.8 } })[0].value, '0.2, 0.8');
  assert.equal(nc3FurtherDetails({ unc3: null })[0].value, '—');
  assert.equal(nc1Verdict({ nc1: 0.05, nc1Quotient: 0.1, cdnv: 0.01 }).details.length, 2);
});

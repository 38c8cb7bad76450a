import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { autoMinority, resolveMinority } from '../../../../src/core/metrics/minority';

describe('auto-minority rule', () => {
  it('picks exactly the classes with n_k ≤ max n / 4', () => {
    // largest 100 → threshold 25: 25 is in, 26 is out.
    assert.deepEqual(autoMinority([100, 100, 25, 26, 10]), [2, 4]);
    assert.deepEqual(autoMinority(Int32Array.from([5000, 5000, 50, 50])), [2, 3]);
  });

  it('balanced data: no minority, and resolveMinority says why', () => {
    assert.deepEqual(autoMinority([30, 30, 30]), []);
    const r = resolveMinority('auto', [30, 29, 31]);
    assert.equal(r.minority, null);
    assert.match(r.note ?? '', /no class has at most 1\/4 of the largest class's 31 samples/);
  });

  it('an explicit list passes through, none / empty mean no minority metrics', () => {
    assert.deepEqual(resolveMinority([5, 6], [1, 1, 1, 1, 1, 1, 1]).minority, [5, 6]);
    assert.equal(resolveMinority(null, [1, 2]).minority, null);
    assert.equal(resolveMinority([], [1, 2]).minority, null);
  });
});

// Which counts a report fits (grouping.ts): up to POLISH_UP_TO_CLASSES classes, or with few distinct weights, the
// model's own; above, with many distinct weights, the counts grouped into near-equal groups, each class given its
// group's rounded mean count, which the symmetry-reduced kernel solves in about a second at K = 1000.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { classWeights } from '../../../../src/core/lpm/problem';
import { POLISH_UP_TO_CLASSES, solveLpm, TFJS_FROM_CLASSES } from '../../../../src/core/lpm/solve';
import { groupCounts, needsGrouping, REPORT_GROUP_SPREAD, REPORT_MAX_GROUPS } from '../../../../src/core/report/grouping';
import { LPM_REPORT_GAP } from '../../../../src/core/report/lpmComparison';
import { lpmOnlyReport } from '../../../../src/core/report/lpmOnly';
import { groupingSentence } from '../../../../src/protocol/groupingText';
import { selectBackend } from '../../../../src/engine/backend';

/** ImageNet-LT-like counts: geometric from 1300 to 13 over K classes (K distinct values for K ≤ ~1000). */
const longTail = (K: number) => Array.from({ length: K }, (_, k) => Math.round(1300 * Math.pow(13 / 1300, k / (K - 1))));
const tail = (K: number, n: number) => Array.from({ length: n }, (_, i) => K - n + i);

describe('needsGrouping', () => {
  it(`up to K = ${POLISH_UP_TO_CLASSES} the counts are fitted as they are`, () => {
    assert.equal(needsGrouping({ counts: longTail(POLISH_UP_TO_CLASSES), eh: 5, ew: 1 }), false);
  });

  it('K = 1000: two-level counts are fitted as they are, long-tailed ones grouped', () => {
    const two = Array.from({ length: 1000 }, (_, k) => (k < 500 ? 100 : 10));
    assert.equal(needsGrouping({ counts: two, eh: 5, ew: 1 }), false);
    assert.equal(needsGrouping({ counts: longTail(1000), eh: 5, ew: 1 }), true);
  });

  it(`K = 400: ${TFJS_FROM_CLASSES - 1} distinct weights are fitted as they are, ${TFJS_FROM_CLASSES} grouped`, () => {
    const levels = (L: number) => Array.from({ length: 400 }, (_, k) => 10 + (k % L));
    assert.equal(needsGrouping({ counts: levels(TFJS_FROM_CLASSES - 1), eh: 1, ew: 1 }), false);
    assert.equal(needsGrouping({ counts: levels(TFJS_FROM_CLASSES), eh: 1, ew: 1 }), true);
  });

  it('oversampling weights count: equal counts made two-level by weights are fitted as they are', () => {
    const counts = new Array<number>(400).fill(50);
    assert.equal(needsGrouping({ counts, eh: 1, ew: 1, weights: counts.map((_, k) => (k >= 200 ? 3 : 1)) }), false);
  });
});

describe('groupCounts', () => {
  for (const [K, n] of [
    [1000, 300],
    [400, 40],
  ]) {
    it(`K = ${K}, ${n} minority classes: groups of near-equal counts within majority and minority, each given its rounded mean`, () => {
      const counts = longTail(K);
      const minority = tail(K, n);
      const { counts: grouped, grouping } = groupCounts(counts, minority);
      assert.ok(grouping.groups <= REPORT_MAX_GROUPS, `${grouping.groups} groups`);
      // The spread is REPORT_GROUP_SPREAD to a power, widened only while there are too many groups.
      const power = Math.round(Math.log(grouping.spread) / Math.log(REPORT_GROUP_SPREAD));
      assert.ok(Math.abs(grouping.spread - REPORT_GROUP_SPREAD ** power) < 1e-12);
      // Classes of one set with one grouped value form a group (rounded means of distinct groups could tie, so
      // a value shared by two groups would show as a spread above the bound only if the groups were adjacent).
      const isMinority = new Set(minority);
      const members = new Map<string, number[]>();
      grouped.forEach((g, k) => {
        const key = `${isMinority.has(k)}:${g}`;
        members.set(key, [...(members.get(key) ?? []), k]);
      });
      assert.equal(members.size, grouping.groups, 'one grouped value per group');
      let change = 0;
      for (const [key, ks] of members) {
        const originals = ks.map((k) => counts[k]);
        const mean = originals.reduce((a, b) => a + b, 0) / ks.length;
        assert.equal(Number(key.split(':')[1]), Math.round(mean), `group ${key}: its rounded mean`);
        assert.ok(Math.max(...originals) <= grouping.spread * Math.min(...originals) * (1 + 1e-12), `group ${key} spread`);
        for (const k of ks) change = Math.max(change, Math.abs(Math.round(mean) - counts[k]) / counts[k]);
      }
      assert.equal(grouping.largestChange, change);
      const sentence = groupingSentence(grouping, K);
      assert.ok(sentence.includes(`${K} classes' counts grouped into ${grouping.groups} groups`), sentence);
      assert.ok(sentence.includes(`at most ×${+grouping.spread.toPrecision(3)} the smallest`), sentence);
      assert.ok(sentence.includes(`largest change of one count: ${+(100 * change).toPrecision(2)} %`), sentence);
    });
  }

  it('K = 100: the grouped optimum is within the weight ratio of the exact one (f_c ≤ ρ f_c̃ for every point)', () => {
    // With normalised class weights c and c̃ and ρ = max_k max(c_k/c̃_k, c̃_k/c_k), f_c(x) = Σ c_k ℓ_k(x) ≤ ρ f_c̃(x)
    // for every x (ℓ_k ≥ 0), so the optima satisfy f*_c ≤ ρ f*_c̃ and f*_c̃ ≤ ρ f*_c.
    const counts = Array.from({ length: 100 }, (_, k) => Math.round(5000 * Math.pow(50 / 5000, k / 99)));
    const minority = tail(100, 30);
    const { counts: grouped } = groupCounts(counts, minority);
    const c = classWeights({ counts, eh: 5, ew: 1 });
    const g = classWeights({ counts: grouped, eh: 5, ew: 1 });
    const rho = Math.max(...Array.from(c, (x, k) => Math.max(x / g[k], g[k] / x)));
    const exact = solveLpm({ counts, eh: 5, ew: 1 }).objective;
    const approx = solveLpm({ counts: grouped, eh: 5, ew: 1 }).objective;
    assert.ok(rho > 1 && approx <= rho * exact && exact <= rho * approx, `exact ${exact}, grouped ${approx}, ρ ${rho}`);
    assert.notEqual(approx, exact, 'a different problem');
  });
});

describe('a report on 400 long-tailed classes', () => {
  const K = 400;
  const counts = longTail(K);
  const minority = tail(K, 40);
  it('report --lpm-only (lpmForBudgets on the optimum) fits the grouped counts, certified, with a count-profile curve', async () => {
    // wasm, as the CLI runs it: the metrics of the optimum's 400 classes take ~27 s on tfjs' plain-JS cpu backend.
    const choice = await selectBackend({ prefer: 'wasm' });
    const report = await lpmOnlyReport({ counts, eh: 5, ew: 1, minority, toolVersion: 'test' }, { tf: choice.tf, backend: { name: choice.name, reason: choice.reason } });
    const r = report.lpm!;
    const { counts: grouped, grouping } = groupCounts(counts, minority);
    assert.deepEqual(r.grouping, grouping);
    assert.deepEqual(r.result.counts, grouped);
    assert.ok(r.result.certificate.value <= LPM_REPORT_GAP, `relative gap ${r.result.certificate.value}`);
    assert.equal(r.curveKind, 'profile');
    assert.ok(r.curve.length >= 5, `${r.curve.length} curve points`);
    // R is a property of the given counts; the grouping's rounding moves it by less than half a sample per class.
    const mean = (ks: number[], n: readonly number[]) => ks.reduce((s, k) => s + n[k], 0) / ks.length;
    const majority = counts.map((_, k) => k).filter((k) => k < K - 40);
    assert.ok(Math.abs(r.modelRatio! - mean(majority, counts) / mean(minority, counts)) < 1e-12 * r.modelRatio!);
  });
});

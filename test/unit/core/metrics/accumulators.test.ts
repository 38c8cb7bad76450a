// Mergeable statistics: the sharded workflow (pass 1 per shard → merge → pass 2 per shard against the
// merged means → merge) gives the single-run metrics; JSON round-trips exactly; bad files are named.
import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { InputError } from '../../../../src/core/errors';
import type { MetricsStatistics } from '../../../../src/core/metrics/accumulators';
import { mergePass1, mergeStatistics, pass1Fingerprint, statisticsFromJson, statisticsToJson } from '../../../../src/core/metrics/accumulators';
import { collectStatistics, computeMetrics, metricsFromStatistics } from '../../../../src/core/metrics/compute';
import { classMeans } from '../../../../src/core/metrics/means';
import { meanBasis } from '../../../../src/core/metrics/nc1';
import type { Tf } from '../../../../src/core/tf';
import type { MetricsResult } from '../../../../src/protocol/result';
import { ArraySource, assertClose, cpuTf, randomDataset } from './helpers';

let tf: Tf;
before(async () => {
  tf = await cpuTf();
});

const ds = randomDataset(21, [60, 45, 30, 20, 15], 9, 1.2);
const d = ds.dim;
const options = { weights: ds.weights, bias: ds.bias, minority: [3, 4] };

function shard(from: number, to: number): ArraySource {
  return new ArraySource(ds.features.slice(from * d, to * d), ds.labels.slice(from, to), d, 13, `shard ${from}-${to}`);
}

/** JSON.stringify + parse, as the CLI's --save-stats / --stats do. */
function viaJson(stats: MetricsStatistics, name: string): MetricsStatistics {
  return statisticsFromJson(JSON.parse(JSON.stringify(statisticsToJson(stats))), name);
}

function assertSameMetrics(a: MetricsResult, b: MetricsResult, rtol: number): void {
  for (const key of Object.keys(b) as (keyof MetricsResult)[]) {
    const x = a[key];
    const y = b[key];
    if (typeof y === 'number') assertClose(x as number, y, rtol, key, 1e-15);
  }
  assert.deepEqual(a.counts, b.counts);
  assert.equal(a.nccMismatch, b.nccMismatch);
  assert.equal(a.nccMismatchNoBias, b.nccMismatchNoBias);
  assertClose(a.minority!.meanCosClassifiers, b.minority!.meanCosClassifiers!, rtol, 'minority');
}

describe('sharded statistics merge to the single-run result', () => {
  it('pass 1 per shard → merged means → pass 2 per shard → merge = one run over all data', async () => {
    const single = await computeMetrics(tf, new ArraySource(ds.features, ds.labels, d, 32), options);
    const N = ds.labels.length;
    const cuts = [0, 70, 120, N];
    const shards = cuts.slice(1).map((to, s) => shard(cuts[s], to));

    // Stage A: every shard's own statistics (pass 2 there is against the shard's own means).
    const own = [];
    for (const s of shards) own.push(viaJson(await collectStatistics(tf, s, options), s.name));
    const first = mergeStatistics(own.map((stats, i) => ({ name: `a${i}.json`, stats })));
    assert.ok(first.warnings.some((w) => /a0\.json, a1\.json, a2\.json: pass-2 statistics were computed against other class means/.test(w)));
    const means = metricsFromStatistics(first.stats, options);
    assert.equal(means.nc1, null);
    assert.match(means.reasons!.nc1, /no pass-2 statistics/);
    // Everything that needs only the means is already the single-run value.
    for (const key of ['equinormMeans', 'equiangularMeans', 'etfDistanceMeans', 'selfDuality', 'selfDualityZhu', 'biasRelation'] as const) {
      assertClose(means[key], single[key]!, 1e-12, key);
    }

    // Stage C: pass 2 of every shard against the merged pass 1 (saved without a pass 1 of its own).
    const global = viaJson({ ...first.stats, pass2: null }, 'global.json');
    const pass2s = [];
    for (const s of shards) {
      const stats = await collectStatistics(tf, s, { ...options, statistics: global });
      assert.equal(stats.pass1, null, 'pass 1 was given, not recomputed');
      assert.equal(s.passes, 3, 'stage A made two passes; stage C only one more');
      pass2s.push(viaJson(stats, s.name));
    }
    // One shard's pass 2 alone covers part of the data: NC1 is null and says why.
    const partial = metricsFromStatistics(mergeStatistics([{ name: 'global.json', stats: global }, { name: 'p0.json', stats: pass2s[0] }]).stats, options);
    assert.equal(partial.nc1, null);
    assert.match(partial.reasons!.nc1, /pass 2 covered 70 of the 170 samples/);

    // Stage D: global pass 1 + every pass 2.
    const merged = mergeStatistics([{ name: 'global.json', stats: global }, ...pass2s.map((stats, i) => ({ name: `p${i}.json`, stats }))]);
    assert.deepEqual(merged.warnings, []);
    const result = metricsFromStatistics(merged.stats, options);
    assertSameMetrics(result, single, 1e-12);
  });

  it('the identity basis (K = 150 classes in d = 80): global pass 1, pass 2 per shard, merge = one run', async () => {
    const counts = Array.from({ length: 150 }, (_, k) => 3 + (k % 5));
    const many = randomDataset(27, counts, 80, 2);
    const D = many.dim;
    const opts = { weights: many.weights, bias: many.bias, minority: [148, 149] };
    const single = await computeMetrics(tf, new ArraySource(many.features, many.labels, D, 64), opts);
    const N = many.labels.length;
    const cut = Math.floor(N / 3);
    const parts = [new ArraySource(many.features.slice(0, cut * D), many.labels.slice(0, cut), D, 50, 'a'), new ArraySource(many.features.slice(cut * D), many.labels.slice(cut), D, 70, 'b')];
    const global = viaJson({ ...(await collectStatistics(tf, new ArraySource(many.features, many.labels, D, 90), opts)), pass2: null }, 'global.json');
    const pass2s = [];
    for (const part of parts) pass2s.push(viaJson(await collectStatistics(tf, part, { ...opts, statistics: global }), part.name));
    assert.equal(meanBasis(classMeans(global.pass1!), 1e-6).identity, true, 'the identity basis');
    assert.equal(pass2s[0].pass2?.basisRank, D, 'rank d');
    const merged = mergeStatistics([{ name: 'global.json', stats: global }, ...pass2s.map((stats, i) => ({ name: `p${i}.json`, stats }))]);
    assert.deepEqual(merged.warnings, []);
    // NC1 sums float32 scatters in other batches; everything else is float64 and agrees to rounding.
    assertSameMetrics(metricsFromStatistics(merged.stats, opts), single, 1e-6);
  });

  it('a single run saved and merged alone reproduces its metrics exactly', async () => {
    const source = new ArraySource(ds.features, ds.labels, d, 40);
    const stats = await collectStatistics(tf, source, options);
    const direct = metricsFromStatistics(stats, options);
    const again = metricsFromStatistics(mergeStatistics([{ name: 's.json', stats: viaJson(stats, 's.json') }]).stats, options);
    assert.deepEqual(again, direct);
  });

  it('pass-1 statistics add up (counts and sums), whatever the split', () => {
    const a = { classes: 2, dim: 2, counts: Float64Array.from([1, 2]), sums: Float64Array.from([1, 2, 3, 4]) };
    const b = { classes: 3, dim: 2, counts: Float64Array.from([0, 1, 5]), sums: Float64Array.from([0, 0, 1, 1, 10, 20]) };
    const m = mergePass1(a, b);
    assert.equal(m.classes, 3);
    assert.deepEqual(Array.from(m.counts), [1, 3, 5]);
    assert.deepEqual(Array.from(m.sums), [1, 2, 4, 5, 10, 20]);
    assert.equal(pass1Fingerprint(m), pass1Fingerprint(mergePass1(b, a)));
    assert.notEqual(pass1Fingerprint(m), pass1Fingerprint(a));
  });

  it('NC4 is refused when the classifier given differs from the one the decisions were made with', async () => {
    const stats = await collectStatistics(tf, new ArraySource(ds.features, ds.labels, d), options);
    const other = ds.weights.map((x) => x * 1.001);
    const r = metricsFromStatistics(stats, { ...options, weights: other });
    assert.equal(r.nccMismatch, null);
    assert.match(r.reasons!.nccMismatch, /another classifier/);
  });
});

describe('statistics JSON', () => {
  it('round-trips float64 values exactly', async () => {
    const stats = await collectStatistics(tf, new ArraySource(ds.features, ds.labels, d), options);
    const back = viaJson(stats, 'x.json');
    assert.deepEqual(back, stats);
    const json = statisticsToJson(stats);
    assert.equal(json.format, 'collapse-lens-metrics-stats');
    assert.equal(json.pass1!.sums.length, ds.classes);
    assert.equal(json.pass1!.sums[0].length, d);
    assert.equal(json.pass2!.projectedScatter.length, json.pass2!.basisRank);
  });

  it('names the file and the field that is wrong', () => {
    const good = { format: 'collapse-lens-metrics-stats', version: 1, classes: 2, dim: 1, pass1: { counts: [1, 1], sums: [[1], [2]] }, pass2: null };
    const bad: Array<[unknown, RegExp]> = [
      [[], /s\.json: the statistics file must be an object/],
      [{ ...good, format: 'other' }, /s\.json: not a Collapse Lens statistics file/],
      [{ ...good, version: 2 }, /statistics format version 2 is not supported/],
      [{ ...good, pass1: { counts: [1], sums: [[1], [2]] } }, /pass1\.counts must be an array of 2 numbers/],
      [{ ...good, pass1: { counts: [1, -1], sums: [[1], [2]] } }, /pass1\.counts\[1\] must be a finite non-negative number/],
      [{ ...good, pass1: { counts: [1, 1.5], sums: [[1], [2]] } }, /pass1\.counts\[1\] must be an integer/],
      [{ ...good, pass1: { counts: [1, 1], sums: [[1], ['x']] } }, /pass1\.sums\[1\]\[0\] must be a finite number/],
      [{ ...good, pass1: null }, /holds neither pass-1 nor pass-2 statistics/],
    ];
    for (const [value, message] of bad) assert.throws(() => statisticsFromJson(value, 's.json'), (e: unknown) => e instanceof InputError && message.test(e.message), String(message));
  });
});

// `collapse-lens metrics` end to end on .npy files, on the backend selectBackend picks (wasm here):
// the JSON keys the issue fixes, agreement with the dense reference, the table, the statistics
// workflow and exit code 2 with a clear message on bad input.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { zipSync } from 'fflate';
import { encodeNpy, writeNpy } from '../../../../src/core/io/npy';
import type { MetricsResult } from '../../../../src/protocol/result';
import { assertClose, denseReference, GEOMETRY_KEYS, randomDataset } from '../../core/metrics/helpers';
import { runCaptured } from '../../helpers/captureIo';

const dir = mkdtempSync(join(tmpdir(), 'metrics-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ds = randomDataset(41, [50, 40, 30, 20, 10], 8, 1);
const N = ds.labels.length;
const d = ds.dim;
const K = ds.classes;
const p = (name: string) => join(dir, name);

before(async () => {
  await writeNpy(p('H.npy'), ds.features, [N, d]);
  await writeNpy(p('y.npy'), ds.labels, [N]);
  await writeNpy(p('W.npy'), ds.weights, [K, d]);
  await writeNpy(p('b.npy'), ds.bias, [K]);
  await writeNpy(p('Wt.npy'), Float64Array.from({ length: K * d }, (_, i) => ds.weights[(i % K) * d + Math.floor(i / K)]), [d, K]);
  await writeNpy(p('y-bad.npy'), Int32Array.from(ds.labels, (y, i) => (i === 7 ? 9 : y)), [N]);
  await writeNpy(p('y-short.npy'), ds.labels.slice(1), [N - 1]);
  for (let s = 0; s < 2; s++) {
    const [from, to] = s === 0 ? [0, 80] : [80, N];
    await writeNpy(p(`H${s}.npy`), ds.features.slice(from * d, to * d), [to - from, d]);
    await writeNpy(p(`y${s}.npy`), ds.labels.slice(from, to), [to - from]);
  }
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await runCaptured(['metrics', ...argv]);
  return { code, out: stdout, err: stderr };
}

const ISSUE_KEYS = [
  'classes',
  'samples',
  'dim',
  'counts',
  'conventions',
  'nc1',
  ...GEOMETRY_KEYS,
  'nccMismatch',
  'nccMismatchNoBias',
  'biasRelation',
  'minority',
  'cosMeans',
  'cosClassifiers',
];

describe('collapse-lens metrics', () => {
  const full = () => ['--features', p('H.npy'), '--labels', p('y.npy'), '--weights', p('W.npy'), '--bias', p('b.npy'), '--minority', '3,4'];

  it('--json prints one object with every key of the issue, matching the dense reference', async () => {
    const { code, out, err } = await cli(...full(), '--json', '--global-mean', 'weighted', '--ddof', '1');
    assert.equal(code, 0, err);
    const r = JSON.parse(out) as MetricsResult;
    for (const key of ISSUE_KEYS) assert.ok(key in r, `missing key ${key}`);
    for (const key of ['classes', 'meanCosClassifiers', 'stdCosClassifiers', 'meanCosMeans', 'meanDistanceClassifiers', 'meanNormClassifiers']) assert.ok(key in r.minority!, `minority.${key}`);
    assert.deepEqual(r.conventions, { globalMean: 'weighted', ddof: 1, pinvRtol: 1e-6 });
    assert.equal(r.samples, N);
    const ref = denseReference(ds, 'weighted', 1, [3, 4]);
    assertClose(r.nc1, ref.nc1, 1e-6, 'nc1');
    assertClose(r.equinormMeans, ref.equinormMeans, 1e-12, 'equinormMeans');
    assertClose(r.selfDuality, ref.selfDuality, 1e-12, 'selfDuality');
    assert.equal(r.nccMismatch, ref.nccMismatch);
    assert.equal(out.trim().split('\n').length, 1, 'stdout is one JSON line');
  });

  it('without --json prints a table with one interpretation per metric', async () => {
    const { code, out } = await cli(...full());
    assert.equal(code, 0);
    assert.match(out, /samples 150, classes 5, dim 8; global mean unweighted, ddof 0; backend (wasm|cpu|tensorflow)/);
    assert.match(out, /NC1 {2}Tr\(Σ_W Σ_B⁺\)\/K +\S+ +within-class spread relative to between-class spread/);
    assert.match(out, /NC4 {2}NCC mismatch +\S+ +fraction where argmax\(W h \+ b\) ≠ nearest class mean/);
    assert.match(out, /Minority classes 3, 4/);
    assert.match(out, /\n {2}AB +\S+/);
  });

  it('reads W and b from an .npz (file.npz:key) and gives the same JSON as the .npy files', async () => {
    const zip = zipSync({ 'W.npy': encodeNpy(ds.weights, [K, d]), 'b.npy': [encodeNpy(ds.bias, [K]), { level: 6 }] });
    writeFileSync(p('clf.npz'), zip);
    const viaNpy = await cli(...full(), '--json');
    const viaNpz = await cli('--features', p('H.npy'), '--labels', p('y.npy'), '--weights', `${p('clf.npz')}:W`, '--bias', `${p('clf.npz')}:b`, '--minority', '3,4', '--json');
    assert.equal(viaNpz.code, 0, viaNpz.err);
    assert.equal(viaNpz.out, viaNpy.out);
  });

  it('metrics of a run without W: classifier metrics are null with the reason in the table', async () => {
    const { code, out } = await cli('--features', p('H.npy'), '--labels', p('y.npy'));
    assert.equal(code, 0);
    assert.match(out, /NC3 {2}self-duality +— +\(no classifier weights W given\)/);
  });

  it('--save-stats per shard and --stats merging reproduce the single run', async () => {
    const single = JSON.parse((await cli(...full(), '--json')).out) as MetricsResult;
    const shard = (s: number) => ['--features', p(`H${s}.npy`), '--labels', p(`y${s}.npy`), '--weights', p('W.npy'), '--bias', p('b.npy')];
    assert.equal((await cli(...shard(0), '--save-stats', p('a0.json'))).code, 0);
    assert.equal((await cli(...shard(1), '--save-stats', p('a1.json'))).code, 0);
    const merged = await cli('--stats', `${p('a0.json')},${p('a1.json')}`, '--save-stats', p('global.json'), '--weights', p('W.npy'), '--bias', p('b.npy'), '--json');
    assert.equal(merged.code, 0, merged.err);
    const m = JSON.parse(merged.out) as MetricsResult;
    assert.equal(m.nc1, null);
    assert.ok(m.warnings!.some((w) => /pass-2 statistics were computed against other class means/.test(w)));
    assert.equal((await cli(...shard(0), '--stats', p('global.json'), '--save-stats', p('p0.json'))).code, 0);
    assert.equal((await cli(...shard(1), '--stats', p('global.json'), '--save-stats', p('p1.json'))).code, 0);
    const saved = JSON.parse(await readFile(p('p0.json'), 'utf8'));
    assert.equal(saved.pass1, null);
    assert.equal(saved.pass2.counts.reduce((a: number, b: number) => a + b, 0), 80);
    const final = await cli('--stats', [p('global.json'), p('p0.json'), p('p1.json')].join(','), '--weights', p('W.npy'), '--bias', p('b.npy'), '--minority', '3,4', '--json');
    assert.equal(final.code, 0, final.err);
    const f = JSON.parse(final.out) as MetricsResult;
    for (const key of ISSUE_KEYS) {
      const x = (f as unknown as Record<string, unknown>)[key];
      const y = (single as unknown as Record<string, unknown>)[key];
      if (typeof y === 'number') assertClose(x as number, y, 1e-12, key, 1e-15);
    }
    assert.equal(f.nccMismatch, single.nccMismatch);
  });

  const failures: Array<[string, string[], RegExp]> = [
    ['no input', [], /give --features H\.npy --labels y\.npy, or --stats/],
    ['features without labels', ['--features', 'H.npy'], /--features needs --labels/],
    ['bad --global-mean', ['--features', 'a', '--labels', 'b', '--global-mean', 'mean'], /--global-mean must be unweighted or weighted, got "mean"/],
    ['bad --ddof', ['--features', 'a', '--labels', 'b', '--ddof', '2'], /--ddof must be 0 or 1, got "2"/],
    ['bad --minority', ['--features', 'a', '--labels', 'b', '--minority', '5,x'], /--minority must be auto, none or a comma-separated list of class indices/],
    ['bad --backend', ['--features', 'a', '--labels', 'b', '--backend', 'gpu'], /--backend must be auto, tensorflow, wasm or cpu/],
    ['unknown option', ['--feature', 'a'], /unknown option --feature/],
  ];
  for (const [what, argv, message] of failures) {
    it(`exit 2: ${what}`, async () => {
      const { code, err, out } = await cli(...argv);
      assert.equal(code, 2);
      assert.equal(out, '');
      assert.match(err, /^collapse-lens metrics: /);
      assert.match(err, message);
    });
  }

  it('exit 2 on bad data: missing file, label out of range, N mismatch, transposed W, bad stats file', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--features', p('nope.npy'), '--labels', p('y.npy')], /nope\.npy: no such file or folder/],
      [['--features', p('H.npy'), '--labels', p('y-bad.npy'), '--weights', p('W.npy')], /y-bad\.npy: label 9 at row 7 is out of range: K = 5, so labels are 0\.\.4/],
      [['--features', p('H.npy'), '--labels', p('y-short.npy')], /y-short\.npy has 149 labels but .*H\.npy has 150 samples \(N mismatch\)/],
      [['--features', p('H.npy'), '--labels', p('y.npy'), '--weights', p('Wt.npy')], /Wt\.npy: W has shape \(8, 5\) but the features have d = 8, so W must be K×8; it looks like d×K \(a Dense kernel\) — transpose it/],
      [['--features', p('H.npy'), '--labels', p('y.npy'), '--weights', p('W.npy'), '--bias', p('y.npy')], /the bias has 150 values but W has 5 rows/],
      [['--stats', p('H.npy')], /H\.npy: not valid JSON/],
    ];
    writeFileSync(p('notstats.json'), '{"format": "x"}');
    cases.push([['--stats', p('notstats.json')], /notstats\.json: not a Collapse Lens statistics file/]);
    for (const [argv, message] of cases) {
      const { code, err } = await cli(...argv);
      assert.equal(code, 2, `${argv.join(' ')} → ${err}`);
      assert.match(err, message);
    }
  });
});

describe('collapse-lens metrics --minority auto', () => {
  it('picks the classes with n_k ≤ max n / 4 (the same rule as inspect) and says so', async () => {
    const counts = Array.from({ length: K }, (_, k) => ds.labels.filter((y) => y === k).length);
    const largest = Math.max(...counts);
    const expected = counts.flatMap((n, k) => (n <= largest / 4 ? [k] : []));
    assert.ok(expected.length > 0 && expected.length < K);
    const auto = await cli('--features', p('H.npy'), '--labels', p('y.npy'), '--weights', p('W.npy'), '--bias', p('b.npy'), '--minority', 'auto', '--json');
    const listed = await cli('--features', p('H.npy'), '--labels', p('y.npy'), '--weights', p('W.npy'), '--bias', p('b.npy'), '--minority', expected.join(','), '--json');
    assert.equal(auto.code, 0, auto.err);
    const a = JSON.parse(auto.out);
    assert.deepEqual(a.minority, JSON.parse(listed.out).minority);
    assert.deepEqual(a.minority.classes, expected);
    assert.ok(a.warnings.some((w: string) => w.startsWith(`--minority auto picked classes ${expected.join(', ')}`)));
  });
});

// Regression guard for refactors: the JSON of `sample` (the four bundled reports), `metrics` on a seeded
// data set and `inspect` on the fixture models must keep every key and value recorded in
// test/fixtures/golden/ before the structure change. New keys may appear (later features add them);
// a recorded key may not vanish or change. Floats are compared to 1e-9 relative (1e-12 absolute near 0):
// a change of linear-algebra routine may move the last bits, never a reported digit. Volatile fields
// (timestamps, solver seconds, absolute paths) are normalised first.
// Regenerate deliberately with UPDATE_GOLDEN=1 (and say why in the commit).
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeNpy } from '../../../src/core/io/npy';
import { randomDataset } from '../core/metrics/helpers';
import { runCaptured } from '../helpers/captureIo';

// The bundle runs from out/test/unit/golden/.
const ROOT = resolve(__dirname, '..', '..', '..', '..');
const GOLDEN = join(ROOT, 'test', 'fixtures', 'golden');
const FIXTURES = join(ROOT, 'test', 'fixtures');
const SAMPLES = join(ROOT, 'media', 'samples');
const update = process.env.UPDATE_GOLDEN === '1';
const work = mkdtempSync(join(tmpdir(), 'collapse-lens-golden-'));
after(() => rmSync(work, { recursive: true, force: true }));

async function cliJson(argv: string[]): Promise<unknown> {
  const { code, stdout, stderr } = await runCaptured(argv);
  assert.equal(code, 0, `${argv.join(' ')}: ${stderr}`);
  return JSON.parse(stdout);
}

const VOLATILE = new Set(['createdAt', 'seconds', 'elapsedSeconds', 'samplesPerSecond']);

/** Timestamps and timings dropped, absolute paths made relative to the repository. */
function normalise(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return value.split(work).join('<work>').split(ROOT).join('<root>');
  if (Array.isArray(value)) return value.map((v) => normalise(v));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!VOLATILE.has(k)) out[k] = normalise(v, k);
    return out;
  }
  void key;
  return value;
}

/** Every key and value of `expected` holds in `actual` (extra keys in `actual` are allowed). */
function assertContains(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const tol = Math.max(1e-12, 1e-9 * Math.abs(expected));
    assert.ok(Math.abs(actual - expected) <= tol || (Number.isNaN(actual) && Number.isNaN(expected)), `${path}: ${actual} ≠ ${expected}`);
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array, got ${JSON.stringify(actual)?.slice(0, 80)}`);
    assert.equal(actual.length, expected.length, `${path}: length`);
    expected.forEach((e, i) => assertContains(actual[i], e, `${path}[${i}]`));
    return;
  }
  if (expected && typeof expected === 'object') {
    assert.ok(actual && typeof actual === 'object' && !Array.isArray(actual), `${path}: expected an object, got ${JSON.stringify(actual)?.slice(0, 80)}`);
    for (const [k, v] of Object.entries(expected)) {
      assert.ok(k in (actual as object), `${path}.${k}: missing`);
      assertContains((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
    }
    return;
  }
  assert.deepEqual(actual, expected, path);
}

function check(name: string, value: unknown): void {
  const file = join(GOLDEN, `${name}.json`);
  const actual = normalise(value);
  if (update || !existsSync(file)) {
    assert.ok(update, `${file} is missing: run the unit tests with UPDATE_GOLDEN=1 to record it`);
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, JSON.stringify(actual, null, 1) + '\n');
    return;
  }
  assertContains(actual, JSON.parse(readFileSync(file, 'utf8')), name);
}

describe('JSON output unchanged by refactors (test/fixtures/golden)', () => {
  const ds = randomDataset(41, [50, 40, 30, 20, 10], 8, 1);
  const p = (f: string) => join(work, f);
  before(async () => {
    const N = ds.labels.length;
    await writeNpy(p('H.npy'), ds.features, [N, ds.dim]);
    await writeNpy(p('y.npy'), ds.labels, [N]);
    await writeNpy(p('W.npy'), ds.weights, [ds.classes, ds.dim]);
    await writeNpy(p('b.npy'), ds.bias, [ds.classes]);
  });

  it('sample --json: the four bundled reports', async () => {
    check('sample', await cliJson(['sample', '--json', '--out', join(work, 'out'), '--samples', SAMPLES]));
  });

  it('metrics --json on a seeded imbalanced set, both conventions', async () => {
    const base = ['metrics', '--features', p('H.npy'), '--labels', p('y.npy'), '--weights', p('W.npy'), '--bias', p('b.npy'), '--json'];
    check('metrics-default', await cliJson([...base, '--minority', '3,4']));
    check('metrics-weighted-ddof1', await cliJson([...base, '--minority', '2,3,4', '--global-mean', 'weighted', '--ddof', '1']));
    check('metrics-no-weights', await cliJson(['metrics', '--features', p('H.npy'), '--labels', p('y.npy'), '--json']));
  });

  it('inspect --json on the fixture models', async () => {
    const blobs = join(FIXTURES, 'data', 'blobs');
    check('inspect-mlp', await cliJson(['inspect', join(FIXTURES, 'models', 'mlp'), '--data', join(blobs, 'imbalanced.csv'), '--test-data', join(blobs, 'test.csv'), '--minority', 'auto', '--json', '--quiet']));
    check('inspect-graph', await cliJson(['inspect', join(FIXTURES, 'models', 'graph-fused'), '--data', join(blobs, 'train.csv'), '--json', '--quiet']));
    check('inspect-checkpoints', await cliJson(['inspect', join(FIXTURES, 'models', 'checkpoints'), '--data', join(blobs, 'train.csv'), '--json', '--quiet']));
  });

  it('report --lpm-only and lpm --json', async () => {
    check('report-lpm-only', await cliJson(['report', '--lpm-only', '--counts', '1000,1000,1000,1000,1000,10,10,10,10,10', '--eh', '5', '--ew', '1', '--json']));
    check('lpm-two-level', await cliJson(['lpm', '--classes', '10', '--majority', '5', '--ratio', '100', '--eh', '5', '--ew', '1', '--json']));
  });
});

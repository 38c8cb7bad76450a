// `collapse-lens inspect` end to end on the fixture models, checked against oracles computed here
// in float64 from the shard bytes and the data files (NC1 by the pseudo-inverse definition,
// theory.md §1.2), not against the tool's own output.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Matrix, pseudoInverse } from 'ml-matrix';
import { decodeNpz } from '../../../../src/core/io/npz';
import type { Progress } from '../../../../src/protocol/progress';
import type { InspectResult } from '../../../../src/protocol/result';
import { DATA, dense, maxAbsDiff, MODELS, readCsv, readWeights, relu } from '../../core/model/oracle';
import { runCaptured } from '../../helpers/captureIo';

const work = mkdtempSync(join(tmpdir(), 'collapse-lens-inspect-'));
after(() => rmSync(work, { recursive: true, force: true }));

async function inspect(args: string[], io: { interactive?: boolean; progress?: (p: Progress) => void } = {}) {
  return runCaptured(['inspect', ...args], io);
}

async function inspectJson(args: string[]): Promise<InspectResult> {
  const r = await inspect([...args, '--json', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as InspectResult;
}

/** H = relu(x W1 + b1) of the MLP fixture, from the shard bytes. */
function mlpFeatures(dir: string, csv: string): { h: number[][]; y: number[] } {
  const w = readWeights(dir);
  const data = readCsv(csv);
  return { h: data.rows.map((x) => dense(x, w.get('hidden/kernel')!, w.get('hidden/bias'), relu)), y: data.labels.map(Number) };
}

/** NC1 = Tr(Σ_W Σ_B⁺)/K with Σ_W /N and Σ_B /K around the mean of class means (theory.md §1.1–1.2). */
function nc1Oracle(h: number[][], y: number[], k: number): number {
  const d = h[0].length;
  const means = Array.from({ length: k }, (_, c) => {
    const rows = h.filter((_, i) => y[i] === c);
    return Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + r[j], 0) / rows.length);
  });
  const g = Array.from({ length: d }, (_, j) => means.reduce((s, m) => s + m[j], 0) / k);
  const sw = Matrix.zeros(d, d);
  h.forEach((r, i) => {
    const e = Matrix.columnVector(r.map((v, j) => v - means[y[i]][j]));
    sw.add(e.mmul(e.transpose()));
  });
  sw.div(h.length);
  const sb = Matrix.zeros(d, d);
  for (const m of means) {
    const e = Matrix.columnVector(m.map((v, j) => v - g[j]));
    sb.add(e.mmul(e.transpose()));
  }
  sb.div(k);
  return sw.mmul(pseudoInverse(sb, 1e-10)).trace() / k;
}

describe('collapse-lens inspect', () => {
  it('MLP on CSV: model report, counts, NC1 equal to the float64 pseudo-inverse oracle, NC4 on test data', async () => {
    const train = join(DATA, 'blobs', 'train.csv');
    const r = await inspectJson([join(MODELS, 'mlp'), '--data', train, '--test-data', join(DATA, 'blobs', 'test.csv')]);
    assert.deepEqual(r.model, { ...r.model, format: 'layers-model', featureLayer: 'hidden', classifierLayer: 'classifier', dim: 16, classes: 3 });
    assert.ok(r.model.predictMaxAbsDiff !== null && r.model.predictMaxAbsDiff < 1e-5);
    assert.equal(r.backend.name, 'wasm');
    assert.match(r.backend.reason, /wasm/);
    assert.equal(r.samples, 150);
    assert.deepEqual(r.counts, [50, 50, 50]);
    const { h, y } = mlpFeatures(join(MODELS, 'mlp'), train);
    const expected = nc1Oracle(h, y, 3);
    assert.ok(Math.abs(r.nc1! - expected) <= 1e-4 * expected, `nc1 ${r.nc1} vs oracle ${expected}`);
    assert.equal(r.test?.samples, 60);
    // Test accuracy from the oracle forward pass: argmax of the logits against the test labels.
    const w = readWeights(join(MODELS, 'mlp'));
    const t = mlpFeatures(join(MODELS, 'mlp'), join(DATA, 'blobs', 'test.csv'));
    const correct = t.h.filter((hi, i) => {
      const z = dense(hi, w.get('classifier/kernel')!, w.get('classifier/bias'));
      return z.indexOf(Math.max(...z)) === t.y[i];
    }).length;
    assert.equal(r.test?.accuracy, correct / 60);
    assert.deepEqual(r.data?.train, { path: train, format: 'csv', samples: 150, classNames: null });
  });

  it('checkpoint folder: a trajectory in natural epoch order, each point equal to inspecting that checkpoint alone', async () => {
    const dir = join(MODELS, 'checkpoints');
    const csv = join(DATA, 'blobs', 'train.csv');
    const r = await inspectJson([dir, '--data', csv]);
    assert.deepEqual(r.trajectory?.map((p) => [p.checkpoint, p.epoch]), [
      ['epoch-1', 1],
      ['epoch-2', 2],
      ['epoch-10', 10],
      ['epoch-40', 40],
    ]);
    for (const p of r.trajectory!) {
      const { h, y } = mlpFeatures(join(dir, p.checkpoint), csv);
      const expected = nc1Oracle(h, y, 3);
      assert.ok(Math.abs(p.nc1! - expected) <= 1e-4 * expected, `${p.checkpoint}: ${p.nc1} vs ${expected}`);
    }
    assert.equal(r.nc1, r.trajectory!.at(-1)!.nc1, 'the top-level metrics are the last checkpoint');
  });

  it('--minority auto picks the classes with at most 1/4 of the largest count', async () => {
    const r = await inspectJson([join(MODELS, 'mlp'), '--data', join(DATA, 'blobs', 'imbalanced.csv'), '--minority', 'auto']);
    assert.deepEqual(r.counts, [50, 50, 10]);
    assert.deepEqual(r.minority?.classes, [2]);
    assert.match(r.warnings!.join('\n'), /--minority auto picked classes 2/);
  });

  it('--save-features writes H, y, W, b (H equal to the oracle features, W the kernel transposed)', async () => {
    const out = join(work, 'features.npz');
    const train = join(DATA, 'blobs', 'train.csv');
    await inspectJson([join(MODELS, 'mlp'), '--data', train, '--save-features', out]);
    const arrays = decodeNpz(readFileSync(out), out);
    assert.deepEqual([...arrays.keys()].sort(), ['H', 'W', 'b', 'y']);
    const { h, y } = mlpFeatures(join(MODELS, 'mlp'), train);
    assert.deepEqual(arrays.get('H')!.shape, [150, 16]);
    assert.ok(maxAbsDiff(arrays.get('H')!.data, h.flat()) < 1e-5);
    assert.deepEqual([...arrays.get('y')!.data], y);
    const kernel = readWeights(join(MODELS, 'mlp')).get('classifier/kernel')!;
    assert.deepEqual(arrays.get('W')!.shape, [3, 16]);
    assert.ok(maxAbsDiff(arrays.get('W')!.data, Array.from({ length: 48 }, (_, i) => kernel.values[(i % 16) * 3 + Math.floor(i / 16)])) < 1e-7);
  });

  it('image folder with class names, IDX files and .npz inputs give the same conv features', async () => {
    const conv = join(MODELS, 'conv');
    const folder = await inspectJson([conv, '--data', join(DATA, 'stripes', 'train')]);
    const idx = await inspectJson([conv, '--data', join(DATA, 'stripes', 'idx', 'train-images-idx3-ubyte')]);
    assert.deepEqual(folder.data?.train.classNames, ['diagonal', 'horizontal', 'vertical']);
    assert.deepEqual(folder.counts, idx.counts);
    // Same images (the JPEGs differ by compression), same labels: the metrics agree closely.
    assert.ok(Math.abs(folder.nc1! - idx.nc1!) < 0.05 * idx.nc1!, `${folder.nc1} vs ${idx.nc1}`);
    assert.equal(idx.nccMismatch, folder.nccMismatch);
  });

  it('graph models report their node names and agree with the layers model', async () => {
    const csv = join(DATA, 'blobs', 'train.csv');
    const layers = await inspectJson([join(MODELS, 'mlp'), '--data', csv]);
    const graph = await inspectJson([join(MODELS, 'graph-fused'), '--data', csv]);
    assert.equal(graph.model.format, 'graph-model');
    assert.equal(graph.model.featureLayer, 'StatefulPartitionedCall/sequential/hidden/Relu');
    assert.ok(Math.abs(graph.nc1! - layers.nc1!) < 1e-6 * layers.nc1!);
  });

  it('a real Fashion-MNIST sample (media/samples, R = 100) matches the numpy recomputation in its README', async () => {
    // media/samples/README.md: R = 100 row and trajectory, computed independently with numpy (3 decimals).
    const samples = join(__dirname, '..', '..', '..', '..', '..', 'media', 'samples');
    const data = join(samples, 'data');
    const r = await inspectJson([join(samples, 'fashion-r100'), '--data', join(data, 'train-r100-images.npy'), '--test-data', join(data, 'test-images.npy'), '--minority', 'auto']);
    const near = (x: number | null | undefined, v: number, what: string) => assert.ok(x !== null && x !== undefined && Math.abs(x - v) <= 0.0005 + 1e-9, `${what}: ${x} vs ${v}`);
    assert.deepEqual(r.counts, [1000, 1000, 1000, 1000, 1000, 10, 10, 10, 10, 10]);
    assert.deepEqual(r.minority?.classes, [5, 6, 7, 8, 9]);
    near(r.nc1, 0.48, 'NC1');
    near(r.selfDuality, 0.645, 'NC3');
    near(r.nccMismatch, 0.034, 'NC4 train');
    near(r.test?.nccMismatch, 0.147, 'NC4 test');
    near(r.test?.accuracy, 0.729, 'test accuracy');
    near(r.minority?.meanCosClassifiers, 0.104, 'minority cos');
    const traj = await inspectJson([join(samples, 'fashion-r100', 'checkpoints'), '--data', join(data, 'train-r100-images.npy')]);
    const expected = [7.004, 4.283, 1.881, 1.489, 0.701, 0.49, 0.48];
    assert.deepEqual(traj.trajectory?.map((p) => p.epoch), [5, 10, 25, 50, 100, 200, 300]);
    traj.trajectory!.forEach((p, i) => near(p.nc1, expected[i], `NC1 at epoch ${p.epoch}`));
  });

  it('progress: structured events for the engine; a bar on a terminal unless --quiet; stdout stays the JSON', async () => {
    const events: Progress[] = [];
    const args = [join(MODELS, 'mlp'), '--data', join(DATA, 'blobs', 'train.csv'), '--json', '--batch-size', '32'];
    const tty = await inspect(args, { interactive: true, progress: (p) => events.push(p) });
    assert.equal(tty.code, 0);
    JSON.parse(tty.stdout);
    assert.ok(events.some((e) => /pass 1\/2/.test(e.stage)) && events.some((e) => /pass 2\/2/.test(e.stage)));
    assert.ok(tty.stderr.includes('\r') && /pass 1\/2/.test(tty.stderr) && tty.stderr.includes('\x1b[K'), 'a bar redrawn in place');
    assert.ok(tty.stderr.endsWith('\r\x1b[K'), 'the bar is erased at the end');
    const quiet = await inspect([...args, '--quiet'], { interactive: true });
    assert.equal(quiet.stderr, '');
  });

  it('usage errors exit 2 with the option named', async () => {
    for (const [args, message] of [
      [[join(MODELS, 'mlp')], /--data is required/],
      [[join(MODELS, 'mlp'), '--data', 'x.csv', '--minority', 'few'], /--minority must be auto, none or a comma-separated list/],
      [[join(MODELS, 'mlp'), '--data', 'x.csv', '--batch-size', '0'], /--batch-size must be a positive integer/],
      [[join(MODELS, 'mlp'), '--data', 'x.csv', '--normalize', 'meanstd:0.5'], /--normalize meanstd needs two numbers/],
      [['--data', 'x.csv'], /give the model/],
    ] as const) {
      const r = await inspect([...args]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, message);
    }
  });
});

// Features from .npy files (single, Fortran order, float64, shards by folder/glob/list), progress,
// cancellation, tensor hygiene and the input errors of the metrics engine.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openNpyFeatureSource } from '../../../../src/core/data/npySource';
import { InputError } from '../../../../src/core/errors';
import { encodeNpy, writeNpy } from '../../../../src/core/io/npy';
import { computeMetrics } from '../../../../src/core/metrics/compute';
import type { Tf } from '../../../../src/core/tf';
import type { Progress } from '../../../../src/protocol/progress';
import { ArraySource, cpuTf, randomDataset } from './helpers';

let tf: Tf;
const dir = mkdtempSync(join(tmpdir(), 'metrics-source-'));
before(async () => {
  tf = await cpuTf();
});
after(() => rmSync(dir, { recursive: true, force: true }));

const ds = randomDataset(31, [30, 25, 20, 15], 6, 1);
const d = ds.dim;
const N = ds.labels.length;
const options = { weights: ds.weights, bias: ds.bias, minority: [2, 3] };

/** A Fortran-order .npy assembled by hand (header with fortran_order True, column-major data). */
function fortranNpy(data: Float32Array, rows: number, cols: number): Uint8Array {
  const header = `{'descr': '<f4', 'fortran_order': True, 'shape': (${rows}, ${cols}), }`;
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  const text = header.padEnd(total - 11, ' ') + '\n';
  const out = new Uint8Array(total + rows * cols * 4);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, text.length, true);
  for (let i = 0; i < text.length; i++) out[10 + i] = text.charCodeAt(i);
  const view = new DataView(out.buffer, total);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) view.setFloat32((j * rows + i) * 4, data[i * cols + j], true);
  return out;
}

describe('.npy feature source', () => {
  it('gives the same metrics as the in-memory data, for C order, Fortran order and float64 files', async () => {
    const expected = await computeMetrics(tf, new ArraySource(ds.features, ds.labels, d, 1000), options);
    await writeNpy(join(dir, 'y.npy'), ds.labels, [N]);
    await writeNpy(join(dir, 'H.npy'), ds.features, [N, d]);
    writeFileSync(join(dir, 'HF.npy'), fortranNpy(ds.features, N, d));
    await writeNpy(join(dir, 'H64.npy'), Float64Array.from(ds.features), [N, d]);
    for (const file of ['H.npy', 'HF.npy', 'H64.npy']) {
      for (const batchRows of [7, 64]) {
        const source = await openNpyFeatureSource(join(dir, file), join(dir, 'y.npy'), { batchRows });
        assert.equal(source.rows, N);
        assert.equal(source.dim, d);
        const r = await computeMetrics(tf, source, options);
        assert.deepEqual(r, expected, `${file}, batches of ${batchRows}`);
      }
    }
  });

  it('reads shards given as a folder, a glob or a list, in natural order', async () => {
    const expected = await computeMetrics(tf, new ArraySource(ds.features, ds.labels, d), options);
    const fx = join(dir, 'shards-x');
    const fy = join(dir, 'shards-y');
    mkdirSync(fx);
    mkdirSync(fy);
    // Names chosen so that plain string order (H_10 < H_2) would be wrong.
    const cuts = [0, 11, 40, 41, N];
    const names = ['H_1', 'H_2', 'H_10', 'H_11'];
    for (let s = 0; s < 4; s++) {
      await writeNpy(join(fx, `${names[s]}.npy`), ds.features.slice(cuts[s] * d, cuts[s + 1] * d), [cuts[s + 1] - cuts[s], d]);
      await writeNpy(join(fy, `${names[s].replace('H', 'y')}.npy`), ds.labels.slice(cuts[s], cuts[s + 1]), [cuts[s + 1] - cuts[s]]);
    }
    const list = names.map((n) => join(fx, `${n}.npy`)).join(',');
    const labelList = names.map((n) => join(fy, `${n.replace('H', 'y')}.npy`)).join(',');
    for (const [features, labels] of [
      [fx, fy],
      [join(fx, 'H_*.npy'), join(fy, 'y_?*.npy')],
      [list, labelList],
    ]) {
      const source = await openNpyFeatureSource(features, labels, { batchRows: 8 });
      assert.match(source.name, /H_1\.npy … .*H_11\.npy \(4 shards\)/);
      assert.equal(source.locate(12), `row 1 of ${join(fx, 'H_2.npy')}`);
      const r = await computeMetrics(tf, source, options);
      assert.deepEqual(r, expected, features);
    }
    await assert.rejects(openNpyFeatureSource(fx, join(fy, 'y_1*.npy')), /the features have 4 shards but the labels have 3/);
    await assert.rejects(openNpyFeatureSource(join(fx, 'Z_*.npy'), fy), /Z_\*\.npy: no files match/);
  });

  it('reports progress for both passes and honours cancellation', async () => {
    const source = await openNpyFeatureSource(join(dir, 'H.npy'), join(dir, 'y.npy'), { batchRows: 10 });
    const seen: Progress[] = [];
    await computeMetrics(tf, source, { ...options, onProgress: (p) => seen.push(p) });
    const stages = [...new Set(seen.map((p) => p.stage))];
    assert.deepEqual(stages, ['pass 1/2: class means', 'pass 2/2: NC1 projections and NCC decisions']);
    for (const stage of stages) {
      const last = seen.filter((p) => p.stage === stage).at(-1)!;
      assert.equal(last.done, N);
      assert.equal(last.total, N);
      assert.equal(last.unit, 'samples');
    }
    const controller = new AbortController();
    const cancelled = computeMetrics(tf, source, {
      ...options,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done >= 30) controller.abort();
      },
    });
    await assert.rejects(cancelled, (e: unknown) => e instanceof Error && e.name === 'AbortError');
  });

  it('does not leak tensors across runs', async () => {
    const source = new ArraySource(ds.features, ds.labels, d, 9);
    await computeMetrics(tf, source, options);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await computeMetrics(tf, source, options);
    assert.equal(tf.memory().numTensors, before);
  });
});

describe('input errors name the file, row and fault', () => {
  const write = async (name: string, data: Float32Array | Float64Array | Int32Array, shape: number[]) => {
    const path = join(dir, name);
    await writeNpy(path, data, shape);
    return path;
  };
  const rejects = async (promise: Promise<unknown>, message: RegExp) =>
    assert.rejects(promise, (e: unknown) => e instanceof InputError && message.test(e.message), String(message));

  it('labels: non-integer, negative, out of range for W, N mismatch, wrong shape', async () => {
    const H = await write('e-H.npy', new Float32Array(8), [4, 2]);
    const open = async (labels: Float64Array | Int32Array, shape = [labels.length]) => openNpyFeatureSource(H, await write('e-y.npy', labels, shape));
    await rejects(computeMetrics(tf, await open(Float64Array.from([0, 2.5, 1, 0]))), /e-y\.npy: label 2\.5 at row 1 is not an integer class index/);
    await rejects(computeMetrics(tf, await open(Int32Array.from([0, 1, -1, 0]))), /e-y\.npy: label -1 at row 2 is negative/);
    const W = new Float64Array(6);
    await rejects(computeMetrics(tf, await open(Int32Array.from([0, 1, 2, 3])), { weights: W }), /e-y\.npy: label 3 at row 3 is out of range: K = 3, so labels are 0\.\.2/);
    await rejects(open(Int32Array.from([0, 1, 1])), /e-y\.npy has 3 labels but .*e-H\.npy has 4 samples \(N mismatch\)/);
    await rejects(open(Int32Array.from([0, 1, 1, 0]), [2, 2]), /e-y\.npy: labels must be a 1-D array .* got shape \(2, 2\)/);
    await rejects(openNpyFeatureSource(await write('e-H1.npy', new Float32Array(4), [4]), join(dir, 'e-y.npy')), /features must be a 2-D array \(samples × dim\), got shape \(4,\)/);
  });

  it('NaN and Inf: the first bad value by row and column (across batches and shards)', async () => {
    const features = new Float32Array(ds.features);
    features[70 * d + 2] = NaN;
    features[80 * d + 1] = Infinity;
    await rejects(computeMetrics(tf, new ArraySource(features, ds.labels, d, 16)), /test features: non-finite value NaN at row 70, column 2/);
    features[70 * d + 2] = 0;
    await rejects(computeMetrics(tf, new ArraySource(features, ds.labels, d, 16)), /non-finite value Infinity at row 80, column 1/);
    const a = await write('nan-0.npy', features.slice(0, 50 * d), [50, d]);
    const b = await write('nan-1.npy', features.slice(50 * d), [N - 50, d]);
    const ya = await write('nan-y0.npy', ds.labels.slice(0, 50), [50]);
    const yb = await write('nan-y1.npy', ds.labels.slice(50), [N - 50]);
    await rejects(computeMetrics(tf, await openNpyFeatureSource(`${a},${b}`, `${ya},${yb}`, { batchRows: 8 })), /non-finite value Infinity at row 30 of .*nan-1\.npy, column 1/);
  });

  it('empty classes, K < 2, classifier shapes, minority lists', async () => {
    const source = (labels: number[]) => new ArraySource(new Float32Array(labels.length * 2).map((_, i) => i % 7), Int32Array.from(labels), 2);
    await rejects(computeMetrics(tf, source([0, 2, 2, 0])), /class 1 has no samples \(K = 3\)/);
    await rejects(computeMetrics(tf, source([0, 1, 1, 0]), { weights: new Float64Array(8) }), /classes 2, 3 have no samples \(K = 4\)/);
    await rejects(computeMetrics(tf, source([0, 0, 0])), /needs at least 2 classes, found K = 1/);
    await rejects(computeMetrics(tf, source([0, 1]), { weights: new Float64Array(7) }), /W has 7 values, which is not K × d for d = 2/);
    await rejects(computeMetrics(tf, source([0, 1]), { weights: new Float64Array(4), bias: new Float64Array(3) }), /the bias has 3 values but W has 2 rows/);
    await rejects(computeMetrics(tf, source([0, 1]), { weights: Float64Array.from([1, NaN, 0, 0]) }), /W has a non-finite value NaN at row 0, column 1/);
    await rejects(computeMetrics(tf, source([0, 1, 2]), { minority: [1, 3] }), /minority class 3 is not a class label \(labels are 0\.\.2\)/);
    await rejects(computeMetrics(tf, source([0, 1, 2]), { minority: [0, 1, 2] }), /every class is listed as a minority class/);
  });

  it('a bad .npy names the file', async () => {
    writeFileSync(join(dir, 'bad.npy'), encodeNpy(new Float32Array(4), [4]).subarray(0, 70));
    await rejects(openNpyFeatureSource(join(dir, 'bad.npy'), join(dir, 'y.npy')), /bad\.npy: truncated/);
  });
});

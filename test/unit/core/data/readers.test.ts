// Data readers against the bytes of the fixture files, decoded independently here.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { openCsv } from '../../../../src/core/data/csv';
import { openIdx } from '../../../../src/core/data/idx';
import { openImageFolder } from '../../../../src/core/data/imageFolder';
import type { InputSource } from '../../../../src/core/data/inputs';
import { inferLabelMapping, labelIndex } from '../../../../src/core/data/labels';
import { resizeBilinear } from '../../../../src/core/data/resize';
import { DATA } from '../model/oracle';

async function all(source: InputSource, batchSize: number) {
  const values: number[] = [];
  const labels: number[] = [];
  const sizes: number[] = [];
  for await (const b of source.batches(batchSize)) {
    values.push(...b.values);
    labels.push(...b.labels);
    sizes.push(b.rows);
  }
  return { values, labels, sizes };
}

const close = (a: number, b: number, tol = 1e-6) => Math.abs(a - b) <= tol;

describe('CSV', () => {
  it('reads a header, the "label" column, every value, in batches of any size', async () => {
    const path = join(DATA, 'blobs', 'train.csv');
    const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1);
    const csv = await openCsv(path);
    assert.equal(csv.rows, 150);
    assert.deepEqual(csv.sampleShape, [4]);
    assert.equal(csv.labelNames, null);
    assert.equal(csv.labelCount, 3);
    const got = await all(csv, 7);
    assert.deepEqual(got.sizes, [...Array(21).fill(7), 3]);
    const expected = lines.flatMap((l) => l.split(',').slice(0, 4).map(Number));
    assert.ok(got.values.every((v, i) => close(v, Math.fround(expected[i]), 0)));
    assert.deepEqual(got.labels, lines.map((l) => Number(l.split(',')[4])));
  });

  it('reads a header-less file of class names, mapping names in sorted order', async () => {
    const csv = await openCsv(join(DATA, 'blobs', 'test-names.csv'));
    assert.deepEqual(csv.labelNames, ['alpha', 'beta', 'gamma']);
    assert.equal(csv.rows, 60);
    const got = await all(csv, 16);
    const names = readFileSync(join(DATA, 'blobs', 'test-names.csv'), 'utf8').trim().split('\n').map((l) => l.split(',')[4]);
    assert.deepEqual(got.labels, names.map((n) => ['alpha', 'beta', 'gamma'].indexOf(n)));
  });

  it('takes the label column by name or index, and applies the training set mapping to a test set', async () => {
    for (const labelColumn of ['label', '4', '-1']) {
      const csv = await openCsv(join(DATA, 'blobs', 'train.csv'), { labelColumn });
      assert.deepEqual(csv.sampleShape, [4]);
      assert.equal(csv.labelCount, 3);
    }
    await assert.rejects(openCsv(join(DATA, 'blobs', 'train.csv'), { labelColumn: '0' }), /train\.csv: line 2, column 1 \("x1"\): label 1\.3176 is not an integer class index/);
    await assert.rejects(openCsv(join(DATA, 'blobs', 'train.csv'), { labelColumn: 'nope' }), /has no label column "nope" \(header: x1, x2, x3, x4, label\)/);
    await assert.rejects(
      openCsv(join(DATA, 'blobs', 'test-names.csv'), { labels: { kind: 'names', names: ['alpha', 'beta'] } }),
      /test-names\.csv: line 3, column 5: label "gamma" is not one of the classes \(alpha, beta\)/,
    );
  });
});

describe('labels', () => {
  it('integers (also "2.0") are indices; negatives and fractions are refused; any name makes all names', () => {
    assert.deepEqual(inferLabelMapping(['0', '2', '1.0']), { kind: 'indices' });
    assert.equal(labelIndex('1.0', { kind: 'indices' }), 1);
    assert.equal(labelIndex('-1', { kind: 'indices' }), 'label -1 is negative');
    assert.equal(labelIndex('1.5', { kind: 'indices' }), 'label 1.5 is not an integer class index');
    assert.deepEqual(inferLabelMapping(['dog', 'cat', '3']), { kind: 'names', names: ['3', 'cat', 'dog'] });
  });
});

describe('IDX', () => {
  it('reads ubyte images as bytes/255 and finds the MNIST-named labels file', async () => {
    const path = join(DATA, 'stripes', 'idx', 'train-images-idx3-ubyte');
    const raw = readFileSync(path);
    const labels = readFileSync(join(DATA, 'stripes', 'idx', 'train-labels-idx1-ubyte'));
    const idx = openIdx(path);
    assert.equal(idx.rows, raw.readUInt32BE(4));
    assert.deepEqual(idx.sampleShape, [8, 8]);
    const got = await all(idx, 10);
    assert.equal(got.values.length, 36 * 64);
    assert.ok(got.values.every((v, i) => close(v, raw[16 + i] / 255)));
    assert.deepEqual(got.labels, [...labels.subarray(8)]);
  });

  it('normalises with mean/std after scaling when asked', async () => {
    const path = join(DATA, 'stripes', 'idx', 'train-images-idx3-ubyte');
    const raw = readFileSync(path);
    const idx = openIdx(path, { normalization: { scale: 'auto', mean: [0.5], std: [0.25] } });
    const got = await all(idx, 36);
    assert.ok(got.values.every((v, i) => close(v, (raw[16 + i] / 255 - 0.5) / 0.25, 1e-5)));
  });
});

describe('image folder', () => {
  it('classes are sorted folder names; PNG pixels /255; colour JPEGs become ITU-R 601 luma', async () => {
    const root = join(DATA, 'stripes', 'train');
    const folder = openImageFolder(root, { target: { height: 8, width: 8, channels: 1 } });
    assert.deepEqual(folder.labelNames, ['diagonal', 'horizontal', 'vertical']);
    const files = folder.labelNames!.flatMap((c, k) => readdirSync(join(root, c)).sort().map((f) => ({ path: join(root, c, f), k })));
    assert.equal(folder.rows, files.length);
    const got = await all(folder, 8);
    assert.deepEqual(got.labels, files.map((f) => f.k));
    files.forEach((f, i) => {
      const px = got.values.slice(i * 64, (i + 1) * 64);
      if (f.path.endsWith('.png')) {
        const png = PNG.sync.read(readFileSync(f.path));
        for (let p = 0; p < 64; p++) assert.ok(close(px[p], (0.299 * png.data[4 * p] + 0.587 * png.data[4 * p + 1] + 0.114 * png.data[4 * p + 2]) / 255, 1e-6));
      } else {
        // JPEG of a gray image (r = g = b up to compression): luma stays within a few levels of gray.
        assert.ok(px.every((v) => v >= 0 && v <= 1));
      }
    });
  });

  it('resizes other sizes to the model input (with a warning), or refuses when resizing is off', async () => {
    const root = join(DATA, 'stripes', 'test-12px');
    const folder = openImageFolder(root, { target: { height: 8, width: 8, channels: 1 } });
    const got = await all(folder, 50);
    assert.equal(got.values.length, folder.rows * 64);
    assert.match(folder.warnings.join(), /images of 12×12 .* resized to 8×8/);
    const strict = openImageFolder(root, { target: { height: 8, width: 8, channels: 1 }, resize: false });
    await assert.rejects(all(strict, 50), /img\d+\.png: is 12×12 but the model takes 8×8 images \(resizing is off\)/);
  });

  it('bilinear resize with half-pixel centres maps a linear ramp to the ramp sampled at (x + 0.5)·s − 0.5', () => {
    const w = 12;
    const ramp = Float32Array.from({ length: w * 2 }, (_, i) => i % w);
    const out = resizeBilinear(ramp, 2, w, 1, 2, 8);
    const s = w / 8;
    for (let x = 0; x < 8; x++) assert.ok(close(out[x], Math.min(Math.max((x + 0.5) * s - 0.5, 0), w - 1), 1e-5));
    const up = resizeBilinear(Float32Array.from([0, 10]), 1, 2, 1, 1, 4);
    assert.deepEqual([...up], [0, 2.5, 7.5, 10]);
  });
});

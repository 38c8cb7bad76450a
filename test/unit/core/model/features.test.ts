// The feature source as the metrics use it: re-iterable (cache or re-run), no tensor leak, progress
// per batch, cancellation between batches, data checked against the model.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { openCsv } from '../../../../src/core/data/csv';
import { openIdx } from '../../../../src/core/data/idx';
import type { Progress } from '../../../../src/protocol/progress';
import { openClassifierModel } from '../../../../src/core/model/classifierModel';
import { modelFeatureSource } from '../../../../src/core/model/features';
import type { Tf } from '../../../../src/core/tf';
import { selectBackend } from '../../../../src/engine/backend';
import { BAD, DATA, MODELS } from './oracle';

let tf: Tf;
before(async () => {
  tf = (await selectBackend({ prefer: 'wasm' })).tf;
});

const TRAIN = join(DATA, 'blobs', 'train.csv');

async function pass(source: { batches(signal?: AbortSignal): AsyncIterable<{ features: Float32Array; rows: number }> }, signal?: AbortSignal) {
  const out: number[] = [];
  for await (const b of source.batches(signal)) out.push(...b.features);
  return out;
}

describe('feature source', () => {
  it('leaks no tensors: tf.memory().numTensors is the same after every batch and after each pass', async () => {
    const model = await openClassifierModel(tf, join(MODELS, 'conv'));
    const source = modelFeatureSource(tf, model, openIdx(join(DATA, 'stripes', 'idx', 'train-images-idx3-ubyte')), { batchSize: 5, cacheBytes: 0 });
    const start = tf.memory().numTensors;
    const counts: number[] = [];
    for (let p = 0; p < 2; p++) {
      for await (const batch of source.batches()) {
        assert.equal(batch.rows <= 5, true);
        counts.push(tf.memory().numTensors);
      }
    }
    assert.equal(counts.length, 2 * Math.ceil(36 / 5));
    assert.ok(counts.every((c) => c === start), `numTensors per batch: ${counts.join(',')} (start ${start})`);
    assert.equal(tf.memory().numTensors, start);
    source.dispose();
    model.dispose();
  });

  it('replays the first pass from memory when N×d fits the cache, and re-runs the model otherwise; both give the same features', async () => {
    const model = await openClassifierModel(tf, join(MODELS, 'mlp'));
    const cached = modelFeatureSource(tf, model, await openCsv(TRAIN), { batchSize: 64 });
    const rerun = modelFeatureSource(tf, model, await openCsv(TRAIN), { batchSize: 64, cacheBytes: 0 });
    const a1 = await pass(cached);
    const a2 = await pass(cached);
    const b1 = await pass(rerun);
    const b2 = await pass(rerun);
    assert.equal(cached.cached, true);
    assert.equal(cached.modelPasses, 1);
    assert.equal(rerun.cached, false);
    assert.equal(rerun.modelPasses, 2);
    assert.deepEqual(a2, a1);
    assert.deepEqual(b1, a1);
    assert.deepEqual(b2, a1);
    model.dispose();
  });

  it('reports progress once per batch with samples so far, and honours --max-samples', async () => {
    const model = await openClassifierModel(tf, join(MODELS, 'mlp'));
    const events: Progress[] = [];
    const source = modelFeatureSource(tf, model, await openCsv(TRAIN), { batchSize: 40, maxSamples: 100, onProgress: (p) => events.push(p), label: 'train' });
    assert.equal(source.rows, 100);
    const h = await pass(source);
    assert.equal(h.length, 100 * 16);
    assert.deepEqual(
      events.map((e) => [e.done, e.total, e.samples]),
      [
        [1, 3, 40],
        [2, 3, 80],
        [3, 3, 100],
      ],
    );
    assert.equal(events[0].stage, 'extracting features (train)');
    assert.equal(events[0].unit, 'batches');
    model.dispose();
  });

  it('stops between batches when the signal is aborted', async () => {
    const model = await openClassifierModel(tf, join(MODELS, 'mlp'));
    const source = modelFeatureSource(tf, model, await openCsv(TRAIN), { batchSize: 10, cacheBytes: 0 });
    const controller = new AbortController();
    let seen = 0;
    await assert.rejects(
      (async () => {
        for await (const _ of source.batches(controller.signal)) {
          seen++;
          if (seen === 2) controller.abort(new DOMException('Cancelled', 'AbortError'));
        }
      })(),
      (e: unknown) => e instanceof DOMException && e.name === 'AbortError',
    );
    assert.equal(seen, 2);
    model.dispose();
  });

  it('refuses labels outside the model\'s classes, naming the data file and the sample', async () => {
    const model = await openClassifierModel(tf, join(MODELS, 'mlp'));
    const source = modelFeatureSource(tf, model, await openCsv(join(BAD, 'csv-label-out-of-range.csv')), { batchSize: 4 });
    await assert.rejects(pass(source), /csv-label-out-of-range\.csv: label 7 of sample 6 \(counting from 0\) is out of range: the model has 3 classes \(0–2\)/);
    model.dispose();
  });

  it('refuses data whose samples do not fit the model input', async () => {
    const model = await openClassifierModel(tf, join(MODELS, 'mlp'));
    const csv = await openCsv(join(BAD, 'csv-wrong-width.csv'));
    assert.throws(() => modelFeatureSource(tf, model, csv), /csv-wrong-width\.csv: each sample has shape \[5\] \(5 values\) but the model's input takes \[4\]; give samples of shape \[4\] or flat rows of 4 values/);
    model.dispose();
  });

  it('refuses non-finite features (NaN weights), naming the model and the feature layer', async () => {
    const model = await openClassifierModel(tf, join(BAD, 'model-nan-weights'));
    const source = modelFeatureSource(tf, model, await openCsv(TRAIN), { batchSize: 8 });
    await assert.rejects(pass(source), /model-nan-weights\/model\.json: features from "merged" are not finite \(NaN\) for sample 0 \(counting from 0\) of .*train\.csv/);
    model.dispose();
  });
});

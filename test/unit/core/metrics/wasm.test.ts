// The engine on the wasm backend (the one Collapse Lens runs on here): same results as the dense
// float64 reference, and no tensors left behind. Backends are process-global, so this file runs
// only wasm (node --test gives every test file its own process).
import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { computeMetrics } from '../../../../src/core/metrics/compute';
import type { Tf } from '../../../../src/core/tf';
import { selectBackend } from '../../../../src/engine/backend';
import { ArraySource, assertClose, denseReference, randomDataset } from './helpers';

let tf: Tf;
let backend: string;
before(async () => {
  const choice = await selectBackend({ prefer: 'wasm' });
  tf = choice.tf;
  backend = tf.getBackend();
});

describe('metrics on the wasm backend', () => {
  it('agree with the dense float64 reference', async () => {
    assert.equal(backend, 'wasm');
    const ds = randomDataset(17, [64, 48, 40, 30, 18], 40, 1.3, 20);
    const r = await computeMetrics(tf, new ArraySource(ds.features, ds.labels, ds.dim, 50), { weights: ds.weights, bias: ds.bias, minority: [3, 4] });
    const ref = denseReference(ds, 'unweighted', 0, [3, 4]);
    assertClose(r.nc1, ref.nc1, 1e-5, 'nc1');
    assertClose(r.nc1Quotient, ref.nc1Quotient, 1e-11, 'nc1Quotient');
    assertClose(r.cdnv, ref.cdnv, 1e-11, 'cdnv');
    assert.equal(r.nccMismatch, ref.nccMismatch);
    assert.equal(r.nccMismatchNoBias, ref.nccMismatchNoBias);
    assert.equal(r.accuracy, ref.accuracy);
  });

  it('leave tf.memory().numTensors unchanged over repeated runs', async () => {
    const ds = randomDataset(2, [20, 20, 20], 16, 1);
    const source = new ArraySource(ds.features, ds.labels, ds.dim, 7);
    await computeMetrics(tf, source, { weights: ds.weights, bias: ds.bias });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await computeMetrics(tf, source, { weights: ds.weights, bias: ds.bias });
    assert.equal(tf.memory().numTensors, before);
  });
});

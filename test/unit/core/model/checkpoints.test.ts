import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { epochOf, isCheckpointFolder, listCheckpoints, orderNote } from '../../../../src/core/model/checkpoints';
import { openClassifierModel } from '../../../../src/core/model/classifierModel';
import { inspect } from '../../../../src/core/pipeline/inspect';
import { selectBackend } from '../../../../src/engine/backend';
import { BAD, DATA, MODELS } from './oracle';

describe('checkpoint folders', () => {
  it('lists epoch-1, epoch-2, epoch-10, epoch-40 in natural order (a string sort puts epoch-10 before epoch-2), epochs from the names', () => {
    const dir = join(MODELS, 'checkpoints');
    assert.ok(isCheckpointFolder(dir));
    const list = listCheckpoints(dir);
    assert.deepEqual(list.map((c) => c.name), ['epoch-1', 'epoch-2', 'epoch-10', 'epoch-40']);
    assert.deepEqual(list.map((c) => c.epoch), [1, 2, 10, 40]);
    assert.equal(list[2].path, join(dir, 'epoch-10', 'model.json'));
  });

  it('a model folder is not a checkpoint folder, and a folder without models is refused by name', () => {
    assert.equal(isCheckpointFolder(join(MODELS, 'mlp')), false);
    assert.equal(isCheckpointFolder(join(BAD, 'model-dir-without-json')), false);
    assert.throws(() => listCheckpoints(join(BAD, 'model-dir-without-json')), /model-dir-without-json: has no checkpoint folders \(sub-folders with a model\.json\)/);
  });
});

describe('checkpoint epochs and consistency', () => {
  it('takes epochs only from epoch-like names; otherwise orders by name with no epochs, and says so', () => {
    assert.deepEqual(['epoch-10', 'ep3', 'e7', 'ckpt-2', 'model_step1000', '010', 'checkpoint.4'].map(epochOf), [10, 3, 7, 2, 1000, 10, 4]);
    assert.deepEqual(['mnv2', 'resnet50', 'v2-final', 'run1b'].map(epochOf), [null, null, null, null]);
    const dir = mkdtempSync(join(tmpdir(), 'cl-ckpt-'));
    try {
      for (const name of ['mnv2', 'epoch-1']) cpSync(join(MODELS, 'mlp'), join(dir, name), { recursive: true });
      const list = listCheckpoints(dir);
      assert.deepEqual(list.map((c) => [c.name, c.epoch]), [['epoch-1', null], ['mnv2', null]]);
      assert.match(orderNote(list)!, /no epoch in the checkpoint folder name "mnv2" .*ordered by name/);
      assert.equal(orderNote(listCheckpoints(join(MODELS, 'checkpoints'))), null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses checkpoints of different models: a layers- and a graph-model, or another feature dimension', async () => {
    const tf = (await selectBackend({ prefer: 'wasm' })).tf;
    const csv = join(DATA, 'blobs', 'train.csv');
    const dir = mkdtempSync(join(tmpdir(), 'cl-mixed-'));
    try {
      cpSync(join(MODELS, 'mlp'), join(dir, 'epoch-1'), { recursive: true });
      cpSync(join(MODELS, 'graph-mlp'), join(dir, 'epoch-2'), { recursive: true });
      await assert.rejects(inspect(tf, { model: dir, data: csv }), new RegExp(`${dir}: checkpoint "epoch-2" is not a save of the same model as "epoch-1" \\(a graph-model vs a layers-model\\)`));
      rmSync(join(dir, 'epoch-2'), { recursive: true });
      cpSync(join(MODELS, 'conv'), join(dir, 'epoch-2'), { recursive: true });
      const [a, b] = [await openClassifierModel(tf, join(MODELS, 'mlp')), await openClassifierModel(tf, join(MODELS, 'conv'))];
      const [da, db] = [a.head.dim, b.head.dim];
      a.dispose();
      b.dispose();
      assert.notEqual(da, db);
      await assert.rejects(inspect(tf, { model: dir, data: csv }), new RegExp(`checkpoint "epoch-2" is not a save of the same model as "epoch-1" \\(feature dimension d = ${db} vs ${da}\\)`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { epochOf, isCheckpointFolder, listCheckpoints, orderNote } from '../../../../src/core/model/checkpoints';
import { openClassifierModel } from '../../../../src/core/model/classifierModel';
import { inspect } from '../../../../src/core/pipeline/inspect';
import { checkSameHead } from '../../../../src/core/pipeline/checkpoints';
import { selectBackend } from '../../../../src/engine/backend';
import { runCaptured } from '../../helpers/captureIo';
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
  /** A temporary checkpoint folder holding copies of fixture models under the given names. */
  function folderOf(entries: [name: string, fixture: string][]): string {
    const dir = mkdtempSync(join(tmpdir(), 'cl-ckpt-'));
    for (const [name, fixture] of entries) cpSync(join(MODELS, fixture), join(dir, name), { recursive: true });
    return dir;
  }
  const csv = join(DATA, 'blobs', 'train.csv');

  it('takes epochs only from epoch-like names (mnv2 is not epoch 2)', () => {
    const epochs = ['epoch_12', 'ep12', 'e-12', 'step-300', 'ckpt-5', 'cp-0005', 'model_step1000', 'checkpoint.4', 'epoch=3', '010'];
    assert.deepEqual(epochs.map(epochOf), [12, 12, 12, 300, 5, 5, 1000, 4, 3, 10]);
    assert.deepEqual(['mnv2', 'resnet50', 'v2-final', 'run1b', 'b0', 'mobilenet_v2_1.0'].map(epochOf), [null, null, null, null, null, null]);
  });

  it('orders by epoch when every name has one, else by name with no epochs, and says so in the warnings and the CLI table', async () => {
    const byEpoch = folderOf([['epoch_3', 'mlp'], ['ckpt-5', 'mlp'], ['e-12', 'mlp']]);
    const byName = folderOf([['mnv2', 'mlp'], ['epoch-1', 'mlp']]);
    try {
      // Natural name order would be ckpt-5, e-12, epoch_3.
      assert.deepEqual(listCheckpoints(byEpoch).map((c) => [c.name, c.epoch]), [['epoch_3', 3], ['ckpt-5', 5], ['e-12', 12]]);
      assert.equal(orderNote(listCheckpoints(byEpoch)), null);
      const list = listCheckpoints(byName);
      assert.deepEqual(list.map((c) => [c.name, c.epoch]), [['epoch-1', null], ['mnv2', null]]);
      assert.match(orderNote(list)!, /^no epoch in the checkpoint folder name "mnv2" .*: the checkpoints are ordered by name and have no epoch numbers$/);
      const r = await runCaptured(['inspect', byName, '--data', csv, '--backend', 'cpu', '--quiet']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /trajectory {2}checkpoint +epoch .*\(ordered by name: no epoch in the folder names\)/);
      assert.match(r.stdout, /^ +epoch-1 +— +\S+/m);
      assert.match(r.stdout, /warning: no epoch in the checkpoint folder name "mnv2"/);
      const json = JSON.parse((await runCaptured(['inspect', byName, '--data', csv, '--backend', 'cpu', '--json'])).stdout);
      assert.deepEqual(json.trajectory.map((p: { checkpoint: string; epoch: number | null }) => [p.checkpoint, p.epoch]), [['epoch-1', null], ['mnv2', null]]);
      assert.ok(json.warnings.some((w: string) => /ordered by name/.test(w)));
    } finally {
      rmSync(byEpoch, { recursive: true, force: true });
      rmSync(byName, { recursive: true, force: true });
    }
  });

  it('refuses a layers-model and a graph-model side by side before reading any data, naming the folder, both checkpoints and what differs', async () => {
    const dir = folderOf([['epoch-1', 'mlp'], ['epoch-2', 'graph-mlp']]);
    try {
      for (const command of ['inspect', 'layers']) {
        // The data path does not exist: the architecture check comes first.
        const r = await runCaptured([command, dir, '--data', join(dir, 'no-such.csv'), '--backend', 'cpu', '--quiet']);
        assert.equal(r.code, 2, command);
        const first = r.stderr.split('\n')[0];
        assert.equal(first, `collapse-lens ${command}: ${dir}: checkpoints "epoch-1" and "epoch-2" are not saves of one model (a layers-model vs a graph-model); a checkpoint folder must hold saves of one model along its training`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses other layer classes, activations or weight shapes, and accepts the same model saved under other generated layer names', async () => {
    const tf = (await selectBackend({ prefer: 'cpu' })).tf;
    const dir = folderOf([['epoch-1', 'mlp'], ['epoch-2', 'conv']]);
    const edit = (name: string, from: string, to: string) => {
      const path = join(dir, name, 'model.json');
      writeFileSync(path, readFileSync(path, 'utf8').replaceAll(from, to));
    };
    const refusal = (what: string) => `${dir}: checkpoints "epoch-1" and "epoch-2" are not saves of one model (${what}); a checkpoint folder must hold saves of one model along its training`;
    try {
      // mlp: Dense(relu), Dense(softmax); conv: Conv2D(relu), MaxPooling2D, Flatten, Dense(softmax).
      await assert.rejects(inspect(tf, { model: dir, data: csv }), { message: refusal('2 layers vs 4 (Dense(relu) ×1 vs ×0, Conv2D(relu) ×0 vs ×1, MaxPooling2D ×0 vs ×1)') });
      rmSync(join(dir, 'epoch-2'), { recursive: true });
      cpSync(join(MODELS, 'mlp'), join(dir, 'epoch-2'), { recursive: true });
      edit('epoch-2', '"activation":"relu"', '"activation":"tanh"');
      await assert.rejects(inspect(tf, { model: dir, data: csv }), { message: refusal('layer 1 is Dense(relu) vs Dense(tanh)') });
      rmSync(join(dir, 'epoch-2'), { recursive: true });
      cpSync(join(MODELS, 'mlp-no-bias'), join(dir, 'epoch-2'), { recursive: true });
      // mlp has weights [4,16] [16] [16,3] [3]; mlp-no-bias lacks the last bias [3].
      await assert.rejects(inspect(tf, { model: dir, data: csv }), { message: refusal('4 weights vs 3 ([3] ×1 vs ×0)') });
      rmSync(join(dir, 'epoch-2'), { recursive: true });
      cpSync(join(MODELS, 'mlp'), join(dir, 'epoch-2'), { recursive: true });
      edit('epoch-2', '"hidden', '"dense_Dense7');
      const r = await inspect(tf, { model: dir, data: csv });
      assert.equal(r.trajectory?.length, 2);
      assert.equal(r.trajectory![0].nc1, r.trajectory![1].nc1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses another feature dimension or class count (checked on the opened heads)', async () => {
    const tf = (await selectBackend({ prefer: 'cpu' })).tf;
    const [a, b] = [await openClassifierModel(tf, join(MODELS, 'mlp')), await openClassifierModel(tf, join(MODELS, 'conv'))];
    try {
      const ref = checkSameHead('runs', 'epoch-1', a.head, undefined);
      assert.deepEqual(ref, { name: 'epoch-1', dim: 16, classes: 3 });
      assert.throws(() => checkSameHead('runs', 'epoch-2', b.head, ref), { message: `runs: checkpoints "epoch-1" and "epoch-2" are not saves of one model (feature dimension d = 16 vs ${b.head.dim}); a checkpoint folder must hold saves of one model along its training` });
      assert.throws(() => checkSameHead('runs', 'epoch-2', a.head, { ...ref, classes: 4 }), /\(K = 4 classes vs 3\)/);
    } finally {
      a.dispose();
      b.dispose();
    }
  });
});

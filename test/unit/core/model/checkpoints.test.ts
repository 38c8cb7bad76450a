import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isCheckpointFolder, listCheckpoints } from '../../../../src/core/model/checkpoints';
import { BAD, MODELS } from './oracle';

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

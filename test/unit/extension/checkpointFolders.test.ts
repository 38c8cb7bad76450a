// "Compare Checkpoints…" is offered on folders whose sub-folders hold at least two model.json files.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { checkpointFolders } from '../../../src/extension/checkpointFolders';

describe('checkpoint folders', () => {
  it('two or more model folders under a folder without its own model.json', () => {
    const files = ['/w/runs/epoch-1/model.json', '/w/runs/epoch-2/model.json', '/w/mlp/model.json', '/w/one/only/model.json', '/w/nested/model.json', '/w/nested/a/model.json', '/w/nested/b/model.json'];
    // /w holds mlp/ and nested/ (two model folders) → a checkpoint folder too; /w/one has one; /w/nested has its own model.json.
    assert.deepEqual(checkpointFolders(files), ['/w', '/w/runs']);
  });
  it('no model files, no folders', () => {
    assert.deepEqual(checkpointFolders([]), []);
  });
});

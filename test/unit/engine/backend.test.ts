import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { selectBackend } from '../../../src/engine/backend';

describe('backend selection', () => {
  it('falls back past the missing native packages and reports why', async () => {
    const choice = await selectBackend({ prefer: 'auto' });
    const native = choice.attempts.filter((a) => a.name === 'tensorflow-gpu' || a.name === 'tensorflow');
    assert.equal(native.length, 2, 'both native packages are tried first');
    // On a machine with tfjs-node(-gpu) the choice is native; otherwise it must be wasm and say why.
    if (native.every((a) => !a.ok)) {
      assert.equal(choice.name, 'wasm');
      assert.equal(choice.tf.getBackend(), 'wasm');
      assert.match(choice.reason, /^wasm \(@tensorflow\/tfjs-node-gpu and @tensorflow\/tfjs-node not installed\)$/);
    }
    const sum = choice.tf.tidy(() => choice.tf.sum(choice.tf.tensor1d([1, 2, 3.5])).dataSync()[0]);
    assert.equal(sum, 6.5);
  });
});

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

describe('--backend tensorflow without tfjs-node', () => {
  it('is refused on one line of at most 250 characters naming each folder looked from once', async () => {
    const choice = await selectBackend({ prefer: 'auto' });
    if (choice.attempts.some((a) => a.name.startsWith('tensorflow') && a.ok)) return; // tfjs-node is installed here
    const error = await selectBackend({ prefer: 'tensorflow', searchPaths: [process.cwd()] }).then(
      () => null,
      (e: Error) => e,
    );
    assert.ok(error);
    assert.equal(error.name, 'BackendError');
    assert.equal(error.message.split('\n').length, 1);
    assert.ok(error.message.length <= 250, error.message);
    assert.match(error.message, /^backend "tensorflow" was requested but neither @tensorflow\/tfjs-node-gpu nor @tensorflow\/tfjs-node could be loaded \(not installed; looked from [^;]+\): install one with npm, or use --backend auto$/);
    const folders = /looked from ([^)]*)\)/.exec(error.message)![1].split(', ');
    assert.equal(new Set(folders).size, folders.length, 'each folder once');
  });
});

describe('--backend cpu', () => {
  it('does not print tfjs-backend-cpu\'s "Hi, looks like…" banner', async () => {
    const choice = await selectBackend({ prefer: 'cpu' });
    const written: string[] = [];
    const original = console.warn;
    const originalLog = console.log;
    console.warn = (...a: unknown[]) => void written.push(a.join(' '));
    console.log = (...a: unknown[]) => void written.push(a.join(' '));
    try {
      choice.tf.tidy(() => choice.tf.add(choice.tf.tensor1d([1]), 1).dataSync());
    } finally {
      console.warn = original;
      console.log = originalLog;
    }
    assert.equal(choice.name, 'cpu');
    assert.deepEqual(written.filter((w) => /looks like you are running TensorFlow\.js in Node/.test(w)), []);
  });
});

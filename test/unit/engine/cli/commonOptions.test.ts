// One option vocabulary: every command takes --json, --quiet and --backend, and refuses a bad backend
// the same way; every bad input is one line and exit 2 through the one error hierarchy.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { BackendError, exitCodeOf, InputError, LpmArgumentError, LpmUncertifiedError, UsageError } from '../../../../src/core/errors';
import { parseCounts } from '../../../../src/core/lpm/problem';
import { COMMANDS } from '../../../../src/engine/cli/registry';
import { runCaptured } from '../../helpers/captureIo';

describe('common CLI options', () => {
  for (const command of COMMANDS.filter((c) => !c.hidden)) {
    it(`${command.name}: --help lists --json, --quiet and --backend`, async () => {
      const { code, stdout } = await runCaptured([command.name, '--help']);
      assert.equal(code, 0);
      for (const option of ['--json', '--quiet', '--backend VALUE']) assert.ok(stdout.includes(`  ${option}`), `${command.name} --help lacks ${option}:\n${stdout}`);
    });

    it(`${command.name}: a bad --backend is refused with the one message, exit 2`, async () => {
      const { code, stdout, stderr } = await runCaptured([command.name, '--json', '--quiet', '--backend', 'gpu']);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.equal(stderr, `collapse-lens ${command.name}: --backend must be auto, tensorflow, wasm or cpu, got "gpu"\n`);
    });
  }

  it('version --json prints the version and Node', async () => {
    const { code, stdout } = await runCaptured(['version', '--json', '--quiet']);
    assert.equal(code, 0);
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    assert.deepEqual(JSON.parse(stdout), { version, node: process.version });
  });
});

describe('one error hierarchy', () => {
  it('every user-fixable error is an InputError with exit code 2; anything else is 1', () => {
    for (const e of [new InputError('x'), new UsageError('x'), new LpmArgumentError('x'), new LpmUncertifiedError('x'), new BackendError('x')]) {
      assert.ok(e instanceof InputError, e.name);
      assert.equal(exitCodeOf(e), 2);
    }
    assert.equal(exitCodeOf(new RangeError('bug')), 1);
    assert.equal(exitCodeOf(new Error('bug')), 1);
  });

  it('an LPM argument error reaches the terminal as one line, exit 2 (no per-command translation)', async () => {
    const { code, stderr } = await runCaptured(['threshold', '--classes', '10', '--majority', '9', '--eh', '1', '--ew', '1']);
    assert.equal(code, 2);
    assert.equal(stderr.split('\n').filter(Boolean).length, 1);
    assert.match(stderr, /^collapse-lens threshold: .*at least 2 minority classes/);
  });

  it('parseCounts: commas or spaces, positive numbers, at least two classes', () => {
    assert.deepEqual(parseCounts('5000,5000, 50,50'), [5000, 5000, 50, 50]);
    assert.deepEqual(parseCounts('3 1.5'), [3, 1.5]);
    assert.throws(() => parseCounts('5,,3'), (e: unknown) => e instanceof LpmArgumentError && /entry 2 is not a number/.test(e.message));
    assert.throws(() => parseCounts('5,-1'), /entry 2 must be a positive number of samples, got -1/);
    assert.throws(() => parseCounts('7'), /at least 2 classes \(K ≥ 2\), got 1/);
  });
});

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseArgs } from '../../../../src/engine/cli/args';
import { runCli } from '../../../../src/engine/cli/cli';
import { UsageError } from '../../../../src/core/errors';
import { captureIo } from '../../helpers/captureIo';

describe('CLI argument parsing', () => {
  const spec = { features: { kind: 'value', description: '' }, json: { kind: 'flag', description: '' } } as const;

  it('reads values in both spellings, flags and positionals', () => {
    const a = parseArgs(['model.json', '--features', 'H.npy', '--json'], spec, 't');
    assert.deepEqual(a.positionals, ['model.json']);
    assert.equal(a.values.get('features'), 'H.npy');
    assert.ok(a.flags.has('json'));
    assert.equal(parseArgs(['--features=x.npy'], spec, 't').values.get('features'), 'x.npy');
  });

  it('rejects unknown options and missing values with a UsageError naming the option', () => {
    assert.throws(() => parseArgs(['--featurs', 'H.npy'], spec, 't'), (e: unknown) => e instanceof UsageError && /--featurs/.test(e.message));
    assert.throws(() => parseArgs(['--features'], spec, 't'), /--features needs a value/);
    assert.throws(() => parseArgs(['--json=1'], spec, 't'), /takes no value/);
  });
});

describe('CLI dispatch', () => {
  it('exits 2 with the list of commands for an unknown command', async () => {
    const { io, err } = captureIo();
    assert.equal(await runCli(['frobnicate'], io), 2);
    assert.match(err.join(''), /unknown command "frobnicate"/);
    assert.match(err.join(''), /Commands:/);
  });

  it('prints the version', async () => {
    const { io, out } = captureIo();
    assert.equal(await runCli(['version'], io), 0);
    assert.match(out.join(''), /^collapse-lens \S+ \(node v\d+/);
  });
});

// The engine's job runner: a result leaves as the CLI's `--json` text would carry it, its large matrices
// packed into one float64 block (what the extension host unpacks, engineClient.ts).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { runJob } from '../../../src/engine/server';
import { PACK_MIN_ENTRIES, unpackMatrices } from '../../../src/protocol/packedMatrices';
import { runCaptured } from '../helpers/captureIo';

/** The value without the fields that differ between two runs (when it was made, how long it took). */
function untimed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(untimed);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'seconds' && k !== 'createdAt').map(([k, v]) => [k, untimed(v)]));
}

const hooks = () => ({ signal: new AbortController().signal, progress: () => undefined, log: () => undefined });

describe('engine runJob', () => {
  it('a 70-class LPM report: the K×K matrices come as a block, and unpacked the result equals the CLI JSON text', async () => {
    const K = 70;
    assert.ok(K * K >= PACK_MIN_ENTRIES, 'the Grams are large enough to be packed');
    const counts = Array.from({ length: K }, (_, k) => (k < K / 2 ? 50 : 5)).join(',');
    const args = ['--lpm-only', '--counts', counts, '--eh', '5', '--ew', '1', '--quiet'];
    const { result, matrices } = await runJob({ command: 'report', args }, hooks());
    assert.ok(matrices instanceof Float64Array && matrices.length > 0, 'the matrices travel as a Float64Array');
    assert.match(JSON.stringify(result), /"\$packed"/);
    const cli = await runCaptured(['report', ...args, '--json']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(untimed(unpackMatrices(result, matrices)), untimed(JSON.parse(cli.stdout)));
  });

  it('a small result has no block and is the CLI JSON as parsed', async () => {
    const { result, matrices } = await runJob({ command: 'seli', args: ['--counts', '3,3,1'] }, hooks());
    assert.equal(matrices, undefined);
    const cli = await runCaptured(['seli', '--counts', '3,3,1', '--json']);
    assert.deepEqual(result, JSON.parse(cli.stdout));
  });

  it('a refused job throws instead of answering', async () => {
    await assert.rejects(runJob({ command: 'seli', args: ['--counts', '3,x'] }, hooks()), /--counts entry 2 is not a number/);
  });
});

// Keep it true: no valid input ends in "internal error". Every command gets a sweep of valid-but-extreme
// arguments (tiny and huge budgets, ratios and counts, K = 2, one feature, constant or huge features,
// batch size 1, subsets larger or smaller than the data, backends that are not installed, reports without a
// minority). Each must finish with exit code 0 (an answer) or 2 (a one-line message naming the fault),
// never let an exception escape runCli (which main.ts prints as "internal error" with a stack).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeNpy } from '../../../src/core/io/npy';
import { runCli } from '../../../src/engine/cli/cli';
import { COMMANDS } from '../../../src/engine/cli/registry';
import { ROOT } from './docsFiles';
import { writeExampleData } from './exampleData';

const MLP = ['test/fixtures/models/mlp', '--data', 'test/fixtures/data/blobs/train.csv', '--quiet'];
const R1000 = ['media/samples/fashion-r1000', '--data', 'media/samples/data/train-r1000-images.npy', '--labels', 'media/samples/data/train-r1000-labels.npy', '--quiet'];

/** [arguments, what makes them extreme]. Commands a helper adds later get at least their --help swept below. */
const SWEEP: Record<string, string[][]> = {
  threshold: [
    ['--classes', '3', '--majority', '1', '--eh', '5', '--ew', '1'],
    ['--classes', '10', '--majority', '5', '--eh', '1e-6', '--ew', '1'],
    ['--classes', '10', '--majority', '5', '--eh', '40.99', '--ew', '5.531'],
    ['--classes', '10', '--majority', '5', '--eh', '1e6', '--ew', '1', '--json'],
    ['--classes', '60', '--majority', '1', '--eh', '5', '--ew', '1'],
    ['--classes', '10', '--majority', '9', '--eh', '5', '--ew', '1'],
  ],
  lpm: [
    ['--counts', '1,1', '--eh', '5', '--ew', '1'],
    ['--counts', '1000000,1,1', '--eh', '5', '--ew', '1'],
    ['--classes', '10', '--majority', '5', '--ratio', '1e8', '--eh', '5', '--ew', '1'],
    ['--classes', '10', '--majority', '5', '--ratio', '5', '--eh', '1e-8', '--ew', '1'],
    ['--counts', '5,4,3,2,1', '--eh', '1e4', '--ew', '1', '--json'],
    ['--classes', '10', '--majority', '5', '--ratio', '5', '--eh', '5', '--ew', '1', '--oversample', '1e6'],
    ['--counts', '5,4,3,2,1', '--eh', '5', '--ew', '1', '--max-iterations', '1'],
    ['--counts', '5,4,3,2,1', '--eh', '5', '--ew', '1', '--tolerance', '0.5', '--method', 'pg'],
    ['--counts', '5,4,3', '--eh', '5', '--ew', '1', '--kernel', 'tfjs'],
  ],
  seli: [['--counts', '1,1'], ['--counts', '1000000000,1', '--json'], ['--counts', '0.001,1']],
  metrics: [
    ['--features', 'const.npy', '--labels', 'y2.npy'],
    ['--features', 'huge.npy', '--labels', 'y2.npy'],
    ['--features', 'd1.npy', '--labels', 'y2.npy'],
    ['--features', 'const.npy', '--labels', 'y1.npy'],
    ['--features', 'const.npy', '--labels', 'y12.npy'],
    ['--features', 'const.npy', '--labels', 'y2.npy', '--weights', 'W3.npy'],
    ['--features', 'H.npy', '--labels', 'y.npy', '--weights', 'W.npy', '--minority', '0,1,2,3,4,5,6,7,8,9'],
    ['--features', 'H.npy', '--labels', 'y.npy', '--weights', 'W.npy', '--minority', '9', '--ddof', '1', '--global-mean', 'weighted'],
    ['--features', 'H.npy', '--labels', 'y.npy', '--backend', 'tensorflow'],
    ['--features', 'H.npy', '--labels', 'y.npy', '--backend', 'cpu', '--json'],
  ],
  inspect: [
    [...MLP, '--max-samples', '2'],
    [...MLP, '--max-samples', '1000000000'],
    [...MLP, '--batch-size', '1'],
    [...MLP, '--batch-size', '65536', '--ddof', '1', '--global-mean', 'weighted'],
    [...MLP, '--backend', 'tensorflow'],
    ['test/fixtures/models/mlp', '--data', 'test/fixtures/data/blobs/imbalanced.csv', '--minority', 'auto', '--max-samples', '10', '--html', 'x.html', '--quiet'],
  ],
  summary: [
    ['test/fixtures/models/mlp'],
    ['test/fixtures/models/graph-fused', '--json'],
    ['test/fixtures/models/teachable'],
    ['test/fixtures/models/two-heads'],
    ['test/fixtures/models/binary', '--backend', 'cpu'],
    ['test/fixtures/data/blobs/train.csv'],
  ],
  report: [
    ['test/fixtures/models/mlp', '--data', 'test/fixtures/data/blobs/imbalanced.csv', '--minority', 'auto', '--quiet', '--json'],
    ['--lpm-only', '--counts', '1,1', '--eh', '1e-6', '--ew', '1'],
    ['--lpm-only', '--counts', '1000000,1,1', '--eh', '1e4', '--ew', '1'],
    ['--lpm-only', '--counts', '5,5,5', '--eh', '5', '--ew', '1', '--minority', '0,1,2'],
    ['--lpm-only', '--counts', '5,5,1', '--eh', '5', '--ew', '1', '--backend', 'tensorflow'],
    [...R1000, '--minority', 'auto', '--json', '>', 'r1000.json'],
    [...R1000, '--json', '>', 'no-minority.json'],
    [...MLP, '--layers', 'all', '--fit', '1:2', '--json'],
  ],
  whatif: [
    ['--report', 'r1000.json', '--oversample', '1e9'],
    ['--report', 'r1000.json', '--ehew', '1e-9'],
    ['--report', 'r1000.json', '--ehew', '1e9'],
    ['--report', 'no-minority.json', '--oversample', '10'],
    ['--report', 'no-minority.json', '--ehew', '5', '--json'],
  ],
  layers: [
    [...MLP, '--max-samples', '2'],
    [...MLP, '--layers', 'all', '--batch-size', '1', '--fit', '0:0'],
    [...MLP, '--layers', 'hiden', '--json'],
    [...MLP, '--fit', '0:99'],
    ['test/fixtures/models/mlp', '--data', 'test/fixtures/data/blobs/imbalanced.csv', '--minority', 'auto', '--quiet', '--global-mean', 'weighted'],
  ],
  sample: [['--samples', 'no/such/folder']],
  version: [['--json']],
};

let work = '';
const started = process.cwd();
before(async () => {
  work = mkdtempSync(join(tmpdir(), 'collapse-lens-sweep-'));
  for (const d of ['media', 'test', 'dist']) symlinkSync(join(ROOT, d), join(work, d));
  await writeExampleData(work);
  const p = (f: string) => join(work, f);
  const labels2 = Int32Array.from({ length: 20 }, (_, i) => (i < 10 ? 0 : 1));
  await writeNpy(p('const.npy'), new Float32Array(20 * 4).fill(1), [20, 4]);
  await writeNpy(p('huge.npy'), Float32Array.from({ length: 80 }, (_, i) => (i % 7 === 0 ? -3e37 : 1e37 * ((i % 5) - 2))), [20, 4]);
  await writeNpy(p('d1.npy'), Float32Array.from({ length: 20 }, (_, i) => i), [20, 1]);
  await writeNpy(p('y2.npy'), labels2, [20]);
  await writeNpy(p('y1.npy'), new Int32Array(20), [20]);
  await writeNpy(p('y12.npy'), Int32Array.from(labels2, (v, i) => (i === 19 ? 12 : v)), [20]);
  await writeNpy(p('W3.npy'), new Float32Array(12).fill(1), [3, 4]);
  process.chdir(work);
});
after(() => {
  process.chdir(started);
  rmSync(work, { recursive: true, force: true });
});

async function run(command: string, argv: string[]): Promise<void> {
  const at = argv.indexOf('>');
  const args = at >= 0 ? argv.slice(0, at) : argv;
  const out: string[] = [];
  const err: string[] = [];
  let code: number;
  try {
    code = await runCli([command, ...args], { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), interactive: false });
  } catch (error) {
    assert.fail(`collapse-lens ${command} ${args.join(' ')} ended in an internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  if (at >= 0) writeFileSync(join(work, argv[at + 1]), out.join(''));
  const stderr = err.join('');
  assert.ok(code === 0 || code === 2, `collapse-lens ${command} ${args.join(' ')} exited ${code}: ${stderr}`);
  if (code === 2) {
    const lines = stderr.trim().split('\n');
    assert.equal(lines.length, 1, `exit 2 must be one line, got:\n${stderr}`);
    assert.match(lines[0], new RegExp(`^collapse-lens ${command}: \\S`), `the message must start with "collapse-lens ${command}:": ${lines[0]}`);
  }
}

describe('no valid input ends in an internal error', () => {
  for (const c of COMMANDS.filter((c) => !c.hidden)) {
    it(`${c.name} --help`, () => run(c.name, ['--help']));
    for (const argv of SWEEP[c.name] ?? []) it(`${c.name} ${argv.join(' ')}`, () => run(c.name, argv));
  }
  it('every command is swept', () => {
    const unswept = COMMANDS.filter((c) => !c.hidden && !SWEEP[c.name]).map((c) => c.name);
    assert.deepEqual(unswept, [], 'add extreme arguments for these commands to SWEEP in test/unit/docs/sweep.test.ts');
  });
});

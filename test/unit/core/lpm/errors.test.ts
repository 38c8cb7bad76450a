// Bad arguments: clear errors from the core, exit code 2 from the CLI.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { calibrateBudgets } from '../../../../src/core/lpm/calibration';
import { LpmArgumentError, twoLevelProblem } from '../../../../src/core/lpm/problem';
import { seliGeometry } from '../../../../src/core/lpm/seli';
import { solveLpm } from '../../../../src/core/lpm/solve';
import { runCli } from '../../../../src/engine/cli/cli';
import { captureIo } from '../../helpers/captureIo';

const rejects = (f: () => unknown, message: RegExp) => assert.throws(f, (e: unknown) => e instanceof LpmArgumentError && message.test(e.message));

describe('LPM argument errors (core)', () => {
  it('names what is wrong', () => {
    rejects(() => solveLpm({ counts: [5], eh: 1, ew: 1 }), /at least 2 classes/);
    rejects(() => solveLpm({ counts: [5, 0, 3], eh: 1, ew: 1 }), /counts\[1\] must be a positive/);
    rejects(() => solveLpm({ counts: [5, 3], eh: 0, ew: 1 }), /E_H \(feature budget\) must be a positive/);
    rejects(() => solveLpm({ counts: [5, 3], eh: 1, ew: -2 }), /E_W \(classifier budget\) must be a positive/);
    rejects(() => solveLpm({ counts: [5, 3], eh: 1, ew: 1, weights: [1] }), /weights has 1 entries but there are 2 classes/);
    rejects(() => solveLpm({ counts: [5, 3], eh: 1, ew: 1, weights: [1, 0] }), /weights\[1\]/);
    rejects(() => solveLpm({ counts: [5, 3], eh: 1, ew: 1, minority: [2] }), /minority class 2/);
    rejects(() => twoLevelProblem({ classes: 1, majority: 1, ratio: 2, eh: 1, ew: 1 }), /K must be an integer ≥ 2/);
    rejects(() => twoLevelProblem({ classes: 10, majority: 10, ratio: 2, eh: 1, ew: 1 }), /1 ≤ K_A < K = 10/);
    rejects(() => twoLevelProblem({ classes: 10, majority: 5, ratio: -1, eh: 1, ew: 1 }), /ratio R .* positive/);
    rejects(() => twoLevelProblem({ classes: 10, majority: 5, ratio: 2, eh: 1, ew: 1, oversample: 0 }), /oversampling weight/);
    rejects(() => solveLpm({ counts: [5, 3], eh: 1, ew: 1 }, { kernel: 'tfjs' }), /needs the tfjs namespace/);
    rejects(() => solveLpm({ counts: [5, 3], eh: 1, ew: 1 }, { tolerance: 0 }), /tolerance must be in \(0, 1\)/);
    rejects(() => seliGeometry([3, 0]), /counts\[1\]/);
    rejects(() => calibrateBudgets({ classifier: [[1, 0], [0, 1]], featureMeanSquaredNorms: [1, 1] }), /needs the class means/);
  });
});

describe('LPM commands (CLI)', () => {
  const cases: [string[], RegExp][] = [
    [['lpm', '--classes', '1', '--majority', '1', '--ratio', '2', '--eh', '1', '--ew', '1'], /--classes \(K\) must be at least 2/],
    [['lpm', '--classes', '10', '--majority', '10', '--ratio', '2', '--eh', '1', '--ew', '1'], /--majority \(K_A\) must satisfy 1 ≤ K_A < K = 10/],
    [['lpm', '--classes', '10', '--majority', '5', '--ratio', '0', '--eh', '1', '--ew', '1'], /--ratio .* must be positive/],
    [['lpm', '--classes', '10', '--majority', '5', '--ratio', '2', '--eh', '-1', '--ew', '1'], /--eh .* must be positive/],
    [['lpm', '--counts', '5,0,3', '--eh', '1', '--ew', '1'], /--counts entry 2 must be a positive number/],
    [['lpm', '--counts', '5', '--eh', '1', '--ew', '1'], /at least 2 classes/],
    [['lpm', '--counts', '5,3', '--eh', '1'], /--ew .* is required/],
    [['lpm', '--counts', '5,3', '--eh', '1', '--ew', '1', '--ratio', '2'], /either --counts or/],
    [['lpm', '--counts', '5,3', '--eh', '1', '--ew', '1', '--oversample', '0'], /--oversample .* must be positive/],
    [['threshold', '--classes', '10', '--majority', '9', '--eh', '1', '--ew', '1'], /at least 2 minority classes/],
    [['threshold', '--classes', '10', '--majority', '5', '--eh', '0', '--ew', '1'], /--eh .* must be positive/],
    [['seli', '--counts', '4,0'], /--counts entry 2 must be a positive/],
  ];
  for (const [argv, message] of cases) {
    it(`${argv.join(' ')} → exit 2`, async () => {
      const { io, err, out } = captureIo();
      assert.equal(await runCli(argv, io), 2);
      assert.match(err.join(''), message);
      assert.match(err.join(''), new RegExp(`^collapse-lens ${argv[0]}: [^:]`));
      assert.equal(out.join(''), '');
    });
  }

  it('lpm --json prints the LpmResult keys the issue relies on', async () => {
    const { io, out } = captureIo();
    assert.equal(await runCli(['lpm', '--classes', '10', '--majority', '5', '--ratio', '10', '--eh', '5', '--ew', '1', '--json'], io), 0);
    const r = JSON.parse(out.join(''));
    for (const key of ['objective', 'cosMinority', 'minorityDistance', 'normsW', 'normsH', 'gramW', 'iterations', 'certificate', 'backend']) assert.ok(key in r, key);
    assert.ok(Math.abs(r.objective - 0.261677) < 5e-7);
    assert.ok(Math.abs(r.cosMinority - 0.5175) < 5e-5);
    assert.equal(r.certificate.converged, true);
  });

  it('lpm --counts with --oversample weights the smallest-count classes', async () => {
    const { io, out } = captureIo();
    assert.equal(await runCli(['lpm', '--counts', '100,100,100,100,100,1,1,1,1,1', '--eh', '5', '--ew', '1', '--oversample', '10', '--json'], io), 0);
    const r = JSON.parse(out.join(''));
    assert.deepEqual(r.minorityClasses, [5, 6, 7, 8, 9]);
    assert.ok(Math.abs(r.objective - 0.261677) < 5e-7, `${r.objective}`);
  });

  it('threshold --json gives ratio ≈ 12.19 and seli --json the SELI Gram matrices; human output without --json', async () => {
    let c = captureIo();
    assert.equal(await runCli(['threshold', '--classes', '10', '--majority', '5', '--eh', '5', '--ew', '1', '--json'], c.io), 0);
    assert.ok(Math.abs(JSON.parse(c.out.join('')).ratio / 12.19 - 1) < 1e-3);
    c = captureIo();
    assert.equal(await runCli(['seli', '--counts', '100,100,10,10', '--json'], c.io), 0);
    const s = JSON.parse(c.out.join(''));
    assert.equal(s.gramW.length, 4);
    assert.ok(Math.abs(s.logits[0][0] - 0.75) < 1e-9 && Math.abs(s.logits[0][1] + 0.25) < 1e-9);
    c = captureIo();
    assert.equal(await runCli(['lpm', '--classes', '4', '--majority', '2', '--ratio', '3', '--eh', '1', '--ew', '1'], c.io), 0);
    assert.match(c.out.join(''), /objective \(per sample\)\s+\d/);
    assert.match(c.out.join(''), /certificate\s+converged/);
  });
});

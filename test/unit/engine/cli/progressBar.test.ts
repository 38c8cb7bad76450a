import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { createProgressBar, formatProgress } from '../../../../src/engine/cli/progressBar';

describe('progress bar', () => {
  it('shows stage, bar, count, samples/s and time left from the elapsed time', () => {
    // 10 of 40 batches, 2560 samples in 2 s → 1280 samples/s; 2 s per 10 batches → 6 s for the other 30.
    const line = formatProgress({ stage: 'extracting features', done: 10, total: 40, unit: 'batches', samples: 2560 }, 2000, 100);
    assert.match(line, /^extracting features \[#+-+\] 10\/40 batches · 1280 samples\/s · 0:06 left$/);
    const bar = /\[(#+)(-+)\]/.exec(line)!;
    assert.equal(bar[1].length, Math.round(0.25 * (bar[1].length + bar[2].length)));
  });

  it('an LPM fit shows its relative duality gap, and no time left (its total is an iteration cap)', () => {
    const line = formatProgress({ stage: 'fitting LPM', done: 300, total: 20000, unit: 'iterations', gap: 3.25e-7 }, 1500, 100);
    assert.match(line, /^fitting LPM \[#*-+\] 300\/20000 iterations · gap 3\.3e-7$/);
  });

  it('fits the terminal width by shortening the stage, keeping the numbers; no bar when the total is unknown', () => {
    const p = { stage: 'a very long stage name '.repeat(5), done: 3, total: 9, unit: 'batches' as const, samples: 300 };
    const line = formatProgress(p, 1000, 60);
    assert.ok(line.length <= 59, line);
    assert.match(line, /^a very long.*… 3\/9 batches · 300 samples\/s · 0:02 left$/);
    assert.equal(formatProgress({ stage: 's', done: 3, unit: 'checkpoints' }, 1000), 's 3 checkpoints');
  });

  it('redraws at most every interval (always the last step), in place, and erases itself on finish', () => {
    let t = 0;
    const out: string[] = [];
    const bar = createProgressBar((s) => out.push(s), { now: () => t, intervalMs: 100 });
    for (let i = 1; i <= 10; i++) {
      t += 30;
      bar.update({ stage: 's', done: i, total: 10, unit: 'batches' });
    }
    // Draws at t=30 (first), 150, 270 and the final step at 300.
    assert.equal(out.length, 4);
    assert.ok(out.every((s) => s.startsWith('\r') && s.endsWith('\x1b[K')));
    bar.finish();
    assert.equal(out.at(-1), '\r\x1b[K');
  });

  it("draws a stage's first gap at once, even inside the interval after the stage's start event", () => {
    let t = 0;
    const out: string[] = [];
    const bar = createProgressBar((s) => out.push(s), { now: () => t, intervalMs: 100 });
    bar.update({ stage: 'fitting LPM', done: 0, total: 20000, unit: 'iterations' });
    t += 5;
    bar.update({ stage: 'fitting LPM', done: 40, total: 20000, unit: 'iterations', gap: 3.2e-5 });
    t += 5;
    bar.update({ stage: 'fitting LPM', done: 80, total: 20000, unit: 'iterations', gap: 1.1e-7 });
    assert.equal(out.length, 2, 'the start, then the first gap; the second gap waits for the interval');
    assert.match(out[1], /40\/20000 iterations · gap 3\.2e-5/);
  });
});

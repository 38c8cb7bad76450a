// `collapse-lens lpm` reports its progress (stage, iteration, relative duality gap) as structured events for
// the engine and as a bar on a terminal; the gaps are the certificate's: they end at or below the tolerance.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Progress } from '../../../../src/protocol/progress';
import { isFromEngineMessage } from '../../../../src/protocol/engine';
import type { LpmResult } from '../../../../src/protocol/result';
import { runCaptured } from '../../helpers/captureIo';

// Long-tailed counts 500 → 5 over 30 classes: the full float64 kernel, several certificate checks.
const COUNTS = Array.from({ length: 30 }, (_, k) => Math.round(500 * 0.01 ** (k / 29))).join(',');

describe('lpm progress', () => {
  it('streams iterations and the relative gap, the last at or below the tolerance; stdout stays the JSON', async () => {
    const events: Progress[] = [];
    const r = await runCaptured(['lpm', '--counts', COUNTS, '--eh', '2', '--ew', '1', '--tolerance', '1e-10', '--json', '--quiet'], { progress: (p) => events.push(p) });
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout) as LpmResult;
    assert.ok(result.certificate.converged);
    // The stage is announced before the first certificate (which takes minutes at K = 1000): iteration 0, no gap.
    assert.deepEqual({ done: events[0].done, gap: events[0].gap, unit: events[0].unit }, { done: 0, gap: undefined, unit: 'iterations' });
    const gaps = events.filter((e) => e.gap !== undefined);
    assert.ok(gaps.length >= 2, `${gaps.length} progress events with a gap`);
    for (const e of gaps) {
      assert.equal(e.unit, 'iterations');
      assert.ok(Number.isFinite(e.gap) && (e.gap as number) >= 0, `gap ${e.gap}`);
    }
    assert.ok((gaps.at(-1)?.gap as number) <= 1e-10, `last gap ${gaps.at(-1)?.gap}`);
    assert.ok((gaps[0].gap as number) > (gaps.at(-1)?.gap as number), 'the gap falls');
    assert.equal(r.stderr, '', '--quiet and not a terminal: nothing on stderr');
  });

  it('draws the bar with the gap on a terminal, and erases it before the result', async () => {
    const r = await runCaptured(['lpm', '--counts', COUNTS, '--eh', '2', '--ew', '1', '--tolerance', '1e-10'], { interactive: true });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /fitting LPM.* iterations · gap \d\.\de-\d+/);
    assert.ok(r.stderr.endsWith('\r\x1b[K'), 'the bar is erased at the end');
    assert.match(r.stdout, /certificate +converged/);
  });

  it('the engine protocol carries the gap as a finite number, and refuses any other value', () => {
    const progress = (gap: unknown) => ({ type: 'progress', id: 1, progress: { stage: 'fitting LPM', done: 3, total: 10, unit: 'iterations', gap } });
    assert.ok(isFromEngineMessage(progress(2.5e-7)));
    assert.ok(isFromEngineMessage({ type: 'progress', id: 1, progress: { stage: 'pass 1/2', done: 3, unit: 'batches' } }));
    for (const bad of [null, 'small', Number.NaN]) assert.equal(isFromEngineMessage(progress(bad)), false, `gap ${String(bad)}`);
  });
});

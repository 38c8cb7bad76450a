// The pending-reply table every request/reply channel uses, and the engine's command → result checks.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ENGINE_COMMANDS, ENGINE_RESULT_PROBLEMS } from '../../../src/protocol/engine';
import { checkLpmUpdate } from '../../../src/protocol/panel';
import { PendingReplies } from '../../../src/protocol/replies';
import { checkReport, type AnalysisReport } from '../../../src/protocol/report';

const fixture = (name: string): AnalysisReport => JSON.parse(readFileSync(join('test/fixtures/reports', `${name}.json`), 'utf8'));

test('ids count up from 1; an answer settles its own request once and returns what it was opened with', async () => {
  const replies = new PendingReplies<string, { name: string }>();
  const a = replies.open({ name: 'a' });
  const b = replies.open({ name: 'b' });
  assert.deepEqual([a.id, b.id], [1, 2]);
  assert.equal(replies.count(), 2);
  assert.deepEqual(replies.answer(b.id, 'B'), { name: 'b' });
  assert.equal(await b.reply, 'B');
  assert.equal(replies.answer(b.id, 'again'), undefined, 'a second answer to the same id is not delivered');
  assert.equal(replies.answer(99, 'unknown'), undefined);
  assert.equal(replies.has(a.id), true);
  assert.equal(replies.count(), 1);
});

test('fail rejects one request; failAll rejects those that match, leaving the others waiting', async () => {
  const replies = new PendingReplies<number, string>();
  const one = replies.open('engine 1');
  const two = replies.open('engine 2');
  const three = replies.open('engine 1');
  assert.equal(replies.fail(one.id, new Error('cancelled')), 'engine 1');
  await assert.rejects(one.reply, /cancelled/);
  replies.failAll(new Error('engine 1 exited'), (meta) => meta === 'engine 1');
  await assert.rejects(three.reply, /engine 1 exited/);
  assert.deepEqual([replies.has(two.id), replies.count()], [true, 1]);
  replies.failAll(new Error('shut down'));
  await assert.rejects(two.reply, /shut down/);
  assert.equal(replies.count(), 0);
});

test('every engine command has a result check; the report and what-if checks name the failing path', () => {
  assert.deepEqual(Object.keys(ENGINE_RESULT_PROBLEMS).sort(), [...ENGINE_COMMANDS].sort());
  assert.deepEqual(ENGINE_RESULT_PROBLEMS.report(fixture('minority-collapsed')), []);
  assert.ok(ENGINE_RESULT_PROBLEMS.report({ format: 'nope' }).some((p) => p.startsWith('format')));
  assert.deepEqual(ENGINE_RESULT_PROBLEMS.seli('text'), ['result: must be a JSON object']);
  const whatIf = ENGINE_RESULT_PROBLEMS.whatif({ ratioEffective: 'x', threshold: null, elapsedMs: 1, result: {}, curve: [], distances: {} });
  assert.ok(whatIf.includes('result.ratioEffective must be a number or null'), whatIf.join('; '));
  assert.ok(whatIf.some((p) => p.startsWith('result.result')), whatIf.join('; '));
});

test('checkReport and checkLpmUpdate give the typed value or the problems, never both', () => {
  const good = checkReport(fixture('collapsed'));
  assert.equal(good.value?.format, fixture('collapsed').format);
  assert.deepEqual(good.problems, []);
  const bad = checkReport({});
  assert.equal(bad.value, null);
  assert.ok(bad.problems.length > 0);
  const failed = checkLpmUpdate({ type: 'lpmUpdate', id: 3, ok: false, error: 'no LPM' }, 10);
  assert.deepEqual(failed.value, { type: 'lpmUpdate', id: 3, ok: false, error: 'no LPM' });
  const malformed = checkLpmUpdate({ type: 'lpmUpdate', id: 3, ok: true, oversample: 1, ehew: 5, result: { gramW: [[1]] } }, 10);
  assert.equal(malformed.value, null);
  assert.ok(malformed.problems.some((p) => p.startsWith('lpmUpdate.result')), malformed.problems.join('; '));
});

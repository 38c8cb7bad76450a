// Where a verdict sits in the Problems view: the classifier layer's entry in model.json, found in the
// text (checked by parsing the span on its own), and how loud it is by the severity setting.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { classifierEntrySpan, severityFor } from '../../../src/extension/problemsPlace';

const root = join(__dirname, '..', '..', '..', '..');
const mlp = readFileSync(join(root, 'test', 'fixtures', 'workspace', 'mlp', 'model.json'), 'utf8');

describe('Problems view: the classifier entry in model.json', () => {
  it('a minified layers model: the span is the Dense layer object named "classifier", not a weightsManifest name', () => {
    const span = classifierEntrySpan(mlp, 'classifier');
    assert.ok(span, 'found');
    const entry = JSON.parse(mlp.slice(span.start, span.end)) as { class_name: string; config: { name: string; units: number } };
    assert.equal(entry.class_name, 'Dense');
    assert.equal(entry.config.name, 'classifier');
    // Inside modelTopology, which this file writes before its weightsManifest.
    assert.ok(span.start > mlp.indexOf('"modelTopology"') && span.end < mlp.indexOf('"weightsManifest"'));
    assert.ok(!mlp.slice(span.start, span.end).includes('classifier/kernel'));
  });

  it('a graph model: the node {name, op} of the classifier', () => {
    const graph = JSON.stringify(
      {
        format: 'graph-model',
        modelTopology: { node: [{ name: 'x', op: 'Placeholder' }, { name: 'dense/MatMul', op: 'MatMul', input: ['x', 'dense/kernel'] }, { name: 'dense/kernel', op: 'Const' }] },
        weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'dense/MatMul', shape: [2, 3], dtype: 'float32' }] }],
      },
      null,
      2,
    );
    const span = classifierEntrySpan(graph, 'dense/MatMul');
    assert.ok(span);
    assert.deepEqual(JSON.parse(graph.slice(span.start, span.end)), { name: 'dense/MatMul', op: 'MatMul', input: ['x', 'dense/kernel'] });
    // The span's first line is where the node starts in the pretty-printed text.
    assert.equal(graph.slice(0, span.start).split('\n').length, graph.split('\n').findIndex((l) => l.includes('"dense/MatMul"')));
  });

  it('no entry of that name, no name, or not JSON: undefined (the caller falls back to line 1)', () => {
    assert.equal(classifierEntrySpan(mlp, 'nope'), undefined);
    assert.equal(classifierEntrySpan(mlp, null), undefined);
    assert.equal(classifierEntrySpan('not json', 'classifier'), undefined);
  });
});

describe('Problems view: severity', () => {
  it('default Information: nothing is an error or a warning', () => {
    assert.deepEqual(['bad', 'warn', 'good'].map((t) => severityFor(t as 'bad', 'information')), ['information', 'information', 'information']);
    assert.equal(severityFor('none', 'information'), undefined);
  });
  it('error: far from collapse is an Error, part of the way a Warning, at collapse Information', () => {
    assert.deepEqual(['bad', 'warn', 'good'].map((t) => severityFor(t as 'bad', 'error')), ['error', 'warning', 'information']);
  });
  it('warning and hint', () => {
    assert.deepEqual(['bad', 'warn', 'good'].map((t) => severityFor(t as 'bad', 'warning')), ['warning', 'information', 'information']);
    assert.deepEqual(['bad', 'warn', 'good'].map((t) => severityFor(t as 'bad', 'hint')), ['hint', 'hint', 'hint']);
  });
});

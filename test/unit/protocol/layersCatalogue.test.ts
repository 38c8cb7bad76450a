// The catalogue covers every key of a real `layers` result (family "layers"), and the report validator
// reads it: a layer value that is not a number is refused by path.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { FIT_CONTEXT_KEYS, FIT_METRICS, LAYER_CONTEXT_KEYS, LAYER_METRICS } from '../../../src/protocol/catalogue';
import type { MetricEntry } from '../../../src/protocol/catalogue';
import type { LayersResult } from '../../../src/protocol/layers';
import { layersProblems } from '../../../src/protocol/layersGuards';
import { runCli } from '../../../src/engine/cli/cli';

let result: LayersResult;
before(async () => {
  let out = '';
  const code = await runCli(['layers', join('test', 'fixtures', 'models', 'checkpoints'), '--data', join('test', 'fixtures', 'data', 'blobs', 'train.csv'), '--minority', '1,2', '--json', '--quiet'], { stdout: (t) => void (out += t), stderr: () => undefined, interactive: false });
  assert.equal(code, 0);
  result = JSON.parse(out) as LayersResult;
});

const uncovered = (value: object, catalogue: object, context: readonly string[]) => Object.keys(value).filter((k) => !(k in catalogue) && !context.includes(k));

test('every key of a real layers result (rows and fit of every checkpoint) has an entry of family "layers" or is context', () => {
  const curves = [result, ...(result.checkpoints ?? [])];
  assert.ok(curves.length === 5);
  for (const c of curves) {
    for (const row of c.layers) assert.deepEqual(uncovered(row, LAYER_METRICS, LAYER_CONTEXT_KEYS), []);
    assert.deepEqual(uncovered(c.fit, FIT_METRICS, FIT_CONTEXT_KEYS), []);
  }
  for (const e of [...Object.values(LAYER_METRICS), ...Object.values(FIT_METRICS)] as MetricEntry[]) {
    assert.equal(e.family, 'layers');
    assert.ok(e.label && e.meaning && e.ideal);
  }
  assert.deepEqual(uncovered({ ...result.layers[0], spread: 1 }, LAYER_METRICS, LAYER_CONTEXT_KEYS), ['spread']);
});

test('the validator accepts the real result and names a bad value by path', () => {
  assert.deepEqual(layersProblems(result, 'layers'), []);
  const bad = structuredClone(result) as unknown as { layers: Record<string, unknown>[]; checkpoints: { fit: Record<string, unknown> }[] };
  bad.layers[1].separationBalanced = 'x';
  bad.checkpoints[2].fit.ratio = 'y';
  assert.deepEqual(layersProblems(bad, 'layers'), ['layers.layers[1].separationBalanced must be a number or null', 'layers.checkpoints[2].fit.ratio must be a number or null']);
});

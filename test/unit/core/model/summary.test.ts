// The model summary (collapse-lens summary, the editor's model summary document): layers, shapes and
// parameters read back from model.json itself (its layer configs and the weight shapes of its manifest),
// the head equal to the one the analysis opens (openClassifierModel), and the markdown naming them.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { openClassifierModel } from '../../../../src/core/model/classifierModel';
import { summarizeModel } from '../../../../src/core/model/summary';
import type { Tf } from '../../../../src/core/tf';
import { selectBackend } from '../../../../src/engine/backend';
import { isModelSummary, modelSummaryMarkdown } from '../../../../src/protocol/modelSummary';
import { MODELS } from './oracle';

let tf: Tf;
before(async () => {
  tf = (await selectBackend({ prefer: 'cpu' })).tf;
});

interface LayerJson {
  class_name: string;
  config: { name: string; units?: number; activation?: string };
}

describe('model summary', () => {
  it('an MLP: its Dense layers with units as output shapes, parameters from the manifest, the head the analysis opens', async () => {
    const path = join(MODELS, 'mlp');
    const json = JSON.parse(readFileSync(join(path, 'model.json'), 'utf8'));
    const layers: LayerJson[] = json.modelTopology.config.layers.filter((l: LayerJson) => l.class_name !== 'InputLayer');
    const manifestParams = json.weightsManifest.flatMap((g: { weights: { shape: number[] }[] }) => g.weights).reduce((a: number, w: { shape: number[] }) => a + w.shape.reduce((x, y) => x * y, 1), 0);
    const s = await summarizeModel(tf, path);
    assert.ok(isModelSummary(s));
    assert.equal(s.format, 'layers-model');
    assert.deepEqual(s.layers.map((l) => l.name), layers.map((l) => l.config.name));
    assert.deepEqual(s.layers.map((l) => l.outputShape), layers.map((l) => `[${l.config.units}]`));
    assert.deepEqual(s.layers.map((l) => l.activation), layers.map((l) => (l.config.activation === 'linear' ? null : (l.config.activation ?? null))));
    assert.equal(s.params, manifestParams);
    assert.equal(s.layers.reduce((a, l) => a + l.params, 0), manifestParams);
    const opened = await openClassifierModel(tf, path);
    try {
      assert.deepEqual(s.head, { featureLayer: opened.head.featureLayer, classifierLayer: opened.head.classifierLayer, dim: opened.head.dim, classes: opened.head.classes, kind: opened.head.kind, bias: opened.head.bias !== null, outputOps: opened.head.outputOps });
    } finally {
      opened.dispose();
    }
    const md = modelSummaryMarkdown(s, 'Model summary: mlp');
    const last = layers.at(-1) as LayerJson;
    assert.match(md, new RegExp(`\\*\\*Classifier\\*\\*: \`${last.config.name}\`, a dense layer: W is K × d = ${last.config.units} × ${layers.at(-2)?.config.units}`));
    for (const l of layers) assert.ok(md.includes(`| ${l.config.name} `), `the table lists ${l.config.name}`);
  });

  it('a model with two classifier outputs: no head, and the reason the analysis gives', async () => {
    const s = await summarizeModel(tf, join(MODELS, 'two-heads'));
    assert.equal(s.head, null);
    assert.match(s.headProblem ?? '', /2 outputs that each end in a classifier/);
    assert.match(modelSummaryMarkdown(s, 't'), /No classifier found: has 2 outputs/);
  });

  it('a graph model: its non-constant nodes, parameters = the manifest\'s weights', async () => {
    const path = join(MODELS, 'graph-fused');
    const json = JSON.parse(readFileSync(join(path, 'model.json'), 'utf8'));
    const nodes = json.modelTopology.node.filter((n: { op: string }) => n.op !== 'Const').map((n: { name: string }) => n.name);
    const manifestParams = json.weightsManifest.flatMap((g: { weights: { shape: number[] }[] }) => g.weights).reduce((a: number, w: { shape: number[] }) => a + w.shape.reduce((x, y) => x * y, 1), 0);
    const s = await summarizeModel(tf, path);
    assert.equal(s.format, 'graph-model');
    assert.deepEqual(s.layers.map((l) => l.name), nodes);
    assert.equal(s.params, manifestParams);
    assert.ok(s.head && s.head.classes === 3, `head ${JSON.stringify(s.head)}`);
  });
});

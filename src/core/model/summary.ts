// The summary of a model without data: its layers (class, activation, output shape, parameters) and the
// classifier head the analysis would use, found by the same search as `inspect` (layersHead/graphHead).
import type * as tfjs from '@tensorflow/tfjs';
import { describeError, InputError } from '../errors';
import type { Tf } from '../tf';
import type { ModelSummary, ModelSummaryHead, ModelSummaryLayer } from '../../protocol/modelSummary';
import { findGraphHead } from './graphHead';
import type { ClassifierHead } from './head';
import { findLayersHead } from './layersHead';
import { loadModel } from './load';
import { flattenNested, hasNestedModels } from './nested';

const shapeText = (shape: readonly (number | null | undefined)[]) => `[${shape.map((d) => (d === null || d === undefined || d < 0 ? '?' : String(d))).join(', ')}]`;

function outputShape(layer: tfjs.layers.Layer): string {
  try {
    const shape = layer.outputShape;
    if (Array.isArray(shape[0])) return (shape as number[][]).map((s) => shapeText(s.slice(1))).join(', ');
    return shapeText((shape as (number | null)[]).slice(1));
  } catch {
    return '';
  }
}

function layerRow(layer: tfjs.layers.Layer): ModelSummaryLayer {
  const config = layer.getConfig() as { activation?: unknown };
  const activation = typeof config.activation === 'string' && config.activation !== 'linear' ? config.activation : null;
  return { name: layer.name, className: layer.getClassName(), activation, outputShape: outputShape(layer), params: layer.countParams() };
}

function headOf(h: ClassifierHead): ModelSummaryHead {
  return { featureLayer: h.featureLayer, classifierLayer: h.classifierLayer, dim: h.dim, classes: h.classes, kind: h.kind, bias: h.bias !== null, outputOps: [...h.outputOps] };
}

/** The head, or why there is none (the analysis would refuse the model with that message). */
function findHead(find: () => ClassifierHead, jsonPath: string): { head: ModelSummaryHead | null; headProblem: string | null } {
  try {
    return { head: headOf(find()), headProblem: null };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const message = describeError(error).split('\n')[0];
    return { head: null, headProblem: message.startsWith(`${jsonPath}: `) ? message.slice(jsonPath.length + 2) : message };
  }
}

export async function summarizeModel(tf: Tf, path: string): Promise<ModelSummary> {
  const loaded = await loadModel(tf, path);
  const { jsonPath } = loaded.files;
  const warnings = loaded.files.quantization.map((q) => `${q.weights} weight tensors are quantized to ${q.dtype}; the analysis uses the dequantized values`);
  try {
    if (loaded.format === 'layers-model') {
      const model = loaded.model;
      const layers = model.layers.map(layerRow);
      const found = findHead(() => {
        if (!hasNestedModels(model)) return findLayersHead(model, jsonPath);
        const { model: flat, names } = flattenNested(tf, model, jsonPath);
        return findLayersHead(flat, jsonPath, { names });
      }, jsonPath);
      return { path: jsonPath, format: 'layers-model', inputShape: model.inputs.map((i) => shapeText(i.shape.slice(1))).join(', '), layers, params: model.countParams(), ...found, warnings };
    }
    const model = loaded.model;
    const json = loaded.files.json;
    const nodes = (json.modelTopology as { node?: { name?: unknown; op?: unknown }[] } | undefined)?.node ?? [];
    const weightSize = new Map(loaded.files.weightSpecs.map((w) => [w.name, w.shape.reduce((a, b) => a * b, 1)]));
    const layers: ModelSummaryLayer[] = nodes
      .filter((n) => typeof n.op === 'string' && n.op !== 'Const' && typeof n.name === 'string')
      .map((n) => ({ name: String(n.name), className: String(n.op), activation: null, outputShape: '', params: 0 }));
    const params = [...weightSize.values()].reduce((a, b) => a + b, 0);
    const found = findHead(() => findGraphHead(model, json, jsonPath), jsonPath);
    const input = model.inputs[0];
    return { path: jsonPath, format: 'graph-model', inputShape: input ? shapeText((input.shape ?? []).slice(1)) : '[]', layers, params, ...found, warnings };
  } finally {
    loaded.model.dispose();
  }
}

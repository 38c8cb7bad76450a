// What makes two saved models "the same architecture", read from model.json alone (no shards):
// the format, the layer classes (with their activation; nested models expanded) or, for a graph
// model, the ops of its nodes in order, and the weight shapes in manifest order. Layer and node
// names are left out: tfjs generates them per run (dense_Dense1, flatten_input_13), so two saves
// of one model along its training may differ in names but never in these.
import { isRecord } from '../../protocol/guards';
import type { ModelFormat } from './modelReader';
import { readModelJson } from './modelReader';

export interface Architecture {
  format: ModelFormat;
  /** Layer classes ("Dense(relu)") or graph ops ("Conv2D"), in order. */
  units: string[];
  /** Weight shapes in manifest order, "[3,3,16,32]". */
  weights: string[];
}

const NESTED = new Set(['Sequential', 'Model', 'Functional']);

function layerClasses(layers: unknown, out: string[]): void {
  if (!Array.isArray(layers)) return;
  for (const layer of layers) {
    if (!isRecord(layer) || typeof layer.class_name !== 'string') continue;
    const config = isRecord(layer.config) ? layer.config : {};
    if (NESTED.has(layer.class_name)) {
      layerClasses(Array.isArray(config.layers) ? config.layers : config, out);
      continue;
    }
    out.push(typeof config.activation === 'string' && config.activation !== 'linear' ? `${layer.class_name}(${config.activation})` : layer.class_name);
  }
}

function topologyUnits(format: ModelFormat, topology: unknown): string[] {
  const units: string[] = [];
  if (!isRecord(topology)) return units;
  if (format === 'graph-model') {
    for (const node of Array.isArray(topology.node) ? topology.node : []) {
      if (isRecord(node) && typeof node.op === 'string' && node.op !== 'Const') units.push(node.op);
    }
    return units;
  }
  // Keras JSON: {class_name, config} or {model_config: {class_name, config}}.
  const root = isRecord(topology.model_config) ? topology.model_config : topology;
  layerClasses([root], units);
  return units;
}

/** Reads the architecture of the model at `path` (a model folder or model.json). */
export function readArchitecture(path: string): Architecture {
  const { format, json, manifest } = readModelJson(path);
  const weights: string[] = [];
  for (const group of manifest) {
    for (const w of isRecord(group) && Array.isArray(group.weights) ? group.weights : []) {
      weights.push(isRecord(w) && Array.isArray(w.shape) ? `[${w.shape.join(',')}]` : '?');
    }
  }
  return { format, units: topologyUnits(format, json.modelTopology), weights };
}

function counts(list: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of list) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

/** The first difference of two sequences, in a few words. */
function sequenceDifference(what: string, a: readonly string[], b: readonly string[]): string | null {
  if (a.length !== b.length) {
    const ca = counts(a);
    const cb = counts(b);
    const changed = [...new Set([...ca.keys(), ...cb.keys()])].filter((k) => ca.get(k) !== cb.get(k)).slice(0, 3);
    const detail = changed.map((k) => `${k} ×${ca.get(k) ?? 0} vs ×${cb.get(k) ?? 0}`).join(', ');
    return `${a.length} ${what}s vs ${b.length}${detail ? ` (${detail})` : ''}`;
  }
  const i = a.findIndex((x, j) => x !== b[j]);
  return i < 0 ? null : `${what} ${i + 1} is ${a[i]} vs ${b[i]}`;
}

/** How architecture `a` differs from `b` ("a graph-model vs a layers-model", "layer 3 is …"), or null. */
export function architectureDifference(a: Architecture, b: Architecture): string | null {
  if (a.format !== b.format) return `a ${a.format} vs a ${b.format}`;
  return sequenceDifference(a.format === 'graph-model' ? 'op' : 'layer', a.units, b.units) ?? sequenceDifference('weight', a.weights, b.weights);
}

// A loaded model that returns the outputs of every chosen layer in one forward pass, plus where its
// classifier is (the penultimate layer, where NC1 is measured). Layer 0 is the model input itself.
import type * as tfjs from '@tensorflow/tfjs';
import { describeError, fileFault, tfjsMessage } from '../errors';
import { findGraphHead } from '../model/graphHead';
import { findLayersHead } from '../model/layersHead';
import { loadModel } from '../model/load';
import type { Tensor, Tf } from '../tf';
import { graphTaps, nodeTap, type GraphTap } from './graphTaps';
import { layersTaps, type LayersTap, type TapInfo } from './layersTaps';
import { nearestNames } from './nearest';

export interface TapModel {
  format: 'layers-model' | 'graph-model';
  jsonPath: string;
  inputName: string;
  inputShape: (number | null)[];
  classes: number;
  featureLayer: string;
  classifierLayer: string;
  /** Every tappable layer in order; `chosen` indexes into it. */
  available: TapInfo[];
  chosen: TapInfo[];
  /** Index in `chosen` of the classifier's input. */
  penultimate: number;
  warnings: string[];
  /** One forward pass; one tensor per chosen layer, owned (disposed) by the caller. */
  run(x: Tensor): Promise<Tensor[]>;
  dispose(): void;
}

export interface TapOptions {
  /** Layer names to tap, or 'all' / undefined for the default set. */
  layers?: readonly string[] | 'all';
  featureLayer?: string;
}

/** The chosen taps: the named ones (refusing unknown names), else the default set; the feature layer always. */
function choose<T extends TapInfo>(available: T[], wanted: TapOptions['layers'], isFeature: (t: T) => boolean, jsonPath: string): T[] {
  if (wanted && wanted !== 'all') {
    const names = available.map((t) => t.name);
    const unknown = wanted.filter((w) => !names.includes(w) && w !== 'input');
    if (unknown.length) {
      const near = nearestNames(unknown[0], names);
      throw fileFault(jsonPath, `has no layer named "${unknown[0]}" (--layers); nearest: ${near.join(', ')}${names.length > near.length ? ` (all ${names.length}: ${names.join(', ')})` : ''}`);
    }
    return available.filter((t) => wanted.includes(t.name) || isFeature(t));
  }
  return available.filter((t) => !t.passThrough || isFeature(t));
}

export async function openTapModel(tf: Tf, path: string, options: TapOptions = {}): Promise<TapModel> {
  const loaded = await loadModel(tf, path);
  const { jsonPath } = loaded.files;
  try {
    if (loaded.format === 'layers-model') return layersTapModel(tf, loaded.model, jsonPath, options);
    return graphTapModel(loaded.model, loaded.files.json, jsonPath, options);
  } catch (error) {
    loaded.model.dispose();
    throw error;
  }
}

function layersTapModel(tf: Tf, model: tfjs.LayersModel, jsonPath: string, options: TapOptions): TapModel {
  const head = findLayersHead(model, jsonPath, { featureLayer: options.featureLayer });
  const { taps, skipped } = layersTaps(model);
  // The features by tensor; by layer name when the head was found inside a nested model.
  const isFeature = taps.some((t) => t.tensor === head.featureTensor) ? (t: LayersTap) => t.tensor === head.featureTensor : (t: LayersTap) => t.name === head.featureLayer;
  const chosen = choose(taps, options.layers, isFeature, jsonPath);
  const penultimate = chosen.findIndex(isFeature);
  const sub = chosen.length ? tf.model({ inputs: model.inputs, outputs: chosen.map((t) => t.tensor) }) : null;
  const input = model.inputs[0];
  return {
    format: 'layers-model',
    jsonPath,
    inputName: model.inputLayers[0]?.name ?? input.name,
    inputShape: input.shape.slice(1),
    classes: head.classes,
    featureLayer: head.featureLayer,
    classifierLayer: head.classifierLayer,
    available: taps.map(info),
    chosen: chosen.map(info),
    // The features may be the model input itself (a linear model): then layer 0 is the penultimate.
    penultimate,
    warnings: skipped.length ? [`not tapped (no single per-sample output): ${skipped.join('; ')}`] : [],
    async run(x) {
      if (!sub) return [];
      try {
        const out = sub.predict(x);
        return Array.isArray(out) ? out : [out];
      } catch (error) {
        throw fileFault(jsonPath, `the model failed to run (${describeError(error)})`);
      }
    },
    dispose: () => model.dispose(),
  };
}

function graphTapModel(model: tfjs.GraphModel, json: tfjs.io.ModelJSON, jsonPath: string, options: TapOptions): TapModel {
  const head = findGraphHead(model, json, jsonPath, options.featureLayer);
  const taps = graphTaps(json, model.outputNodes);
  const featureNode = head.featureNode.replace(/:\d+$/, '');
  if (!taps.some((t) => t.node === featureNode) && featureNode !== model.inputNodes[0]) {
    const extra = nodeTap(json, featureNode);
    if (extra) {
      // Placed after the last tap that precedes it in the graph is not known here; the block it ends is.
      const at = taps.findIndex((t) => featureNode.startsWith(t.node.slice(0, t.node.lastIndexOf('/') + 1)));
      taps.splice(at >= 0 ? at + 1 : taps.length, 0, extra);
    }
  }
  const isFeature = (t: GraphTap) => t.node === featureNode;
  const chosen = choose(taps, options.layers, isFeature, jsonPath);
  const nodes = chosen.map((t) => t.node);
  const info0 = model.inputs[0];
  let dynamic = false;
  return {
    format: 'graph-model',
    jsonPath,
    inputName: info0.name,
    inputShape: (info0.shape ?? []).slice(1).map((d) => (d < 0 ? null : d)),
    classes: head.classes,
    featureLayer: head.featureLayer,
    classifierLayer: head.classifierLayer,
    available: taps.map(info),
    chosen: chosen.map(info),
    penultimate: chosen.findIndex(isFeature),
    warnings: [],
    async run(x) {
      if (nodes.length === 0) return [];
      try {
        if (!dynamic) {
          try {
            const out = model.execute(x, nodes);
            return Array.isArray(out) ? out : [out];
          } catch (error) {
            if (!/executeAsync|dynamic op/i.test(describeError(error))) throw error;
            dynamic = true;
          }
        }
        const out = await model.executeAsync(x, nodes);
        return Array.isArray(out) ? out : [out];
      } catch (error) {
        throw fileFault(jsonPath, `the graph failed to run (${tfjsMessage(error)})`);
      }
    },
    dispose: () => model.dispose(),
  };
}

function info(t: TapInfo): TapInfo {
  return { name: t.name, className: t.className, dim: t.dim, passThrough: t.passThrough };
}

// Finds the classifier of a LayersModel: walking back from the output, the first Dense layer is
// the classifier and its input is the penultimate feature (platform-notes §2). Layers between it
// and the output are either known (softmax/sigmoid/linear activations, dropout and noise layers,
// which are the identity at inference) or recorded as unverified: verification then decides
// whether softmax(H Wᵀ + b) still reproduces the output.
import type * as tfjs from '@tensorflow/tfjs';
import { fileFault } from '../errors';
import { kernelToW, listConsidered, type ClassifierHead, type Considered, type OutputOp } from './head';

type Layer = tfjs.layers.Layer;
type SymbolicTensor = tfjs.SymbolicTensor;

export interface LayersHead extends ClassifierHead {
  featureTensor: SymbolicTensor;
  outputTensor: SymbolicTensor;
}

/** Identity at inference time. */
const PASS_THROUGH = new Set(['Dropout', 'AlphaDropout', 'GaussianDropout', 'GaussianNoise', 'SpatialDropout1D', 'SpatialDropout2D']);
const HEAD_ACTIVATIONS = new Set(['linear', 'softmax', 'sigmoid']);

function activationOf(layer: Layer): string {
  const config = layer.getConfig() as { activation?: unknown };
  return typeof config.activation === 'string' ? config.activation : 'linear';
}

function inputsOf(t: SymbolicTensor): SymbolicTensor[] {
  const node = t.sourceLayer.inboundNodes[t.nodeIndex];
  return node ? node.inputTensors : [];
}

function outputOpOf(activation: string): OutputOp[] {
  return activation === 'softmax' || activation === 'sigmoid' ? [activation] : [];
}

/**
 * @param featureLayer the user's choice of feature layer (the layer whose output is H), if any.
 */
export function findLayersHead(model: tfjs.LayersModel, jsonPath: string, featureLayer?: string): LayersHead {
  if (model.inputs.length !== 1) {
    throw fileFault(jsonPath, `model has ${model.inputs.length} inputs (${model.inputs.map((t) => t.name).join(', ')}); Collapse Lens feeds a single input`);
  }
  if (featureLayer !== undefined) {
    const names = model.layers.map((l) => l.name);
    if (!names.includes(featureLayer)) {
      throw fileFault(jsonPath, `has no layer named "${featureLayer}" (--feature-layer); its layers are: ${names.join(', ')}`);
    }
  }

  const found: LayersHead[] = [];
  const considered: Considered[] = [];
  model.outputs.forEach((output, o) => {
    const head = walkBack(output, o, model.outputs.length, featureLayer, considered);
    if (head) found.push(head);
  });

  const onPath = new Set(considered.map((c) => c.name));
  for (const layer of model.layers) {
    if (layer.getClassName() === 'Dense' && !onPath.has(layer.name)) {
      considered.push({ name: layer.name, kind: 'Dense', verdict: 'not on the single-input path back from an output' });
    }
  }

  if (found.length === 1) return found[0];
  if (found.length > 1) {
    throw fileFault(
      jsonPath,
      `is ambiguous: ${found.length} outputs each end in a classifier (${found.map((h) => `"${h.classifierLayer}" on "${h.featureLayer}"`).join(', ')}); Collapse Lens analyses one classifier. Considered: ${listConsidered(considered)}`,
    );
  }
  if (featureLayer !== undefined) {
    const asClassifier = considered.find((c) => c.name === featureLayer && c.kind === 'Dense');
    const hint = asClassifier ? ` ("${featureLayer}" is a Dense layer; --feature-layer names the layer whose output feeds the classifier)` : '';
    throw fileFault(jsonPath, `no Dense layer takes the output of "${featureLayer}" on the path to the output${hint}. Considered: ${listConsidered(considered)}`);
  }
  throw fileFault(jsonPath, `has no usable classifier (a Dense layer with linear, softmax or sigmoid activation feeding the output). Considered: ${listConsidered(considered)}`);
}

function walkBack(output: SymbolicTensor, index: number, outputs: number, featureLayer: string | undefined, considered: Considered[]): LayersHead | undefined {
  const ops: OutputOp[] = [];
  const unverified: string[] = [];
  let t = output;
  const where = outputs > 1 ? ` (output ${index})` : '';
  for (;;) {
    const layer = t.sourceLayer;
    const cls = layer.getClassName();
    const inputs = inputsOf(t);
    if (cls === 'InputLayer' || inputs.length === 0) {
      considered.push({ name: layer.name, kind: cls, verdict: `reached the model input without finding a Dense classifier${where}` });
      return undefined;
    }
    if (inputs.length > 1) {
      considered.push({ name: layer.name, kind: cls, verdict: `merges ${inputs.length} inputs before any Dense classifier${where}, so the logits are not one linear map of one feature vector` });
      return undefined;
    }
    const input = inputs[0];
    if (cls === 'Dense') {
      const activation = activationOf(layer);
      const wanted = featureLayer === undefined || input.sourceLayer.name === featureLayer;
      if (!wanted) {
        considered.push({ name: layer.name, kind: 'Dense', verdict: `its input comes from "${input.sourceLayer.name}", not from --feature-layer "${featureLayer}"` });
        unverified.push(`${layer.name} (Dense, ${activation})`);
        t = input;
        continue;
      }
      if (!HEAD_ACTIVATIONS.has(activation)) {
        considered.push({ name: layer.name, kind: 'Dense', verdict: `activation "${activation}" after the matmul: the output is not linear logits (or their softmax/sigmoid)${where}` });
        return undefined;
      }
      if (input.shape.length !== 2) {
        considered.push({ name: layer.name, kind: 'Dense', verdict: `applied to a rank-${input.shape.length} tensor ${JSON.stringify(input.shape)}, not to one feature vector per sample` });
        return undefined;
      }
      considered.push({ name: layer.name, kind: 'Dense', verdict: `classifier${where}` });
      const weights = layer.getWeights();
      const kernel = weights[0];
      const [d, k] = kernel.shape;
      const bias = weights.length > 1 ? (weights[1].dataSync() as Float32Array).slice() : null;
      return {
        featureLayer: input.sourceLayer.name,
        classifierLayer: layer.name,
        dim: d,
        classes: k,
        weights: kernelToW(kernel.dataSync() as Float32Array, d, k),
        bias,
        outputOps: [...outputOpOf(activation), ...ops.reverse()],
        unverifiedLayers: unverified.reverse(),
        featureTensor: input,
        outputTensor: output,
      };
    }
    if (PASS_THROUGH.has(cls)) {
      considered.push({ name: layer.name, kind: cls, verdict: 'identity at inference, passed' });
    } else if (cls === 'Softmax' || (cls === 'Activation' && HEAD_ACTIVATIONS.has(activationOf(layer)))) {
      const op = cls === 'Softmax' ? 'softmax' : activationOf(layer);
      considered.push({ name: layer.name, kind: cls, verdict: `${op} of the logits, passed` });
      ops.push(...outputOpOf(op));
    } else {
      const detail = cls === 'Activation' ? `${cls} ${activationOf(layer)}` : cls;
      considered.push({ name: layer.name, kind: cls, verdict: 'not a Dense layer; passed, to be checked by verification' });
      unverified.push(`${layer.name} (${detail})`);
    }
    t = input;
  }
}

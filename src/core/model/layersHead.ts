// Finds the classifier of a LayersModel: walking back from the output, the first Dense layer (or a
// 1×1 Conv2D on a 1×1 map, which is a Dense layer in disguise) is the classifier and its input is
// the penultimate feature (platform-notes §2). Layers between it and the output are either known
// (softmax/sigmoid/linear activations, dropout and noise layers, Flatten/Reshape, all the identity
// on the values at inference) or recorded as unverified: verification then decides whether
// act(H Wᵀ + b) still reproduces the output. A one-unit head is read as two classes (head.ts).
import type * as tfjs from '@tensorflow/tfjs';
import { fileFault } from '../errors';
import { binaryHead, kernelToW, listConsidered, type ClassifierHead, type Considered, type HeadKind, type OutputOp } from './head';

type Layer = tfjs.layers.Layer;
type SymbolicTensor = tfjs.SymbolicTensor;

export interface LayersHead extends ClassifierHead {
  featureTensor: SymbolicTensor;
  outputTensor: SymbolicTensor;
}

export interface LayersHeadOptions {
  featureLayer?: string;
  /** Output layer to analyse when the model has several. */
  output?: string;
  /** Display names (a nested layer's path, "head/dense_2"); default the layer's own name. */
  names?: ReadonlyMap<Layer, string>;
}

/** Identity at inference time. */
const PASS_THROUGH = new Set(['Dropout', 'AlphaDropout', 'GaussianDropout', 'GaussianNoise', 'SpatialDropout1D', 'SpatialDropout2D']);
/** Change the shape, not the values (in the order they are stored). */
const RESHAPES = new Set(['Flatten', 'Reshape']);
const HEAD_ACTIVATIONS = new Set(['linear', 'softmax', 'sigmoid']);

function activationOf(layer: Layer): string {
  const config = layer.getConfig() as { activation?: unknown };
  return typeof config.activation === 'string' ? config.activation : 'linear';
}

/** Leaves the values as they are at inference (dropout/noise, reshapes, a linear Activation). */
export function isValueIdentity(layer: Layer): boolean {
  const cls = layer.getClassName();
  return PASS_THROUGH.has(cls) || RESHAPES.has(cls) || (cls === 'Activation' && activationOf(layer) === 'linear');
}

function inputsOf(t: SymbolicTensor): SymbolicTensor[] {
  const node = t.sourceLayer.inboundNodes[t.nodeIndex];
  return node ? node.inputTensors : [];
}

function outputOpOf(activation: string): OutputOp[] {
  return activation === 'softmax' || activation === 'sigmoid' ? [activation] : [];
}

/** Layer names of the model's outputs (as saved). */
export function outputNamesOf(model: tfjs.LayersModel): string[] {
  return model.outputs.map((t) => t.sourceLayer.name);
}

export function findLayersHead(model: tfjs.LayersModel, jsonPath: string, options: LayersHeadOptions = {}): LayersHead {
  const { featureLayer, output } = options;
  const nameOf = (layer: Layer) => options.names?.get(layer) ?? layer.name;
  const matches = (layer: Layer, wanted: string) => nameOf(layer) === wanted || layer.name === wanted;
  if (model.inputs.length !== 1) {
    throw fileFault(jsonPath, `the model has ${model.inputs.length} inputs; Collapse Lens feeds a single input (analyse a model with one input)`);
  }
  if (featureLayer !== undefined && !model.layers.some((l) => matches(l, featureLayer))) {
    const names = model.layers.filter((l) => l.getClassName() !== 'InputLayer').map(nameOf);
    throw fileFault(jsonPath, `has no layer named "${featureLayer}" (--feature-layer); its layers are: ${names.slice(0, 30).join(', ')}${names.length > 30 ? `, … (${names.length - 30} more)` : ''}`);
  }
  const outputNames = outputNamesOf(model);
  let outputs = model.outputs.map((t, i) => ({ t, i }));
  if (output !== undefined) {
    outputs = outputs.filter(({ i }) => outputNames[i] === output);
    if (outputs.length === 0) throw fileFault(jsonPath, `has no output named "${output}" (--output); its outputs are: ${outputNames.join(', ')}`);
  }

  const found: LayersHead[] = [];
  const considered: Considered[] = [];
  for (const { t, i } of outputs) {
    const where = outputs.length > 1 ? ` (output "${outputNames[i]}")` : '';
    const head = walkBack(t, where, featureLayer, considered, nameOf, matches);
    if (head) found.push({ ...head, output: outputNames[i] } as LayersHead);
  }

  const onPath = new Set(considered.map((c) => c.name));
  for (const layer of model.layers) {
    if (layer.getClassName() === 'Dense' && !onPath.has(nameOf(layer))) {
      considered.push({ name: nameOf(layer), kind: 'Dense', verdict: 'not on the single-input path back from an output' });
    }
  }

  if (found.length === 1) return found[0];
  if (found.length > 1) {
    const which = found.map((h) => `"${h.output}"`).join(', ');
    throw fileFault(jsonPath, `has ${found.length} outputs that each end in a classifier (${which}); pick one with --output NAME`, [
      ...found.map((h) => `output "${h.output}": classifier "${h.classifierLayer}" (K = ${h.classes}) on features "${h.featureLayer}" (d = ${h.dim})`),
    ]);
  }
  const multi = model.outputs.length > 1 && output === undefined ? ` (outputs: ${outputNames.join(', ')}; --output picks one)` : '';
  if (featureLayer !== undefined) {
    const asClassifier = considered.find((c) => c.name === featureLayer && c.kind === 'Dense');
    const hint = asClassifier ? ` ("${featureLayer}" is the classifier; --feature-layer names the layer whose output feeds it)` : '';
    throw fileFault(jsonPath, `no classifier takes the output of "${featureLayer}" on the path to the output${hint}${multi}`, listConsidered(considered));
  }
  throw fileFault(
    jsonPath,
    `has no usable classifier (a linear, softmax or sigmoid Dense or 1×1 Conv2D feeding the output)${multi}; see the supported heads in docs/models.md`,
    listConsidered(considered),
  );
}

type Found = Omit<LayersHead, 'outputTensor'> & { outputTensor?: SymbolicTensor };

/** The classifier (Dense, or 1×1 Conv2D on a 1×1 map) reading `input`, or a reason it is not one. */
function readClassifier(layer: Layer, input: SymbolicTensor): { kind: HeadKind; d: number; k: number; kernel: Float32Array; bias: Float32Array | null } | string {
  const cls = layer.getClassName();
  const weights = layer.getWeights();
  const kernel = weights[0];
  const bias = weights.length > 1 ? (weights[1].dataSync() as Float32Array).slice() : null;
  if (cls === 'Dense') {
    if (input.shape.length !== 2) return `applied to a rank-${input.shape.length} tensor ${JSON.stringify(input.shape)}, not to one feature vector per sample`;
    const [d, k] = kernel.shape;
    return { kind: 'dense', d, k, kernel: kernel.dataSync() as Float32Array, bias };
  }
  const [kh, kw, d, k] = kernel.shape;
  const shape = input.shape;
  if (kh !== 1 || kw !== 1) return `a ${kh}×${kw} convolution, not 1×1`;
  if (shape.length !== 4 || shape[1] !== 1 || shape[2] !== 1) return `a 1×1 convolution over a ${JSON.stringify(shape.slice(1))} map, not a 1×1 map (pool globally first)`;
  return { kind: 'conv1x1', d, k, kernel: kernel.dataSync() as Float32Array, bias };
}

function walkBack(
  output: SymbolicTensor,
  where: string,
  featureLayer: string | undefined,
  considered: Considered[],
  nameOf: (layer: Layer) => string,
  matches: (layer: Layer, wanted: string) => boolean,
): LayersHead | undefined {
  const ops: OutputOp[] = [];
  const unverified: string[] = [];
  let t = output;
  for (;;) {
    const layer = t.sourceLayer;
    const name = nameOf(layer);
    const cls = layer.getClassName();
    const inputs = inputsOf(t);
    if (cls === 'InputLayer' || inputs.length === 0) {
      considered.push({ name, kind: 'InputLayer', verdict: `reached the model input without finding a classifier${where}` });
      return undefined;
    }
    if (inputs.length > 1) {
      considered.push({ name, kind: cls, verdict: `merges ${inputs.length} inputs before any classifier${where}, so the logits are not one linear map of one feature vector` });
      return undefined;
    }
    const input = inputs[0];
    if (cls === 'Dense' || cls === 'Conv2D') {
      const activation = activationOf(layer);
      // The feature layer may sit behind layers that leave the values unchanged (Dropout, Flatten, …).
      const chain = [input.sourceLayer];
      for (let s = input; isValueIdentity(s.sourceLayer) && inputsOf(s).length === 1; ) {
        s = inputsOf(s)[0];
        chain.push(s.sourceLayer);
      }
      const named = featureLayer === undefined ? undefined : chain.find((l) => matches(l, featureLayer));
      if (featureLayer !== undefined && !named) {
        const from = input.sourceLayer.getClassName() === 'InputLayer' ? 'the model input' : `"${nameOf(input.sourceLayer)}"`;
        considered.push({ name, kind: cls, verdict: `its input comes from ${from}, not from --feature-layer "${featureLayer}"` });
        unverified.push(`${name} (${cls}, ${activation})`);
        t = input;
        continue;
      }
      const read = readClassifier(layer, input);
      if (typeof read === 'string') {
        considered.push({ name, kind: cls, verdict: read + where });
        if (cls === 'Conv2D' && featureLayer === undefined) {
          unverified.push(`${name} (${cls})`);
          t = input;
          continue;
        }
        return undefined;
      }
      if (!HEAD_ACTIVATIONS.has(activation)) {
        considered.push({ name, kind: cls, verdict: `activation "${activation}" after the matmul: the output is not linear logits (or their softmax/sigmoid)${where}` });
        return undefined;
      }
      const outputOps = [...outputOpOf(activation), ...ops.reverse()];
      const { d, k, kernel, bias, kind } = read;
      const found: Found = {
        featureLayer: named ? featureLayer! : nameOf(input.sourceLayer),
        classifierLayer: name,
        dim: d,
        classes: k,
        weights: kernelToW(kernel, d, k),
        bias,
        outputOps,
        unverifiedLayers: unverified.reverse(),
        kind,
        featureTensor: input,
      };
      if (k === 1) {
        if (outputOps.includes('softmax')) {
          considered.push({ name, kind: cls, verdict: `one output unit under a softmax, which is constantly 1${where}` });
          return undefined;
        }
        Object.assign(found, binaryHead(kernel, bias ? bias[0] : null), { classes: 2, kind: 'binary' as const });
      }
      considered.push({ name, kind: cls, verdict: `classifier${where}` });
      return { ...found, outputTensor: output };
    }
    if (PASS_THROUGH.has(cls)) {
      considered.push({ name, kind: cls, verdict: 'identity at inference, passed' });
    } else if (RESHAPES.has(cls)) {
      considered.push({ name, kind: cls, verdict: 'reshape (values unchanged), passed' });
    } else if (cls === 'Softmax' || (cls === 'Activation' && HEAD_ACTIVATIONS.has(activationOf(layer)))) {
      const op = cls === 'Softmax' ? 'softmax' : activationOf(layer);
      considered.push({ name, kind: cls, verdict: `${op} of the logits, passed` });
      ops.push(...outputOpOf(op));
    } else {
      const detail = cls === 'Activation' ? `${cls} ${activationOf(layer)}` : cls;
      considered.push({ name, kind: cls, verdict: 'not a classifier layer; passed, to be checked by verification' });
      unverified.push(`${name} (${detail})`);
    }
    t = input;
  }
}

// Models that hold models: a Teachable Machine export is a Sequential whose layers are a
// Sequential feature extractor (a truncated MobileNet) and a Sequential head. The classifier search
// walks layers, so such a model is flattened first: its leaf layers (any depth) are applied in
// order to a fresh input, which gives one chain of the same layer objects (same weights, same
// computation) whose layers can be named by their path ("sequential_3/dense_Dense2").
import type * as tfjs from '@tensorflow/tfjs';
import { describeError, fileFault } from '../errors';
import type { Tf } from '../tf';

type Layer = tfjs.layers.Layer;

export interface Flattened {
  model: tfjs.LayersModel;
  /** Display name of each leaf layer: its path through the containers. */
  names: Map<Layer, string>;
}

const isContainer = (layer: Layer): layer is tfjs.LayersModel => Array.isArray((layer as Partial<tfjs.LayersModel>).layers);

/** True when some layer of the model is itself a model. */
export function hasNestedModels(model: tfjs.LayersModel): boolean {
  return model.layers.some(isContainer);
}

function leaves(container: tfjs.LayersModel, prefix: string, jsonPath: string, out: { layer: Layer; path: string }[]): void {
  for (const layer of container.layers) {
    const path = prefix ? `${prefix}/${layer.name}` : layer.name;
    if (layer.getClassName() === 'InputLayer') continue;
    if (isContainer(layer)) {
      if (layer.getClassName() !== 'Sequential') {
        throw fileFault(jsonPath, `nests a functional model "${path}" (${layer.getClassName()}); only nested Sequential models can be searched for the classifier`);
      }
      leaves(layer, path, jsonPath, out);
    } else out.push({ layer, path });
  }
}

/** The nested Sequential model as one flat chain of its leaf layers. */
export function flattenNested(tf: Tf, model: tfjs.LayersModel, jsonPath: string): Flattened {
  if (model.getClassName() !== 'Sequential') {
    throw fileFault(jsonPath, `is a functional model holding nested models; only Sequential models holding Sequential models can be searched for the classifier`);
  }
  const chain: { layer: Layer; path: string }[] = [];
  leaves(model, '', jsonPath, chain);
  const input = tf.input({ shape: model.inputs[0].shape.slice(1) as number[], dtype: model.inputs[0].dtype });
  let x: tfjs.SymbolicTensor = input;
  try {
    for (const { layer } of chain) x = layer.apply(x) as tfjs.SymbolicTensor;
    const flat = tf.model({ inputs: input, outputs: x });
    return { model: flat, names: new Map(chain.map(({ layer, path }) => [layer, path])) };
  } catch (error) {
    throw fileFault(jsonPath, `its nested models could not be flattened into one chain (${describeError(error)})`);
  }
}

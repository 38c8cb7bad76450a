// Which layers of a tfjs LayersModel are tapped (docs/layers.md): every layer, in the model's
// topological order, whose output is one tensor with the batch as its first axis (flattened to one
// vector per sample). Layers that return their input's values unchanged at inference (Dropout and
// noise layers, Flatten, Reshape, linear Activation) are listed but not tapped by default: their
// D_l repeats the layer before. Shared layers (several inbound nodes) and multi-output layers have
// no single per-sample output and are left out.
import type * as tfjs from '@tensorflow/tfjs';

export interface TapInfo {
  name: string;
  className: string;
  /** Values per sample, when the model's shapes fix it. */
  dim: number | null;
  /** Same flattened values as its input at inference. */
  passThrough: boolean;
}

export interface LayersTap extends TapInfo {
  tensor: tfjs.SymbolicTensor;
}

const SAME_VALUES = new Set(['Dropout', 'AlphaDropout', 'GaussianDropout', 'GaussianNoise', 'SpatialDropout1D', 'SpatialDropout2D', 'Flatten', 'Reshape']);

function activation(layer: tfjs.layers.Layer): string | null {
  const config = layer.getConfig() as { activation?: unknown };
  return typeof config.activation === 'string' ? config.activation : null;
}

/** The inbound nodes of each layer that this model's graph uses (a nested model also has its own). */
function usedNodes(model: tfjs.LayersModel): Map<tfjs.layers.Layer, Set<number>> {
  const used = new Map<tfjs.layers.Layer, Set<number>>();
  const stack: tfjs.SymbolicTensor[] = [...model.outputs];
  while (stack.length) {
    const t = stack.pop() as tfjs.SymbolicTensor;
    const seen = used.get(t.sourceLayer) ?? new Set<number>();
    if (seen.has(t.nodeIndex)) continue;
    seen.add(t.nodeIndex);
    used.set(t.sourceLayer, seen);
    stack.push(...(t.sourceLayer.inboundNodes[t.nodeIndex]?.inputTensors ?? []));
  }
  return used;
}

export function layersTaps(model: tfjs.LayersModel): { taps: LayersTap[]; skipped: string[] } {
  const taps: LayersTap[] = [];
  const skipped: string[] = [];
  const used = usedNodes(model);
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    if (cls === 'InputLayer') continue;
    const nodes = [...(used.get(layer) ?? [])];
    if (nodes.length !== 1) {
      skipped.push(`${layer.name} (${cls}): applied ${nodes.length} times in this model, so it has no single output`);
      continue;
    }
    const output = layer.inboundNodes[nodes[0]].outputTensors;
    if (output.length !== 1) {
      skipped.push(`${layer.name} (${cls}): ${output.length} outputs`);
      continue;
    }
    const tensor = output[0];
    const rest = tensor.shape.slice(1);
    const dim = rest.every((v): v is number => typeof v === 'number') ? rest.reduce((a, b) => a * b, 1) : null;
    const passThrough = SAME_VALUES.has(cls) || (cls === 'Activation' && activation(layer) === 'linear');
    taps.push({ name: layer.name, className: cls, dim, passThrough, tensor });
  }
  return { taps, skipped };
}

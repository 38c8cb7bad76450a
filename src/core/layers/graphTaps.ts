// Which outputs of a tfjs GraphModel are tapped (docs/layers.md). A converted graph has one node per
// op ("sequential/dense/MatMul", ".../BiasAdd", ".../Relu"); the converter names every op after the
// Keras layer or block it came from, so nodes are grouped by their name without the last segment
// and each group's output is tapped: the last node (in topological order) whose value is used
// outside the group or is a model output. Constants, the input placeholder, shape arithmetic and
// identity ops are never tapped. Whether an output has one vector per sample is checked on the first
// batch (a graph's shapes are often unknown until it runs).
import type * as tfjs from '@tensorflow/tfjs';
import { isRecord } from '../../protocol/guards';
import type { TapInfo } from './layersTaps';

export interface GraphTap extends TapInfo {
  /** Node to fetch with GraphModel.execute. */
  node: string;
}

const NEVER = new Set(['Const', 'Placeholder', 'PlaceholderWithDefault', 'Shape', 'ShapeN', 'Size', 'Rank', 'Pack', 'Unpack', 'StridedSlice', 'Range', 'Fill', 'Prod', 'NoOp']);
const SAME_VALUES = new Set(['Identity', 'IdentityN', 'StopGradient', 'Snapshot', 'Reshape', 'Squeeze', 'ExpandDims']);

interface Node {
  name: string;
  op: string;
  inputs: string[];
}

const nodeName = (input: string) => input.replace(/^\^/, '').replace(/:\d+$/, '');

function block(name: string): string {
  const cut = name.lastIndexOf('/');
  return cut < 0 ? name : name.slice(0, cut);
}

/** "StatefulPartitionedCall/sequential/hidden" → "sequential/hidden" (the wrapper every TF2 export adds). */
function display(name: string): string {
  return name.replace(/^(StatefulPartitionedCall(_\d+)?\/)+/, '');
}

function readNodes(json: tfjs.io.ModelJSON): Node[] {
  const topology = json.modelTopology as { node?: unknown };
  const out: Node[] = [];
  for (const raw of Array.isArray(topology?.node) ? topology.node : []) {
    if (!isRecord(raw) || typeof raw.name !== 'string' || typeof raw.op !== 'string') continue;
    const inputs = Array.isArray(raw.input) ? raw.input.filter((i): i is string => typeof i === 'string' && !i.startsWith('^')).map(nodeName) : [];
    out.push({ name: raw.name, op: raw.op, inputs });
  }
  return out;
}

/** Kahn's order over data inputs (ties in file order). */
function topological(nodes: Node[]): Node[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const pending = new Map(nodes.map((n) => [n.name, n.inputs.filter((i) => byName.has(i)).length]));
  const users = new Map<string, string[]>();
  for (const n of nodes) for (const i of n.inputs) users.set(i, [...(users.get(i) ?? []), n.name]);
  const ready = nodes.filter((n) => pending.get(n.name) === 0).map((n) => n.name);
  const order: Node[] = [];
  while (ready.length) {
    const name = ready.shift() as string;
    order.push(byName.get(name) as Node);
    for (const u of users.get(name) ?? []) {
      const left = (pending.get(u) ?? 0) - 1;
      pending.set(u, left);
      if (left === 0) ready.push(u);
    }
  }
  return order.length === nodes.length ? order : nodes;
}

/** @param outputs the model's output node names. */
export function graphTaps(json: tfjs.io.ModelJSON, outputs: readonly string[]): GraphTap[] {
  const order = topological(readNodes(json));
  const outputSet = new Set(outputs.map(nodeName));
  const usedOutside = new Set<string>();
  const byName = new Map(order.map((n) => [n.name, n]));
  for (const n of order) for (const i of n.inputs) if (byName.has(i) && block(i) !== block(n.name)) usedOutside.add(i);
  const lastOf = new Map<string, Node>();
  for (const n of order) {
    if (NEVER.has(n.op) || n.inputs.length === 0) continue;
    if (usedOutside.has(n.name) || outputSet.has(n.name)) lastOf.set(block(n.name), n);
  }
  const taps: GraphTap[] = [];
  for (const n of order) {
    if (lastOf.get(block(n.name)) !== n) continue;
    taps.push({ name: display(block(n.name)), className: n.op, dim: null, passThrough: SAME_VALUES.has(n.op), node: n.name });
  }
  return taps;
}

/** A tap for one named node (the penultimate features when no block ends there). */
export function nodeTap(json: tfjs.io.ModelJSON, node: string): GraphTap | null {
  const found = readNodes(json).find((n) => n.name === nodeName(node));
  return found ? { name: display(found.name), className: found.op, dim: null, passThrough: false, node: found.name } : null;
}

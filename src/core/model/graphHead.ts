// Finds the classifier of a GraphModel (converter output): walking back from the output node, the
// first MatMul — plain, or the converter's fused `_FusedMatMul` (MatMul+BiasAdd[+activation]) —
// is the classifier, its data input is the feature node, its constant input the kernel [d, K]
// (or [K, d] with transpose_b). BiasAdd/Add with a constant operand gives b; Identity, Softmax and
// Sigmoid between it and the output are recognised; any other op is recorded and left to
// verification. A fused activation such as Relu is not linear logits: rejected (platform-notes §2:
// a pre-activation fused away cannot be requested).
import type * as tfjs from '@tensorflow/tfjs';
import { isRecord } from '../../protocol/guards';
import { fileFault } from '../errors';
import { binaryHead, kernelToW, listConsidered, type ClassifierHead, type Considered, type OutputOp } from './head';

export interface GraphHead extends ClassifierHead {
  /** Node names to pass to GraphModel.execute. */
  featureNode: string;
  outputNode: string;
}

interface GraphNode {
  name: string;
  op: string;
  input: string[];
  attr: Record<string, unknown>;
}

const PASS_OPS = new Set(['Identity', 'IdentityN', 'StopGradient', 'Snapshot']);
/** Change the shape, not the values. */
const RESHAPE_OPS = new Set(['Reshape', 'Squeeze', 'ExpandDims']);
const CLASSIFIER_OPS = new Set(['MatMul', '_FusedMatMul', 'Conv2D', '_FusedConv2D']);

/** "name:1" → "name"; control inputs ("^name") are not data. */
function nodeName(input: string): string {
  return input.replace(/^\^/, '').replace(/:\d+$/, '');
}

function dataInputs(node: GraphNode): string[] {
  return node.input.filter((i) => !i.startsWith('^'));
}

function readNodes(json: tfjs.io.ModelJSON): Map<string, GraphNode> {
  const topology = json.modelTopology as { node?: unknown };
  const nodes = new Map<string, GraphNode>();
  for (const raw of Array.isArray(topology.node) ? topology.node : []) {
    if (!isRecord(raw) || typeof raw.name !== 'string' || typeof raw.op !== 'string') continue;
    nodes.set(raw.name, {
      name: raw.name,
      op: raw.op,
      input: Array.isArray(raw.input) ? raw.input.filter((i): i is string => typeof i === 'string') : [],
      attr: isRecord(raw.attr) ? raw.attr : {},
    });
  }
  return nodes;
}

function boolAttr(node: GraphNode, key: string): boolean {
  const a = node.attr[key];
  return isRecord(a) && a.b === true;
}

/** The converter stores fused_ops as base64 strings. */
function fusedOps(node: GraphNode): string[] {
  const a = node.attr.fused_ops;
  const list = isRecord(a) && isRecord(a.list) && Array.isArray(a.list.s) ? a.list.s : [];
  return list.filter((s): s is string => typeof s === 'string').map((s) => Buffer.from(s, 'base64').toString('utf8'));
}

function signatureOutputNames(json: tfjs.io.ModelJSON): Map<string, string> {
  const raw = json as unknown as { signature?: unknown; userDefinedMetadata?: { signature?: unknown } };
  const signature = raw.signature ?? raw.userDefinedMetadata?.signature;
  const names = new Map<string, string>();
  const outputs = isRecord(signature) && isRecord(signature.outputs) ? signature.outputs : {};
  for (const [key, value] of Object.entries(outputs)) {
    if (isRecord(value) && typeof value.name === 'string') names.set(key, value.name);
  }
  return names;
}

export function findGraphHead(model: tfjs.GraphModel, json: tfjs.io.ModelJSON, jsonPath: string, featureLayer?: string, output?: string): GraphHead {
  const nodes = readNodes(json);
  const weights = model.weights;
  if (model.inputNodes.length !== 1) {
    throw fileFault(jsonPath, `the graph has ${model.inputNodes.length} inputs (${model.inputNodes.join(', ')}); Collapse Lens feeds a single input (analyse a model with one input)`);
  }
  if (featureLayer !== undefined && !nodes.has(nodeName(featureLayer))) {
    const ops = [...nodes.values()].filter((n) => n.op !== 'Const').map((n) => n.name);
    throw fileFault(jsonPath, `has no node named "${featureLayer}" (--feature-layer); give one of its non-constant nodes`, [
      `nodes: ${ops.slice(0, 30).join(', ')}${ops.length > 30 ? `, … (${ops.length - 30} more)` : ''}`,
    ]);
  }
  /** The node itself and the nodes behind it that leave the values unchanged (Identity, Reshape, …). */
  const sameValues = (start: string): string[] => {
    const chain = [start];
    for (let node = nodes.get(start); node && (PASS_OPS.has(node.op) || RESHAPE_OPS.has(node.op)) && dataInputs(node).length >= 1; ) {
      const next = nodeName(dataInputs(node)[0]);
      chain.push(next);
      node = nodes.get(next);
    }
    return chain;
  };

  /** A constant, possibly behind Identity nodes (tfjs keeps weights by Const node name). */
  const constant = (input: string): { name: string; tensor: tfjs.Tensor } | undefined => {
    let name = nodeName(input);
    for (let hops = 0; hops < 8; hops++) {
      const node = nodes.get(name);
      if (!node) return undefined;
      if (node.op === 'Const') {
        const tensor = weights[name]?.[0];
        return tensor ? { name, tensor } : undefined;
      }
      if (node.op !== 'Identity' || dataInputs(node).length !== 1) return undefined;
      name = nodeName(dataInputs(node)[0]);
    }
    return undefined;
  };

  // With a signature, tfjs names outputs by signature key ("activation_6"), not by node ("Identity:0").
  const signatureOutputs = signatureOutputNames(json);
  const outputName = (o: string) => nodeName(signatureOutputs.get(o) ?? o);
  let outputNodes = model.outputNodes;
  if (output !== undefined) {
    outputNodes = outputNodes.filter((o) => o === output || outputName(o) === nodeName(output));
    if (outputNodes.length === 0) throw fileFault(jsonPath, `has no output named "${output}" (--output); its outputs are: ${describeOutputs(model.outputNodes, outputName).join(', ')}`);
  }
  const considered: Considered[] = [];
  const found: GraphHead[] = [];
  outputNodes.forEach((outputNode) => {
    const where = outputNodes.length > 1 ? ` (output "${outputNode}")` : '';
    const ops: OutputOp[] = [];
    const unverified: string[] = [];
    let bias: { name: string; tensor: tfjs.Tensor } | undefined;
    let biasBlockedBy: string | undefined;
    let name = nodeName(signatureOutputs.get(outputNode) ?? outputNode);
    for (let steps = 0; steps < nodes.size + 1; steps++) {
      const node = nodes.get(name);
      if (!node) {
        considered.push({ name, kind: 'node', verdict: `missing from modelTopology${where}` });
        return;
      }
      const inputs = dataInputs(node);
      if (node.op === 'Placeholder' || node.op === 'Const' || inputs.length === 0) {
        considered.push({ name, kind: node.op, verdict: `reached a graph input or constant without finding a MatMul classifier${where}` });
        return;
      }
      if (CLASSIFIER_OPS.has(node.op)) {
        const featureName = nodeName(inputs[0]);
        const conv = node.op.endsWith('Conv2D');
        const fused = node.op.startsWith('_Fused') ? fusedOps(node) : [];
        const kernel = constant(inputs[1]);
        if (featureLayer !== undefined && !sameValues(featureName).includes(nodeName(featureLayer))) {
          considered.push({ name, kind: node.op, verdict: `its input is "${featureName}", not --feature-layer "${featureLayer}"` });
          unverified.push(`${name} (${node.op})`);
          name = featureName;
          continue;
        }
        const activation = fused.find((f) => f !== 'BiasAdd');
        const reject = (verdict: string) => void considered.push({ name, kind: node.op, verdict: verdict + where });
        if (activation) return reject(`fused activation ${activation} after the matmul: the output is not linear logits`);
        if (boolAttr(node, 'transpose_a')) return reject('transpose_a is set: the features are not the rows of the left operand');
        if (conv) {
          const shape = kernel?.tensor.shape ?? [];
          if (!kernel || shape.length !== 4) return reject('the filter is not a constant 4-D kernel');
          if (shape[0] !== 1 || shape[1] !== 1) {
            considered.push({ name, kind: node.op, verdict: `a ${shape[0]}×${shape[1]} convolution, not a 1×1 classifier; passed, to be checked by verification` });
            unverified.push(`${name} (${node.op})`);
            name = featureName;
            continue;
          }
        } else if (!kernel || kernel.tensor.rank !== 2) return reject('the right operand is not a constant 2-D kernel');
        if (fused.includes('BiasAdd')) {
          const fusedBias = inputs[2] ? constant(inputs[2]) : undefined;
          if (!fusedBias) return reject('the fused bias is not a constant');
          if (bias) return reject('two biases (fused BiasAdd and a later Add)');
          bias = fusedBias;
        }
        if (biasBlockedBy) return reject(`an add of a non-constant (${biasBlockedBy}) follows it`);
        const transposeB = !conv && boolAttr(node, 'transpose_b');
        const shape = kernel.tensor.shape;
        const [r, c] = (conv ? [shape[2], shape[3]] : shape) as [number, number];
        const [d, k] = transposeB ? [c, r] : [r, c];
        const kernelValues = kernel.tensor.dataSync() as Float32Array;
        let w = transposeB ? Float32Array.from(kernelValues) : kernelToW(kernelValues, d, k);
        let b: Float32Array | null = bias ? (bias.tensor.dataSync() as Float32Array).slice() : null;
        if (b && b.length !== k) return reject(`bias "${bias?.name}" has ${b.length} values but the kernel has ${k} columns`);
        const outputOps = ops.reverse();
        const binary = k === 1;
        if (binary) {
          if (outputOps.includes('softmax')) return reject('one output unit under a softmax, which is constantly 1');
          ({ weights: w, bias: b } = binaryHead(w, b ? b[0] : null));
        }
        considered.push({ name, kind: node.op, verdict: `classifier${where}` });
        found.push({
          featureLayer: featureLayer !== undefined ? nodeName(featureLayer) : featureName,
          classifierLayer: name,
          featureNode: inputs[0].replace(/:0$/, ''),
          outputNode,
          dim: d,
          classes: binary ? 2 : k,
          weights: w,
          bias: b,
          outputOps,
          unverifiedLayers: unverified.reverse(),
          kind: binary ? 'binary' : conv ? 'conv1x1' : 'dense',
          output: outputNode,
        });
        return;
      }
      if (PASS_OPS.has(node.op)) {
        considered.push({ name, kind: node.op, verdict: 'identity, passed' });
      } else if (RESHAPE_OPS.has(node.op)) {
        considered.push({ name, kind: node.op, verdict: 'reshape (values unchanged), passed' });
      } else if (node.op === 'Softmax' || node.op === 'Sigmoid') {
        considered.push({ name, kind: node.op, verdict: `${node.op.toLowerCase()} of the logits, passed` });
        ops.push(node.op === 'Softmax' ? 'softmax' : 'sigmoid');
      } else if ((node.op === 'BiasAdd' || node.op === 'Add' || node.op === 'AddV2') && inputs.length === 2) {
        const constIndex = inputs.findIndex((i) => constant(i) !== undefined);
        const other = constIndex >= 0 ? nodes.get(nodeName(inputs[1 - constIndex])) : undefined;
        // A bias only when it is added straight to a matmul's result (an add after a softmax is not one).
        if (constIndex >= 0 && !bias && other && CLASSIFIER_OPS.has(other.op)) {
          bias = constant(inputs[constIndex]);
          considered.push({ name, kind: node.op, verdict: `adds constant "${bias?.name}": the bias` });
          name = nodeName(inputs[1 - constIndex]);
          continue;
        }
        considered.push({ name, kind: node.op, verdict: 'adds two computed tensors (a residual or merge); passed, to be checked by verification' });
        if (constIndex < 0) biasBlockedBy = name;
        unverified.push(`${name} (${node.op})`);
        name = nodeName(inputs[constIndex >= 0 ? 1 - constIndex : 0]);
        continue;
      } else {
        considered.push({ name, kind: node.op, verdict: 'not a MatMul; passed, to be checked by verification' });
        unverified.push(`${name} (${node.op})`);
      }
      name = nodeName(inputs[0]);
    }
  });

  const onPath = new Set(considered.map((c) => c.name));
  for (const node of nodes.values()) {
    if ((node.op === 'MatMul' || node.op === '_FusedMatMul') && !onPath.has(node.name)) {
      considered.push({ name: node.name, kind: node.op, verdict: 'not on the path back from an output' });
    }
  }
  if (found.length === 1) return found[0];
  if (found.length > 1) {
    throw fileFault(jsonPath, `has ${found.length} outputs that each end in a classifier (${found.map((h) => `"${h.outputNode}"`).join(', ')}); pick one with --output NAME`, [
      ...found.map((h) => `output "${h.outputNode}": classifier "${h.classifierLayer}" (K = ${h.classes}${h.kind === 'binary' ? ', one sigmoid unit' : ''}) on features "${h.featureLayer}" (d = ${h.dim})`),
    ]);
  }
  const multi = model.outputNodes.length > 1 && output === undefined ? ` (outputs: ${describeOutputs(model.outputNodes, outputName).join(', ')}; --output picks one)` : '';
  if (featureLayer !== undefined) {
    throw fileFault(jsonPath, `no MatMul or 1×1 Conv2D takes the output of node "${featureLayer}" on the path to the output${multi}`, listConsidered(considered));
  }
  throw fileFault(jsonPath, `has no usable classifier (a MatMul or 1×1 Conv2D, optionally with BiasAdd, feeding the output)${multi}; see the supported heads in docs/models.md`, listConsidered(considered));
}

/** "gender_output (node Identity_1)" for signature keys, else the node name. */
function describeOutputs(outputs: readonly string[], outputName: (o: string) => string): string[] {
  return outputs.map((o) => (outputName(o) !== nodeName(o) ? `${o} (node ${outputName(o)})` : o));
}

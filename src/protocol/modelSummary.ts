// A model's summary (`collapse-lens summary MODEL --json`): its layers, shapes and the classifier head
// Collapse Lens finds in it, read from the model alone (no data). The extension shows it as a read-only
// markdown document (modelSummaryMarkdown) with the Inspect action on it.
import { isArrayOf, isFiniteNumber, isRecord, isString } from './guards';

export interface ModelSummaryLayer {
  name: string;
  /** Layer class ("Dense") or, for a graph model, the op ("MatMul"). */
  className: string;
  /** Activation when the layer has one other than linear. */
  activation: string | null;
  /** Output shape without the batch dimension ("[64]", "[14, 14, 8]"; "?" for a free size); "" when unknown. */
  outputShape: string;
  params: number;
}

export interface ModelSummaryHead {
  featureLayer: string;
  classifierLayer: string;
  /** d, the feature dimension. */
  dim: number;
  /** K, the number of classes. */
  classes: number;
  kind: 'dense' | 'conv1x1' | 'binary';
  bias: boolean;
  /** What the model applies to the logits (softmax, sigmoid). */
  outputOps: string[];
}

export interface ModelSummary {
  /** The model.json read. */
  path: string;
  format: 'layers-model' | 'graph-model';
  inputShape: string;
  /** Layers in order (layers-model), or the graph's non-constant nodes (graph-model). */
  layers: ModelSummaryLayer[];
  params: number;
  /** The classifier Collapse Lens analyses, or null when none was found (then `headProblem` says why). */
  head: ModelSummaryHead | null;
  headProblem: string | null;
  warnings: string[];
}

export function isModelSummary(value: unknown): value is ModelSummary {
  if (!isRecord(value)) return false;
  const layerOk = (l: unknown): l is ModelSummaryLayer => isRecord(l) && isString(l.name) && isString(l.className) && isString(l.outputShape) && isFiniteNumber(l.params) && (l.activation === null || isString(l.activation));
  const h = value.head;
  const headOk = h === null || (isRecord(h) && isString(h.featureLayer) && isString(h.classifierLayer) && isFiniteNumber(h.dim) && isFiniteNumber(h.classes) && isString(h.kind) && typeof h.bias === 'boolean' && isArrayOf(h.outputOps, isString));
  return (
    isString(value.path) &&
    (value.format === 'layers-model' || value.format === 'graph-model') &&
    isString(value.inputShape) &&
    isArrayOf(value.layers, layerOk) &&
    isFiniteNumber(value.params) &&
    headOk &&
    (value.headProblem === null || isString(value.headProblem)) &&
    isArrayOf(value.warnings, isString)
  );
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The summary as markdown a person reads in an editor: the classifier found first, then the layers (table columns padded to line up as plain text too). */
export function modelSummaryMarkdown(s: ModelSummary, title: string): string {
  const lines = [`# ${title}`, '', `\`${s.path}\``, '', `${s.format === 'layers-model' ? 'TensorFlow.js layers-model' : 'TensorFlow.js graph-model'}, input ${s.inputShape}, ${s.params.toLocaleString('en')} parameters.`, ''];
  lines.push('## The classifier Collapse Lens analyses', '');
  if (s.head) {
    const h = s.head;
    const kind = h.kind === 'binary' ? 'a one-unit head, read as two classes' : h.kind === 'conv1x1' ? 'a 1×1 convolution on a 1×1 map (a dense layer)' : 'a dense layer';
    lines.push(
      `- **Classifier**: \`${h.classifierLayer}\`, ${kind}: W is K × d = ${h.classes} × ${h.dim}, ${h.bias ? 'with a bias b' : 'no bias'}${h.outputOps.length ? `, then ${h.outputOps.join(', ')}` : ''}.`,
      `- **Features** h (the penultimate layer): the output of \`${h.featureLayer}\`, d = ${h.dim}.`,
      `- **Classes**: K = ${h.classes}. NC1–NC4 and minority collapse are measured on h and W over the training data (Inspect Model…).`,
    );
  } else {
    lines.push(`No classifier found: ${s.headProblem ?? 'unknown reason'}.`);
  }
  for (const w of s.warnings) lines.push('', `> ${w}`);
  // A graph model's nodes have neither shapes nor parameters of their own (its weights are constants).
  const layersModel = s.format === 'layers-model';
  lines.push('', layersModel ? `## Layers (${s.layers.length})` : `## Graph nodes (${s.layers.length}, constants left out)`, '');
  const rows = [
    layersModel ? ['#', 'layer', 'class', 'output shape', 'parameters'] : ['#', 'node', 'op'],
    ...s.layers.map((l, i) => [String(i + 1), cell(l.name), cell(l.activation ? `${l.className} (${l.activation})` : l.className), ...(layersModel ? [l.outputShape, l.params.toLocaleString('en')] : [])]),
  ];
  const widths = rows[0].map((_, c) => Math.max(3, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) => `| ${r.map((v, c) => v.padEnd(widths[c])).join(' | ')} |`;
  lines.push(line(rows[0]), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.slice(1).map(line), '');
  return lines.join('\n');
}

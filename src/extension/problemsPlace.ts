// Where and how loud a verdict sits in the Problems view, without `vscode` (unit-tested): the severity
// from the collapseLens.problems.severity setting, and the span of the classifier layer's entry in
// the model.json text (a layers model's layer object, a graph model's node).
import { parseTree, type Node } from 'jsonc-parser/lib/esm/main';
import type { Tone } from '../protocol/verdicts';

export const SEVERITY_NAMES = ['error', 'warning', 'information', 'hint'] as const;
export type SeverityName = (typeof SEVERITY_NAMES)[number];

export function isSeverityName(value: unknown): value is SeverityName {
  return (SEVERITY_NAMES as readonly unknown[]).includes(value);
}

/**
 * A model that is not collapsed is not broken: verdicts far from collapse (`bad`) get the configured
 * severity (Information by default), those part of the way one step milder but never milder than the
 * configured one's floor (Information, or Hint when Hint is configured); verdicts at collapse are
 * Information (Hint when Hint is configured). Tone `none` (no number) gives no entry.
 */
export function severityFor(tone: Tone, configured: SeverityName): SeverityName | undefined {
  const floor: SeverityName = configured === 'hint' ? 'hint' : 'information';
  switch (tone) {
    case 'bad':
      return configured;
    case 'warn':
      return configured === 'error' ? 'warning' : floor;
    case 'good':
      return floor;
    case 'none':
      return undefined;
  }
}

/** Offsets [start, end) into the model.json text. */
export interface TextSpan {
  start: number;
  end: number;
}

function stringProperty(node: Node, key: string): string | undefined {
  const prop = node.children?.find((p) => p.type === 'property' && p.children?.[0]?.value === key);
  const value = prop?.children?.[1];
  return value?.type === 'string' ? (value.value as string) : undefined;
}

function objectProperty(node: Node, key: string): Node | undefined {
  const prop = node.children?.find((p) => p.type === 'property' && p.children?.[0]?.value === key);
  const value = prop?.children?.[1];
  return value?.type === 'object' ? value : undefined;
}

/** A Keras layer entry ({class_name, config: {name}}) or a graph node ({name, op}) called `layer`. */
function isEntryOf(node: Node, layer: string): boolean {
  if (node.type !== 'object') return false;
  if (stringProperty(node, 'class_name') !== undefined) {
    const config = objectProperty(node, 'config');
    return (config && stringProperty(config, 'name') === layer) || stringProperty(node, 'name') === layer;
  }
  return stringProperty(node, 'op') !== undefined && stringProperty(node, 'name') === layer;
}

/**
 * The span of the classifier layer's entry inside `modelTopology` (the first in document order; the
 * weightsManifest's "classifier/kernel" names are not entries), or undefined when there is none.
 */
export function classifierEntrySpan(text: string, layer: string | null): TextSpan | undefined {
  if (!layer) return undefined;
  const root = parseTree(text, [], { allowTrailingComma: false, disallowComments: true });
  const topology = root && objectProperty(root, 'modelTopology');
  if (!topology) return undefined;
  const stack: Node[] = [topology];
  while (stack.length) {
    const node = stack.pop() as Node;
    if (node.type === 'object' && isEntryOf(node, layer)) return { start: node.offset, end: node.offset + node.length };
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child.type === 'object' || child.type === 'array' || child.type === 'property') stack.push(child);
    }
  }
  return undefined;
}

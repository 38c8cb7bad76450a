// Class variability σ_k²/‖μ_k − μ_G‖² per class (theory.md §1.11) as a bar chart, largest class first,
// minority classes shaded: which classes have not collapsed to their means.
import type { ChartFrame } from '../chartFrame';
import { chartFrame } from '../chartFrame';
import { variabilityChart } from '../charts/variability';
import { h } from '../dom';
import type { Palette } from '../theme';
import { countOrder, type ViewModel } from '../viewModel';
import { formatNumber } from '../../src/protocol/format';

function mean(values: readonly number[], indices: number[]): number | null {
  return indices.length ? indices.reduce((s, i) => s + values[i], 0) / indices.length : null;
}

/** The summary sentence: the largest value and, with minority classes, the group means. */
export function variabilitySummary(vm: ViewModel, values: readonly number[]): string {
  const top = vm.classes.reduce((best, c) => (values[c.index] > values[best.index] ? c : best), vm.classes[0]);
  let text = `Largest σ_k²/‖μ_k − μ_G‖²: class ${top.label}, ${formatNumber(values[top.index], 3)}`;
  const minority = vm.classes.filter((c) => c.minority).map((c) => c.index);
  if (minority.length) {
    const majority = vm.classes.filter((c) => !c.minority).map((c) => c.index);
    text += `; mean over majority classes ${formatNumber(mean(values, majority), 3)}, over minority classes ${formatNumber(mean(values, minority), 3)}`;
  }
  return `${text}.`;
}

export function classVariabilityView(vm: ViewModel, palette: Palette, onStatus: (t: string) => void): { element: HTMLElement; frames: ChartFrame[] } | null {
  const values = vm.report.inspect.classVariability;
  if (!values || values.length !== vm.classes.length) return null;
  const ordered = countOrder(vm.classes).map((i) => vm.classes[i]);
  const frame = chartFrame({
    id: 'class-variability',
    title: 'Within-class variability σ_k²/‖μ_k − μ_G‖²',
    palette,
    onStatus,
    draw: (p) => ({ svgs: [variabilityChart(ordered, values, p)], summary: variabilitySummary(vm, values) }),
  });
  const element = h(
    'section',
    { class: 'class-variability', 'aria-label': 'Within-class variability per class' },
    h('h2', {}, 'Within-class variability per class'),
    h('p', { class: 'muted' }, 'σ_k² = (1/n_k) Σ‖h_i − μ_k‖², the mean squared distance of class k’s features to their mean, divided by the squared norm of its centred mean. 0 when the class has collapsed to its mean. Shaded: minority classes.'),
    h('div', { class: 'chart-row' }, frame.element),
  );
  return { element, frames: [frame] };
}

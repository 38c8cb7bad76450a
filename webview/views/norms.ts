// Norms per class, largest class first: classifiers and centred class means against the LPM's prediction.
import type { ChartFrame } from '../chartFrame';
import { chartFrame } from '../chartFrame';
import { normsChart } from '../charts/norms';
import { h } from '../dom';
import { countOrder, type ViewModel } from '../viewModel';
import { formatNumber } from '../../src/protocol/format';

function groupMean(values: (number | null)[] | null | undefined, indices: number[]): number | null {
  if (!values) return null;
  const xs = indices.map((i) => values[i]).filter((v): v is number => v !== null && v !== undefined);
  return xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : null;
}

function summary(vm: ViewModel, model: (number | null)[] | null | undefined, lpm: number[] | null, what: string): string {
  const minority = vm.classes.filter((c) => c.minority).map((c) => c.index);
  const majority = vm.classes.filter((c) => !c.minority).map((c) => c.index);
  if (!model) return `No ${what} norms in this report.`;
  if (minority.length === 0) {
    return `Mean ${what} norm ${formatNumber(groupMean(model, majority), 3)}` + (lpm ? `; LPM ${formatNumber(groupMean(lpm, majority), 3)}.` : '.');
  }
  let text = `Mean ${what} norm: majority ${formatNumber(groupMean(model, majority), 3)}, minority ${formatNumber(groupMean(model, minority), 3)}`;
  if (lpm) text += `; LPM predicts majority ${formatNumber(groupMean(lpm, majority), 3)}, minority ${formatNumber(groupMean(lpm, minority), 3)}`;
  return `${text}.`;
}

export interface NormsView {
  element: HTMLElement;
  frames: ChartFrame[];
  setModel(vm: ViewModel): void;
}

export function normsView(initial: ViewModel, palette: import('../theme').Palette, onStatus: (t: string) => void): NormsView {
  let vm = initial;
  const ordered = () => countOrder(vm.classes).map((i) => vm.classes[i]);
  const frames = [
    chartFrame({
      id: 'norms-classifiers',
      title: 'Classifier norms ‖w_k‖',
      palette,
      onStatus,
      draw: (p) => {
        const model = vm.report.inspect.normsClassifiers ?? null;
        const lpm = vm.lpm?.result.normsW ?? null;
        return {
          svgs: [normsChart({ title: 'Classifier norms', classes: ordered(), model: model ?? [], modelName: 'model', lpm, lpmName: 'LPM ‖w*‖' }, p)],
          summary: summary(vm, model, lpm, 'classifier'),
        };
      },
    }),
    chartFrame({
      id: 'norms-means',
      title: 'Class-mean norms ‖μ_k − μ_G‖',
      palette,
      onStatus,
      draw: (p) => {
        const model = vm.report.inspect.normsMeans ?? null;
        const lpm = vm.lpm?.result.normsH ?? null;
        return {
          svgs: [normsChart({ title: 'Class-mean norms', classes: ordered(), model: model ?? [], modelName: 'model', lpm, lpmName: 'LPM ‖h*‖' }, p)],
          summary: summary(vm, model, lpm, 'class-mean'),
        };
      },
    }),
  ];
  const centring = vm.report.lpm ? `The LPM's features were calibrated with centring: ${vm.report.lpm.budgets.centring}.` : '';
  const element = h(
    'section',
    { class: 'norms', 'aria-label': 'Norms per class' },
    h('h2', {}, 'Norms per class'),
    h('p', { class: 'muted' }, `Dots: the model; bars: the LPM optimum for the same counts and budgets. Shaded: minority classes. ${centring}`),
    h('div', { class: 'chart-row' }, ...frames.map((f) => f.element)),
  );
  return {
    element,
    frames,
    setModel(next) {
      vm = next;
    },
  };
}

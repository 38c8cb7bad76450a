// Samples per class (log axis) and, next to them, train and test accuracy per class, both largest class
// first with the minority shaded: the class counts and what the model makes of them side by side.
import type { ChartFrame } from '../chartFrame';
import { chartFrame } from '../chartFrame';
import { accuracyChart } from '../charts/accuracy';
import { countsChart } from '../charts/counts';
import { balanceText } from '../../src/protocol/balance';
import { formatPercent } from '../../src/protocol/format';
import type { PerClassMetrics } from '../../src/protocol/result';
import { h } from '../dom';
import type { Palette } from '../theme';
import { countOrder, type ViewModel } from '../viewModel';

const pct = (v: number | null | undefined) => (typeof v === 'number' ? formatPercent(v) : '—');

/** The accuracy chart's sentence: group means as the report gives them (unweighted over classes), the worst test class. */
export function accuracySummary(vm: ViewModel, per: PerClassMetrics): string {
  const parts: string[] = [];
  if (per.majority && per.minority) {
    parts.push(`Train accuracy: majority classes ${pct(per.majority.trainAccuracy)}, minority ${pct(per.minority.trainAccuracy)} (means over classes)`);
    if (per.testAccuracy) parts.push(`test accuracy: majority ${pct(per.majority.testAccuracy)}, minority ${pct(per.minority.testAccuracy)}`);
  } else {
    const mean = (xs: (number | null)[]) => {
      const v = xs.filter((x): x is number => typeof x === 'number');
      return v.length ? v.reduce((s, x) => s + x, 0) / v.length : null;
    };
    parts.push(`Train accuracy ${pct(mean(per.trainAccuracy))} (mean over classes)`);
    if (per.testAccuracy) parts.push(`test accuracy ${pct(mean(per.testAccuracy))}`);
  }
  const values = per.testAccuracy ?? per.trainAccuracy;
  const worst = vm.classes.reduce<{ label: string; v: number } | null>((best, c) => {
    const v = values[c.index];
    return typeof v === 'number' && (best === null || v < best.v) ? { label: c.label, v } : best;
  }, null);
  if (worst) parts.push(`lowest ${per.testAccuracy ? 'test' : 'train'} accuracy: class ${worst.label}, ${pct(worst.v)}`);
  return `${parts.join('; ')}.`;
}

export function classChartsView(vm: ViewModel, palette: Palette, onStatus: (t: string) => void): { element: HTMLElement; frames: ChartFrame[] } {
  const ordered = countOrder(vm.classes).map((i) => vm.classes[i]);
  const minority = vm.classes.filter((c) => c.minority);
  const counts = chartFrame({
    id: 'counts',
    title: 'Samples per class',
    palette,
    onStatus,
    className: 'chart-counts',
    draw: (p) => {
      const max = Math.max(...vm.classes.map((c) => c.count));
      const min = Math.min(...vm.classes.map((c) => c.count));
      return {
        svgs: [countsChart(ordered, p)],
        summary:
          `Counts per class from ${min} to ${max} (log axis)` +
          `; ${balanceText(vm.classes.map((c) => c.count))}` +
          (minority.length ? `; ${minority.length} minority classes in the second colour.` : '.'),
      };
    },
  });
  const frames = [counts];
  const per = vm.report.inspect.perClass;
  if (per && per.trainAccuracy.length === vm.k) {
    frames.push(
      chartFrame({
        id: 'accuracy',
        title: 'Accuracy per class',
        palette,
        onStatus,
        draw: (p) => ({
          svgs: [accuracyChart({ classes: ordered, train: per.trainAccuracy, test: per.testAccuracy && per.testAccuracy.length === vm.k ? per.testAccuracy : null }, p)],
          summary: accuracySummary(vm, per),
        }),
      }),
    );
  }
  const element = h(
    'section',
    { class: 'class-charts', 'aria-label': 'Classes' },
    h('h2', {}, 'Classes'),
    h(
      'p',
      { class: 'muted' },
      'Largest class first. Accuracy is argmax(W h + b) against the label, per class' + (per?.testAccuracy ? ', on the training and on the test data' : ', on the training data') + (minority.length ? '. Shaded: minority classes.' : '.'),
    ),
    h('div', { class: 'chart-row' }, ...frames.map((f) => f.element)),
  );
  return { element, frames };
}

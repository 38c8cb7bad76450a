// Train and test accuracy per class, largest class first, minority classes shaded: where the model's
// accuracy falls with the class count (issue 12: the minority test accuracy collapses at R = 1000).
import type { ClassInfo } from '../viewModel';
import type { Palette } from '../theme';
import { classAxis } from './classAxis';
import { Plot, renderPlot } from './plot';
import { formatPercent } from '../../src/protocol/format';

export interface AccuracyInput {
  /** Classes in display order (largest count first). */
  classes: ClassInfo[];
  train: (number | null)[];
  test: (number | null)[] | null;
}

interface Point {
  label: string;
  value: number;
  minority: boolean;
}

export function accuracyChart(input: AccuracyInput, p: Palette): SVGSVGElement {
  const pick = (values: (number | null)[] | null): Point[] =>
    values ? input.classes.flatMap((c) => (typeof values[c.index] === 'number' ? [{ label: c.label, value: values[c.index] as number, minority: c.minority }] : [])) : [];
  const train = pick(input.train);
  const test = pick(input.test);
  const minority = input.classes.filter((c) => c.minority).map((c) => c.label);
  const axis = classAxis(input.classes, 'class (largest count first)');
  const marginLeft = 52;
  const marginRight = 70;
  const what = (d: Point) => `class ${d.label}${d.minority ? ' (minority)' : ''}`;
  return renderPlot(
    {
      width: axis.plotWidth + marginLeft + marginRight,
      height: 200 + axis.extra,
      marginLeft,
      marginRight,
      marginTop: 26,
      marginBottom: axis.extra ? 30 + axis.extra : undefined,
      ariaLabel: 'Train and test accuracy per class',
      x: axis.x,
      y: { domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1], tickFormat: (v: number) => formatPercent(v), grid: true, label: '↑ accuracy' },
      marks: [
        Plot.cell(minority, { x: (d: string) => d, fill: p.minority, fillOpacity: 0.14 }),
        Plot.ruleY([0], { stroke: p.foreground }),
        Plot.tickY(train, { x: 'label', y: 'value', stroke: p.model, strokeWidth: 2.5, title: (d: Point) => `${what(d)}: train accuracy ${formatPercent(d.value)}` }),
        Plot.dot(test, { x: 'label', y: 'value', fill: p.lpm, r: axis.everyLabel ? 4 : 1.5, title: (d: Point) => `${what(d)}: test accuracy ${formatPercent(d.value)}` }),
        // A key in the right margin, so exported files keep it.
        Plot.text(['▬ train'], { frameAnchor: 'top-right', dx: 8, dy: 4, textAnchor: 'start', fill: p.model }),
        ...(test.length ? [Plot.text(['● test'], { frameAnchor: 'top-right', dx: 8, dy: 20, textAnchor: 'start', fill: p.lpm })] : []),
      ],
    },
    p,
  );
}

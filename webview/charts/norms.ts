// Norms per class sorted by class count: the model's (dots) against the LPM's prediction (ticks).
import type { ClassInfo } from '../viewModel';
import type { Palette } from '../theme';
import { Plot, renderPlot } from './plot';

export interface NormsInput {
  title: string;
  /** Classes in display order (largest count first). */
  classes: ClassInfo[];
  model: (number | null)[];
  modelName: string;
  lpm: number[] | null;
  lpmName: string;
}

interface Point {
  label: string;
  value: number;
  minority: boolean;
}

export function normsChart(input: NormsInput, p: Palette): SVGSVGElement {
  const pick = (values: (number | null)[] | null) =>
    values
      ? input.classes.flatMap((c) => (values[c.index] === null || values[c.index] === undefined ? [] : [{ label: c.label, value: values[c.index] as number, minority: c.minority }]))
      : [];
  const model: Point[] = pick(input.model);
  const lpm: Point[] = pick(input.lpm);
  const minority = input.classes.filter((c) => c.minority).map((c) => c.label);
  // Long class names are slanted so they do not overlap (as in the counts chart).
  const longest = Math.max(...input.classes.map((c) => c.label.length));
  const slant = longest > 4;
  const extra = slant ? Math.min(60, 5 * longest) : 0;
  return renderPlot(
    {
      width: Math.max(300, 34 * input.classes.length + 130),
      height: 200 + extra,
      marginLeft: 48,
      marginRight: 92,
      marginTop: 26,
      marginBottom: slant ? 30 + extra : undefined,
      ariaLabel: input.title,
      x: { domain: input.classes.map((c) => c.label), label: slant ? null : 'class (largest count first)', tickSize: 0, padding: 0.2, tickRotate: slant ? -35 : 0 },
      y: { grid: true, label: 'norm', zero: true, nice: true },
      marks: [
        Plot.cell(minority, { x: (d: string) => d, fill: p.minority, fillOpacity: 0.14 }),
        Plot.ruleY([0], { stroke: p.foreground }),
        Plot.tickY(lpm, { x: 'label', y: 'value', stroke: p.lpm, strokeWidth: 2.5, title: (d: Point) => `${input.lpmName}, class ${d.label}: ${d.value.toPrecision(4)}` }),
        Plot.dot(model, { x: 'label', y: 'value', fill: p.model, r: 4, title: (d: Point) => `${input.modelName}, class ${d.label}: ${d.value.toPrecision(4)}` }),
        // A key drawn into the SVG itself, so exported files keep it.
        Plot.text([`● ${input.modelName}`], { frameAnchor: 'top-right', dx: 8, dy: 4, textAnchor: 'start', fill: p.model }),
        ...(lpm.length ? [Plot.text([`▬ ${input.lpmName}`], { frameAnchor: 'top-right', dx: 8, dy: 20, textAnchor: 'start', fill: p.lpm })] : []),
      ],
    },
    p,
  );
}

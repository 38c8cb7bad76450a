// Class counts as bars on a log axis (a class with 1 sample next to one with 1000 is still a visible bar),
// largest class first, minority classes in their own colour.
import type { ClassInfo } from '../viewModel';
import type { Palette } from '../theme';
import { classAxis } from './classAxis';
import { Plot, renderPlot } from './plot';

/** Bars start here, below the smallest possible count (1), so a class of 1 sample has a bar of log10(2) decades. */
export const COUNTS_BASELINE = 0.5;

/** Powers of ten from 1 up to the first one at or above `max`: the log axis' labelled ticks. */
export function decadeTicks(max: number): number[] {
  const out = [1];
  while (out[out.length - 1] < max) out.push(out[out.length - 1] * 10);
  return out;
}

export function countsChart(classes: ClassInfo[], p: Palette): SVGSVGElement {
  const hasMinority = classes.some((c) => c.minority);
  const group = (c: ClassInfo) => (!hasMinority ? 'class' : c.minority ? 'minority' : 'majority');
  const colour = (c: ClassInfo) => (!hasMinority ? p.model : c.minority ? p.minority : p.majority);
  const axis = classAxis(classes, 'class (largest count first)');
  const max = Math.max(1, ...classes.map((c) => c.count));
  const ticks = decadeTicks(max);
  // Room above the largest bar for its count label: the domain ends a factor 2.5 above the top decade.
  const top = Math.max(max, ticks[ticks.length - 1]) * 2.5;
  const marginLeft = 52;
  const marginRight = 16;
  return renderPlot(
    {
      width: axis.plotWidth + marginLeft + marginRight,
      height: 200 + axis.extra,
      marginLeft,
      marginRight,
      marginTop: 26,
      marginBottom: axis.extra ? 20 + axis.extra : undefined,
      ariaLabel: 'Training samples per class (log axis)',
      x: axis.x,
      y: { type: 'log', domain: [COUNTS_BASELINE, top], ticks, tickFormat: (v: number) => String(v), grid: true, label: '↑ samples (log)' },
      marks: [
        Plot.barY(classes, {
          x: 'label',
          y1: () => COUNTS_BASELINE,
          y2: 'count',
          fill: colour,
          title: (c: ClassInfo) => `class ${c.label}: ${c.count} samples (${group(c)})`,
        }),
        ...(axis.everyLabel && classes.length <= 20 ? [Plot.text(classes, { x: 'label', y: 'count', text: (c: ClassInfo) => String(c.count), dy: -7, fill: p.foreground })] : []),
      ],
    },
    p,
  );
}

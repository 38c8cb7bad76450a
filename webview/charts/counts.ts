// Class counts as bars, minority classes in their own colour (header).
import type { ClassInfo } from '../viewModel';
import type { Palette } from '../theme';
import { Plot, renderPlot } from './plot';

export function countsChart(classes: ClassInfo[], p: Palette): SVGSVGElement {
  const hasMinority = classes.some((c) => c.minority);
  const group = (c: ClassInfo) => (!hasMinority ? 'class' : c.minority ? 'minority' : 'majority');
  const colour = (c: ClassInfo) => (!hasMinority ? p.model : c.minority ? p.minority : p.majority);
  // Class names longer than a bar is wide ("T-shirt/top") are slanted so they do not overlap.
  const longest = Math.max(...classes.map((c) => c.label.length));
  const slant = longest > 4;
  return renderPlot(
    {
      width: Math.max(260, 34 * classes.length + 60),
      height: slant ? 170 + Math.min(60, 5 * longest) : 170,
      marginLeft: 48,
      marginTop: 20,
      marginBottom: slant ? 20 + Math.min(60, 5 * longest) : undefined,
      ariaLabel: 'Training samples per class',
      x: { domain: classes.map((c) => c.label), label: slant ? null : 'class', tickSize: 0, tickRotate: slant ? -35 : 0 },
      y: { grid: true, label: 'samples', nice: true },
      marks: [
        Plot.barY(classes, { x: 'label', y: 'count', fill: colour, title: (c: ClassInfo) => `class ${c.label}: ${c.count} samples (${group(c)})` }),
        Plot.text(classes, { x: 'label', y: 'count', text: (c: ClassInfo) => String(c.count), dy: -7, fill: p.foreground }),
        Plot.ruleY([0], { stroke: p.foreground }),
      ],
    },
    p,
  );
}

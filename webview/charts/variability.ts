// Per-class variability σ_k²/‖μ_k − μ_G‖² as bars, largest class first; minority classes shaded and in
// their own colour (theory.md §1.11: which classes have not collapsed).
import type { ClassInfo } from '../viewModel';
import type { Palette } from '../theme';
import { Plot, renderPlot } from './plot';
import { formatNumber } from '../../src/protocol/format';

interface Bar {
  label: string;
  value: number;
  minority: boolean;
}

export function variabilityChart(classes: ClassInfo[], values: readonly number[], p: Palette): SVGSVGElement {
  const bars: Bar[] = classes.map((c) => ({ label: c.label, value: values[c.index], minority: c.minority }));
  const hasMinority = classes.some((c) => c.minority);
  const minority = classes.filter((c) => c.minority).map((c) => c.label);
  const longest = Math.max(...classes.map((c) => c.label.length));
  const slant = longest > 4;
  const extra = slant ? Math.min(60, 5 * longest) : 0;
  return renderPlot(
    {
      width: Math.max(300, 34 * classes.length + 80),
      height: 200 + extra,
      marginLeft: 56,
      marginTop: 26,
      marginBottom: slant ? 30 + extra : undefined,
      ariaLabel: 'Within-class variability per class',
      x: { domain: classes.map((c) => c.label), label: slant ? null : 'class (largest count first)', tickSize: 0, padding: 0.2, tickRotate: slant ? -35 : 0 },
      // Ticks in the panel's number format: a layer whose variability is rounding noise (~1e−20, e.g. the LPM
      // optimum, whose classes are collapsed) printed "0.00000000000000000000" past the chart's edge. Below
      // 1e−12 the values are 0 to float64 precision and the axis shows 0…1.
      y: { grid: true, label: 'σ_k² / ‖μ_k − μ_G‖²', zero: true, nice: true, tickFormat: (v: number) => formatNumber(v, 3), ...(Math.max(...values.map(Math.abs)) <= 1e-12 ? { domain: [0, 1] } : {}) },
      marks: [
        Plot.cell(minority, { x: (d: string) => d, fill: p.minority, fillOpacity: 0.14 }),
        Plot.barY(bars, {
          x: 'label',
          y: 'value',
          fill: (d: Bar) => (!hasMinority ? p.model : d.minority ? p.minority : p.majority),
          title: (d: Bar) => `class ${d.label}${d.minority ? ' (minority)' : ''}: σ²/‖μ − μ_G‖² = ${formatNumber(d.value)}`,
        }),
        Plot.ruleY([0], { stroke: p.foreground }),
      ],
    },
    p,
  );
}

// The minority-collapse curve: the LPM's mean minority-classifier cosine against the imbalance ratio R
// (log axis, as in LPM21 Fig. 3), the threshold R*, the model's own point and, in a what-if, the point
// at R_eff = R / w_r (theory.md §2.5).
import type { LpmCurvePoint } from '../../src/protocol/report';
import { formatNumber } from '../../src/protocol/format';
import type { Palette } from '../theme';
import { Plot, renderPlot } from './plot';

export interface CurveInput {
  k: number;
  curve: LpmCurvePoint[];
  threshold: number | null;
  model: { ratio: number; cos: number | null } | null;
  whatIf: { ratio: number; cos: number | null; oversample: number } | null;
}

export function curveChart(input: CurveInput, p: Palette): SVGSVGElement {
  const etf = -1 / (input.k - 1);
  const points = input.curve.map((d) => ({ ratio: d.ratio, cos: d.cosMinority ?? Number.NaN }));
  const undefinedPoints = input.curve.filter((d) => d.cosMinority === null);
  const xs = [...input.curve.map((d) => d.ratio), input.model?.ratio, input.whatIf?.ratio].filter((v): v is number => v !== undefined && v > 0);
  const xMax = Math.max(...xs, 10);
  const marks: Plot.Markish[] = [
    Plot.ruleY([etf], { stroke: p.muted, strokeDasharray: '4,3' }),
    Plot.text([etf], { x: 1, y: (d: number) => d, text: () => `ETF −1/(K−1)`, textAnchor: 'start', dy: 10, dx: 4, fill: p.muted }),
    Plot.ruleY([1], { stroke: p.muted, strokeDasharray: '4,3' }),
    Plot.line(points, { x: 'ratio', y: 'cos', stroke: p.lpm, strokeWidth: 2 }),
    Plot.dot(points, { x: 'ratio', y: 'cos', fill: p.lpm, r: 2 }),
    Plot.dot(undefinedPoints, { x: 'ratio', y: () => 0, symbol: 'times', stroke: p.lpm, r: 4 }),
    Plot.text(points.slice(-1), { x: 'ratio', y: 'cos', text: () => 'LPM', dx: 6, textAnchor: 'start', fill: p.lpm }),
  ];
  if (input.threshold !== null) {
    marks.push(
      Plot.ruleX([input.threshold], { stroke: p.accent, strokeWidth: 1.5 }),
      Plot.text([input.threshold], { x: (d: number) => d, y: 0.5, text: (d: number) => `R* = ${formatNumber(d)}`, dx: 5, textAnchor: 'start', fill: p.accent }),
    );
  }
  if (input.model && input.model.cos !== null) {
    const m = input.model;
    marks.push(
      Plot.dot([m], { x: 'ratio', y: 'cos', r: 6, fill: p.model, stroke: p.background, strokeWidth: 1.5 }),
      Plot.text([m], { x: 'ratio', y: 'cos', text: () => `model (R = ${formatNumber(m.ratio)})`, dy: -14, fill: p.model }),
    );
  }
  if (input.whatIf && input.whatIf.cos !== null) {
    const w = input.whatIf;
    marks.push(
      Plot.dot([w], { x: 'ratio', y: 'cos', r: 6, symbol: 'diamond', fill: p.seli, stroke: p.background, strokeWidth: 1.5 }),
      Plot.text([w], { x: 'ratio', y: 'cos', text: () => `×${formatNumber(w.oversample, 3)} oversampled (R_eff = ${formatNumber(w.ratio, 3)})`, dy: 16, fill: p.seli }),
    );
  }
  return renderPlot(
    {
      width: 560,
      height: 280,
      marginLeft: 52,
      marginRight: 40,
      marginTop: 24,
      ariaLabel: 'LPM minority-classifier cosine against the imbalance ratio R',
      x: { type: 'log', domain: [1, xMax * 1.15], label: 'imbalance ratio R = n_majority / n_minority →', grid: true },
      y: { domain: [Math.min(etf, -0.2) - 0.05, 1.08], label: '↑ mean minority cosine', grid: true },
      marks,
    },
    p,
  );
}

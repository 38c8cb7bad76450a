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
  /** 'profile': the model's count profile scaled; R is then the ratio of the group means. */
  kind?: 'two-level' | 'profile';
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
  const xDomain: [number, number] = [1, xMax * 1.15];
  if (input.threshold !== null) {
    const t = input.threshold;
    if (t <= xDomain[1]) {
      // Inside the axis: the rule and its label, on the side of the rule with more room, so it stays in the plot.
      const right = Math.log(t) / Math.log(xDomain[1]) < 0.6;
      marks.push(
        Plot.ruleX([t], { stroke: p.accent, strokeWidth: 1.5 }),
        Plot.text([t], { x: (d: number) => d, y: 0.5, text: (d: number) => `R* = ${formatNumber(d)}`, dx: right ? 5 : -5, textAnchor: right ? 'start' : 'end', fill: p.accent }),
      );
    } else {
      // Beyond the axis: no rule outside the plot; say so inside, at its right edge.
      marks.push(Plot.text([t], { frameAnchor: 'right', y: 0.5, text: (d: number) => `R* = ${formatNumber(d)}, beyond the axis →`, dx: -4, textAnchor: 'end', fill: p.accent }));
    }
  }
  // The points' names go into a key in the top margin (right-aligned, one row each), so they can never
  // overlap the ETF, R* or LPM labels inside the plot whatever R, R_eff and the cosines are.
  const key: { text: string; fill: string }[] = [];
  if (input.model && input.model.cos !== null) {
    const m = input.model;
    marks.push(Plot.dot([m], { x: 'ratio', y: 'cos', r: 6, fill: p.model, stroke: p.background, strokeWidth: 1.5 }));
    key.push({ text: `● model (R = ${formatNumber(m.ratio)})`, fill: p.model });
  }
  if (input.whatIf && input.whatIf.cos !== null) {
    const w = input.whatIf;
    marks.push(Plot.dot([w], { x: 'ratio', y: 'cos', r: 6, symbol: 'diamond', fill: p.seli, stroke: p.background, strokeWidth: 1.5 }));
    key.push({ text: `◆ ×${formatNumber(w.oversample, 3)} oversampled (R_eff = ${formatNumber(w.ratio, 3)})`, fill: p.seli });
  }
  const row = 14;
  const marginTop = 22 + row * key.length;
  key.forEach((k, i) => marks.push(Plot.text([k.text], { frameAnchor: 'top-right', dy: -marginTop + 10 + row * i, textAnchor: 'end', fill: k.fill })));
  return renderPlot(
    {
      width: 560,
      height: 280,
      marginLeft: 52,
      marginRight: 40,
      marginTop,
      ariaLabel: 'LPM minority-classifier cosine against the imbalance ratio R',
      x: { type: 'log', domain: xDomain, label: input.kind === 'profile' ? 'R = mean majority count / mean minority count (count profile scaled) →' : 'imbalance ratio R = n_majority / n_minority →', grid: true },
      y: { domain: [Math.min(etf, -0.2) - 0.05, 1.08], label: '↑ mean minority cosine', grid: true },
      marks,
    },
    p,
  );
}

// One metric (or a few on one scale) against epoch, for the trajectory section. NC1 uses a log axis,
// as in Papyan20 Fig. 6; the others are linear. The x axis is ordinal: one evenly spaced position per
// checkpoint (epochs 5, 10, 20, 50 are not crammed into the right end of a linear axis), with at most
// MAX_X_TICKS labels.
import type { Palette } from '../theme';
import { Plot, renderPlot } from './plot';

/** Labelled checkpoints on the x axis at most (every n-th one beyond). */
export const MAX_X_TICKS = 10;

export interface TrajectorySeries {
  name: string;
  colour: string;
  points: { x: number; y: number }[];
}

export interface TrajectoryInput {
  title: string;
  yLabel: string;
  log: boolean;
  xLabel: string;
  series: TrajectorySeries[];
}

export function trajectoryChart(input: TrajectoryInput, p: Palette): SVGSVGElement {
  const marks: Plot.Markish[] = [];
  for (const s of input.series) {
    marks.push(
      Plot.line(s.points, { x: 'x', y: 'y', stroke: s.colour, strokeWidth: 2 }),
      Plot.dot(s.points, { x: 'x', y: 'y', fill: s.colour, r: 2.5, title: (d: { x: number; y: number }) => `${s.name} at ${d.x}: ${d.y.toPrecision(4)}` }),
    );
  }
  // A key drawn into the SVG (top right), so exported files keep it and labels never overlap.
  input.series.forEach((s, i) => marks.push(Plot.text([`— ${s.name}`], { frameAnchor: 'top-right', dx: 6, dy: 14 * i - 12, textAnchor: 'start', fill: s.colour })));
  const ys = input.series.flatMap((s) => s.points.map((pt) => pt.y));
  const xs = [...new Set(input.series.flatMap((s) => s.points.map((pt) => pt.x)))].sort((a, b) => a - b);
  const step = Math.ceil(xs.length / MAX_X_TICKS);
  const flat = !input.log && ys.every((y) => y === 0);
  return renderPlot(
    {
      width: 460,
      height: 250,
      marginLeft: 52,
      marginRight: 110,
      marginTop: 20 + 14 * Math.max(0, input.series.length - 1),
      ariaLabel: input.title,
      x: { type: 'point', domain: xs, label: input.xLabel, grid: true, ticks: xs.filter((_, i) => i % step === 0 || i === xs.length - 1), padding: 0.3 },
      // All zeros (a perfectly collapsed run) would give an empty domain: show them against [0, 1].
      y: input.log
        ? { type: 'log', label: input.yLabel, grid: true, tickFormat: '~g' }
        : { type: 'linear', label: input.yLabel, grid: true, nice: true, zero: true, ...(flat ? { domain: [0, 1] } : {}) },
      marks: [...(input.log ? [] : [Plot.ruleY([0], { stroke: p.muted })]), ...marks],
    },
    p,
  );
}

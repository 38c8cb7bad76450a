// D_l by layer on a log axis (He & Su's law of data separation): one or more curves, the fitted line
// ln D_l = intercept + l·ln ratio over from…to (dashed), and the penultimate layer ringed as the NC1 point.
import type { Palette } from '../theme';
import { Plot, renderPlot } from './plot';

export interface LayerPoint {
  x: number;
  y: number;
  name: string;
}

export interface LayerCurveSeries {
  name: string;
  colour: string;
  points: LayerPoint[];
  dashed?: boolean;
  faint?: boolean;
}

export interface LayersChartInput {
  title: string;
  series: LayerCurveSeries[];
  /** The fitted line's two ends. */
  fit: { x: number; y: number }[] | null;
  /** The penultimate layer's point on the first series. */
  penultimate: LayerPoint | null;
}

export function layersChart(input: LayersChartInput, p: Palette): SVGSVGElement {
  const marks: Plot.Markish[] = [];
  for (const s of input.series) {
    marks.push(
      Plot.line(s.points, { x: 'x', y: 'y', stroke: s.colour, strokeWidth: s.faint ? 1.2 : 2, strokeOpacity: s.faint ? 0.55 : 1, ...(s.dashed ? { strokeDasharray: '2,3' } : {}) }),
      Plot.dot(s.points, { x: 'x', y: 'y', fill: s.colour, r: s.faint ? 1.8 : 2.8, title: (d: LayerPoint) => `${s.name}, layer ${d.x} (${d.name}): D = ${d.y.toPrecision(4)}` }),
    );
  }
  if (input.fit) marks.push(Plot.line(input.fit, { x: 'x', y: 'y', stroke: p.lpm, strokeWidth: 1.5, strokeDasharray: '6,4' }));
  if (input.penultimate) {
    marks.push(
      Plot.dot([input.penultimate], { x: 'x', y: 'y', r: 7, stroke: p.foreground, strokeWidth: 1.5, fill: 'none' }),
      Plot.text([input.penultimate], { x: 'x', y: 'y', text: () => 'NC1 point', dy: -14, fill: p.foreground }),
    );
  }
  const keys = [...input.series.filter((s) => !s.faint).map((s) => ({ name: s.name, colour: s.colour })), ...(input.fit ? [{ name: 'fit', colour: p.lpm }] : [])];
  keys.forEach((k, i) => marks.push(Plot.text([`— ${k.name}`], { frameAnchor: 'top-right', dx: 6, dy: 14 * i - 12, textAnchor: 'start', fill: k.colour })));
  const xs = input.series.flatMap((s) => s.points.map((pt) => pt.x));
  return renderPlot(
    {
      width: 520,
      height: 260,
      marginLeft: 58,
      marginRight: 120,
      marginTop: 24 + 14 * Math.max(0, keys.length - 1),
      ariaLabel: input.title,
      x: { label: 'layer l →', grid: true, ticks: Math.min(12, Math.max(...xs, 1)), tickFormat: 'd' },
      y: { type: 'log', label: 'D_l = Tr(SS_W SS_B⁺) (log)', grid: true, tickFormat: '~g' },
      marks,
    },
    p,
  );
}

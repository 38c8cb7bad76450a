// One K×K cosine heatmap. All heatmaps share the class order (majority, then minority), the colour
// scale (cosineScale) and the size, so they can be compared cell by cell; the minority block is outlined.
import { formatNumber } from '../../src/protocol/format';
import type { Palette } from '../theme';
import { Plot, cosineScale, renderPlot } from './plot';

export interface HeatmapInput {
  title: string;
  matrix: (number | null)[][];
  order: number[];
  labels: string[];
  minorityCount: number;
}

interface Cell {
  x: number;
  y: number;
  value: number | null;
  row: string;
  col: string;
}

export function heatmapChart(input: HeatmapInput, p: Palette, size = 210): SVGSVGElement {
  const k = input.order.length;
  const cells: Cell[] = [];
  input.order.forEach((ci, y) =>
    input.order.forEach((cj, x) => cells.push({ x, y, value: input.matrix[ci][cj], row: input.labels[ci], col: input.labels[cj] })),
  );
  const defined = cells.filter((c) => c.value !== null);
  const missing = cells.filter((c) => c.value === null);
  const ticks = input.order.map((_, i) => i + 0.5);
  // Names longer than a cell ("T-shirt/top") would overlap: the axes then show class indices, and the
  // names stay in the tooltips and in the class order printed under the charts.
  const fits = input.labels.every((l) => l.length <= 3);
  const label = (d: number) => (fits ? (input.labels[input.order[Math.floor(d)]] ?? '') : String(input.order[Math.floor(d)] ?? ''));
  const b = input.minorityCount;
  const marks: Plot.Markish[] = [
    Plot.rect(defined, { x1: 'x', x2: (d: Cell) => d.x + 1, y1: 'y', y2: (d: Cell) => d.y + 1, fill: 'value', stroke: p.background, strokeWidth: 0.5 }),
    Plot.rect(missing, { x1: 'x', x2: (d: Cell) => d.x + 1, y1: 'y', y2: (d: Cell) => d.y + 1, fill: p.grid, fillOpacity: 0.5 }),
    Plot.text(missing, { x: (d: Cell) => d.x + 0.5, y: (d: Cell) => d.y + 0.5, text: () => '×', fill: p.foreground }),
    Plot.tip(
      cells,
      Plot.pointer({
        x: (d: Cell) => d.x + 0.5,
        y: (d: Cell) => d.y + 0.5,
        title: (d: Cell) => `cos(${d.row}, ${d.col}) = ${d.value === null ? 'undefined (zero norm)' : formatNumber(d.value, 3)}`,
      }),
    ),
  ];
  if (b > 0 && b < k) {
    marks.push(Plot.rect([{}], { x1: k - b, x2: k, y1: k - b, y2: k, fill: 'none', stroke: p.minority, strokeWidth: 2.5 }));
  }
  return renderPlot(
    {
      width: size,
      height: size,
      marginTop: 22,
      marginLeft: 26,
      marginRight: 4,
      marginBottom: 4,
      ariaLabel: input.title,
      x: { domain: [0, k], axis: 'top', ticks, tickFormat: label, tickSize: 0, label: null },
      y: { domain: [0, k], reverse: true, ticks, tickFormat: label, tickSize: 0, label: null },
      color: cosineScale(p),
      marks,
    },
    p,
  );
}

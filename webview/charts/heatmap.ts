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

/**
 * From this many classes the cells are drawn as one raster image (Plot.raster: a canvas, one pixel per cell,
 * embedded as a data: PNG) instead of one SVG rect per cell: K = 1000 would be a million nodes. The raster
 * has no per-cell tooltip; its axes show about six sampled class positions.
 */
export const RASTER_FROM_CLASSES = 64;

/** Up to this many classes an SVG heatmap labels every class position. */
export const LABEL_EVERY_CELL_UP_TO = 12;

export function heatmapChart(input: HeatmapInput, p: Palette, size = 210): SVGSVGElement {
  const k = input.order.length;
  if (k >= RASTER_FROM_CLASSES) return rasterHeatmap(input, p, size);
  const cells: Cell[] = [];
  input.order.forEach((ci, y) =>
    input.order.forEach((cj, x) => cells.push({ x, y, value: input.matrix[ci][cj], row: input.labels[ci], col: input.labels[cj] })),
  );
  const defined = cells.filter((c) => c.value !== null);
  const missing = cells.filter((c) => c.value === null);
  // Every class position up to LABEL_EVERY_CELL_UP_TO classes (a cell is then ≥ 15 px, room for "99"); above,
  // about six sampled positions, as on the raster heatmaps (20 classes labelled one by one overlapped).
  const ticks = (k <= LABEL_EVERY_CELL_UP_TO ? input.order.map((_, i) => i) : sampledTicks(k)).map((i) => i + 0.5);
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

/** Every `step`-th position from 0, `step` a 1, 2 or 5 × 10^n so that about `count` ticks fit. */
export function sampledTicks(k: number, count = 6): number[] {
  const raw = k / count;
  const base = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * base).find((m) => m >= raw) ?? 10 * base;
  const out: number[] = [];
  for (let i = 0; i < k; i += step) out.push(i);
  return out;
}

function rasterHeatmap(input: HeatmapInput, p: Palette, size: number): SVGSVGElement {
  const k = input.order.length;
  const { matrix, order, minorityCount: b } = input;
  // Row-major values in display order; NaN where a cosine is undefined (drawn transparent, over the grid colour).
  const values = new Float64Array(k * k);
  for (let y = 0; y < k; y++) {
    const row = matrix[order[y]];
    for (let x = 0; x < k; x++) values[y * k + x] = row[order[x]] ?? Number.NaN;
  }
  const ticks = sampledTicks(k).map((i) => i + 0.5);
  const label = (d: number) => String(order[Math.floor(d)] ?? '');
  const marks: Plot.Markish[] = [
    Plot.rect([{}], { x1: 0, x2: k, y1: 0, y2: k, fill: p.grid, fillOpacity: 0.5 }),
    Plot.raster(values, { width: k, height: k, x1: 0, x2: k, y1: 0, y2: k, imageRendering: 'pixelated' }),
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
      ariaLabel: `${input.title} (${k}×${k} cells drawn as an image)`,
      x: { domain: [0, k], axis: 'top', ticks, tickFormat: label, tickSize: 0, label: null },
      y: { domain: [0, k], reverse: true, ticks, tickFormat: label, tickSize: 0, label: null },
      color: cosineScale(p),
      marks,
    },
    p,
  );
}

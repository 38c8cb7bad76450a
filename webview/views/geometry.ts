// Geometry side by side: the model's classifier and centred-class-mean cosines, the LPM optimum, the
// simplex ETF and SELI, in one class order and one colour scale, with the Frobenius distances between them.
import type { GeometryId } from '../../src/protocol/report';
import type { ChartFrame } from '../chartFrame';
import { chartFrame } from '../chartFrame';
import { heatmapChart, RASTER_FROM_CLASSES } from '../charts/heatmap';
import { cosineLegend } from '../charts/plot';
import { h } from '../dom';
import { cosFromGram, type ViewModel } from '../viewModel';
import type { Palette } from '../theme';
import { formatNumber } from '../../src/protocol/format';

export const GEOMETRY_TITLES: Record<GeometryId, string> = {
  classifiers: 'Model classifiers',
  means: 'Model centred means',
  lpm: 'LPM optimum',
  etf: 'Simplex ETF',
  seli: 'SELI',
};

/** In an LPM-only report (meta.lpmOnly) there is no model: its "classifiers" and "means" are the optimum's factors. */
const LPM_ONLY_TITLES: Partial<Record<GeometryId, string>> = {
  classifiers: 'LPM classifiers w_k',
  means: 'LPM features h̄_k',
};

export function geometryTitle(id: GeometryId, vm: ViewModel): string {
  return (vm.report.meta.lpmOnly ? LPM_ONLY_TITLES[id] : undefined) ?? GEOMETRY_TITLES[id];
}

function blockMeans(m: (number | null)[][], minority: Set<number>): { all: number | null; aa: number | null; bb: number | null; ab: number | null } {
  const acc = { all: [0, 0], aa: [0, 0], bb: [0, 0], ab: [0, 0] };
  m.forEach((row, i) =>
    row.forEach((v, j) => {
      if (i === j || v === null) return;
      acc.all[0] += v;
      acc.all[1] += 1;
      const key = minority.has(i) && minority.has(j) ? 'bb' : !minority.has(i) && !minority.has(j) ? 'aa' : 'ab';
      acc[key][0] += v;
      acc[key][1] += 1;
    }),
  );
  const mean = ([s, n]: number[]) => (n ? s / n : null);
  return { all: mean(acc.all), aa: mean(acc.aa), bb: mean(acc.bb), ab: mean(acc.ab) };
}

export function geometryMatrices(vm: ViewModel): Partial<Record<GeometryId, (number | null)[][]>> {
  const i = vm.report.inspect;
  const out: Partial<Record<GeometryId, (number | null)[][]>> = { means: i.cosMeans };
  if (i.cosClassifiers) out.classifiers = i.cosClassifiers;
  if (vm.lpm) out.lpm = cosFromGram(vm.lpm.result.gramW);
  if (vm.report.lpm) {
    out.etf = cosFromGram(vm.report.lpm.etfGram);
    if (vm.report.lpm.seliGramW) out.seli = cosFromGram(vm.report.lpm.seliGramW);
  }
  return out;
}

function summaryFor(id: GeometryId, m: (number | null)[][], vm: ViewModel): string {
  const minority = new Set(vm.classes.filter((c) => c.minority).map((c) => c.index));
  const b = blockMeans(m, minority);
  const undefinedCount = m.flat().filter((v) => v === null).length;
  let text = `${geometryTitle(id, vm)}: mean off-diagonal cosine ${formatNumber(b.all, 3)}`;
  if (minority.size > 0) text += `; majority block ${formatNumber(b.aa, 3)}, minority block ${formatNumber(b.bb, 3)}, between them ${formatNumber(b.ab, 3)}`;
  if (undefinedCount) text += `; ${undefinedCount} cells undefined (zero norm, shown ${m.length >= RASTER_FROM_CLASSES ? 'grey' : 'as ×'})`;
  return `${text}.`;
}

function distanceTable(vm: ViewModel): HTMLElement {
  const d = vm.lpm?.distances;
  if (!d || d.pairs.length === 0) return h('p', { class: 'muted' }, 'No distances in this report.');
  const ids = [...new Set(d.pairs.flatMap((p) => [p.a, p.b]))];
  const value = (a: GeometryId, b: GeometryId) => {
    if (a === b) return '0';
    const pair = d.pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a));
    return pair ? formatNumber(pair.value, 3) : '—';
  };
  const basis = d.basis === 'cosine' ? 'cosine matrices' : 'Gram matrices';
  return h(
    'table',
    { class: 'distances', 'data-table': 'distances' },
    h('caption', {}, `Distance ‖A/‖A‖_F − B/‖B‖_F‖_F between the ${basis} (0 = same shape, at most 2)`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), ...ids.map((id) => h('th', { scope: 'col' }, geometryTitle(id, vm))))),
    h('tbody', {}, ...ids.map((a) => h('tr', {}, h('th', { scope: 'row' }, geometryTitle(a, vm)), ...ids.map((b) => h('td', { 'data-pair': `${a}:${b}` }, value(a, b)))))),
  );
}

export interface GeometryView {
  element: HTMLElement;
  frames: ChartFrame[];
  /** Redraws what depends on the LPM (its heatmap and the distance table). */
  updateLpm(vm: ViewModel, palette: Palette): void;
  redrawLegend(palette: Palette): void;
}

export function geometryView(initial: ViewModel, palette: Palette, onStatus: (t: string) => void): GeometryView {
  let vm = initial;
  const labels = vm.classes.map((c) => c.label);
  const ids: GeometryId[] = ['classifiers', 'means', 'lpm', 'etf', 'seli'];
  const frames: ChartFrame[] = [];
  for (const id of ids) {
    if (!geometryMatrices(vm)[id]) continue;
    frames.push(
      chartFrame({
        id: `heatmap-${id}`,
        title: geometryTitle(id, vm) + (id === 'lpm' && vm.lpm?.whatIf ? ' (what-if)' : ''),
        palette,
        onStatus,
        className: 'chart-heatmap',
        draw: (p) => {
          const m = geometryMatrices(vm)[id] ?? [];
          return {
            svgs: [heatmapChart({ title: geometryTitle(id, vm), matrix: m, order: vm.order, labels, minorityCount: vm.minorityCount }, p), cosineLegend(p)],
            shown: 1,
            summary: summaryFor(id, m, vm),
          };
        },
      }),
    );
  }
  const legend = h('div', { class: 'legend', 'aria-hidden': 'true' });
  const table = h('div', { class: 'distance-wrap' }, distanceTable(vm));
  const order = vm.order.map((i) => labels[i]).join(', ');
  const note = h(
    'p',
    { class: 'muted' },
    `Cosine between classes i (row) and j (column). Class order: ${order}` +
      (vm.minorityCount ? '; the minority block is outlined.' : '.') +
      (vm.lpm ? '' : ' The LPM, ETF and SELI need the LPM part of the report.'),
  );
  const element = h('section', { class: 'geometry', 'aria-label': 'Geometry' }, h('h2', {}, 'Geometry'), note, legend, h('div', { class: 'heatmaps' }, ...frames.map((f) => f.element)), table);
  const redrawLegend = (p: Palette) => legend.replaceChildren(cosineLegend(p));
  redrawLegend(palette);
  return {
    element,
    frames,
    redrawLegend,
    updateLpm(next: ViewModel, p: Palette) {
      vm = next;
      const lpmFrame = frames.find((f) => f.id === 'heatmap-lpm');
      lpmFrame?.redraw(p);
      const heading = lpmFrame?.element.querySelector('h3');
      if (heading) heading.textContent = GEOMETRY_TITLES.lpm + (vm.lpm?.whatIf ? ' (what-if)' : '');
      table.replaceChildren(distanceTable(vm));
    },
  };
}

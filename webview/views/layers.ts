// "Separation across layers": D_l by layer (log axis) with the fitted line, ratio and r, the
// penultimate layer as the NC1 point, majority/minority curves, one curve per checkpoint, and the table.
import type { LayersCurve, LayersResult } from '../../src/protocol/layers';
import type { ChartFrame } from '../chartFrame';
import { chartFrame } from '../chartFrame';
import { layersChart, type LayerCurveSeries, type LayerPoint } from '../charts/layers';
import { h } from '../dom';
import { fitSentence, outlierSentence } from '../layersText';
import type { Palette } from '../theme';
import { formatNumber } from '../../src/protocol/format';

function points(curve: LayersCurve, value: (i: number) => number | null | undefined): LayerPoint[] {
  return curve.layers.flatMap((l, i) => {
    const y = value(i);
    return typeof y === 'number' && y > 0 && Number.isFinite(y) ? [{ x: l.index, y, name: l.name }] : [];
  });
}

function fitLine(curve: LayersCurve): { x: number; y: number }[] | null {
  const { ratio, intercept, from, to } = curve.fit;
  if (ratio === null || intercept === null) return null;
  return [from, to].map((x) => ({ x, y: Math.exp(intercept + x * Math.log(ratio)) }));
}

function table(r: LayersResult): HTMLElement {
  const minority = r.minorityClasses !== null;
  const head = ['#', 'layer', 'class', 'dim', 'D_l', 'D_l balanced', 'NC1', ...(minority ? ['D_l majority', 'D_l minority'] : [])];
  const rows = r.layers.map((l) =>
    h(
      'tr',
      l.index === r.penultimate ? { class: 'penultimate' } : {},
      ...[String(l.index), l.name + (l.index === r.penultimate ? ' (penultimate)' : ''), l.className, String(l.dim), formatNumber(l.separation), formatNumber(l.separationBalanced), formatNumber(l.nc1), ...(minority ? [formatNumber(l.minority?.majority), formatNumber(l.minority?.minority)] : [])].map((c) => h('td', {}, c)),
    ),
  );
  return h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Layers table, scrollable' }, h('table', { 'data-table': 'layers' }, h('thead', {}, h('tr', {}, ...head.map((c) => h('th', {}, c)))), h('tbody', {}, ...rows)));
}

export function layersView(r: LayersResult, palette: Palette, onStatus: (t: string) => void): { element: HTMLElement; frames: ChartFrame[] } {
  const names = r.layers.map((l) => l.name);
  const pen = r.layers[r.penultimate];
  const frames: ChartFrame[] = [];
  frames.push(
    chartFrame({
      id: 'layers-separation',
      title: 'Separation across layers',
      palette,
      onStatus,
      draw: (p) => {
        const series: LayerCurveSeries[] = [{ name: 'D_l', colour: p.foreground, points: points(r, (i) => r.layers[i].separation) }];
        if (r.minorityClasses) {
          series.push({ name: 'majority', colour: p.majority, points: points(r, (i) => r.layers[i].minority?.majority), dashed: true });
          series.push({ name: 'minority', colour: p.minority, points: points(r, (i) => r.layers[i].minority?.minority), dashed: true });
        }
        const shown = series.filter((s) => s.points.length > 0);
        const penPoint = shown[0]?.points.find((pt) => pt.x === r.penultimate) ?? null;
        const svg = layersChart({ title: 'Separation across layers', series: shown, fit: fitLine(r), penultimate: penPoint }, p);
        const first = r.layers[0]?.separation;
        const summary = `D_l from ${formatNumber(first)} at the input to ${formatNumber(pen?.separation)} at the penultimate layer ${r.penultimate} (${pen?.name}). ${fitSentence(r.fit)}`;
        return { svgs: [svg], summary };
      },
    }),
  );
  const curves = r.checkpoints ?? [];
  if (curves.length > 1) {
    frames.push(
      chartFrame({
        id: 'layers-checkpoints',
        title: 'Separation across layers by checkpoint',
        palette,
        onStatus,
        draw: (p) => {
          const series: LayerCurveSeries[] = curves.map((c, i) => ({ name: c.checkpoint ?? `checkpoint ${i + 1}`, colour: i === curves.length - 1 ? p.model : p.muted, faint: i < curves.length - 1, points: points(c, (j) => c.layers[j].separation) }));
          const last = series.pop() as LayerCurveSeries;
          const svg = layersChart({ title: 'Separation across layers by checkpoint', series: [last, ...series], fit: null, penultimate: null }, p);
          const summary = curves.map((c) => `${c.checkpoint}: ratio ${c.fit.ratio === null ? 'n/a' : formatNumber(c.fit.ratio, 3)}, r ${c.fit.pearson === null ? 'n/a' : formatNumber(c.fit.pearson, 3)}`).join('; ');
          return { svgs: [svg], summary: `One curve per checkpoint (the last one bold). ${summary}.` };
        },
      }),
    );
  }
  const outliers = outlierSentence(r.fit, names);
  const element = h(
    'section',
    { class: 'layers', 'aria-label': 'Separation across layers' },
    h('h2', {}, 'Separation across layers'),
    h('p', { class: 'muted' }, `D_l = Tr(SS_W SS_B⁺) of each layer's flattened output (layer 0 = the input), with SS_W pooled over the samples and SS_B weighted by the class counts about the sample mean (He & Su's law of data separation). Smaller is better separated.`),
    h('p', { 'data-layers-fit': '' }, fitSentence(r.fit)),
    outliers ? h('p', {}, outliers) : null,
    h('p', { class: 'muted' }, `Layer ${r.penultimate} (${pen?.name}) is the penultimate layer, the classifier's input: its NC1 column is the NC1 = Tr(Σ_W Σ_B⁺)/K of the cards (same global mean, ${r.conventions.globalMean}).${r.minorityClasses ? ` Majority and minority curves: D_l of the samples of those classes only (minority ${r.minorityClasses.join(', ')}).` : ''}`),
    h('div', { class: 'chart-row' }, ...frames.map((f) => f.element)),
    table(r),
  );
  return { element, frames };
}

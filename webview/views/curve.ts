// The minority-collapse curve section (LPM cosine vs R, R*, the model's point, the what-if point).
import type { ChartFrame } from '../chartFrame';
import { chartFrame } from '../chartFrame';
import { curveChart } from '../charts/curve';
import { h } from '../dom';
import { curveAt, type ViewModel } from '../viewModel';
import type { Palette } from '../theme';
import { formatNumber } from '../../src/protocol/format';
import { groupingSentence } from '../../src/protocol/groupingText';

function whatIfPoint(vm: ViewModel): { ratio: number; cos: number | null; oversample: number } | null {
  if (vm.localWhatIf && vm.localWhatIf.oversample !== 1) return { ratio: vm.localWhatIf.ratio, cos: vm.localWhatIf.cos, oversample: vm.localWhatIf.oversample };
  if (vm.lpm?.whatIf && vm.lpm.ratio !== null && vm.lpm.oversample !== 1) {
    return { ratio: vm.lpm.ratio, cos: vm.lpm.result.cosMinority ?? curveAt(vm.lpm.curve, vm.lpm.ratio), oversample: vm.lpm.oversample };
  }
  return null;
}

export function curveSummary(vm: ViewModel): string {
  const lpm = vm.lpm;
  if (!lpm) return '';
  const etf = -1 / (vm.k - 1);
  const first = lpm.curve[0];
  const last = lpm.curve[lpm.curve.length - 1];
  let text = `LPM minority cosine from ${formatNumber(first.cosMinority, 3)} at R = ${formatNumber(first.ratio, 3)} to ${formatNumber(last.cosMinority, 3)} at R = ${formatNumber(last.ratio, 3)} (ETF ${formatNumber(etf, 3)})`;
  text += lpm.threshold === null ? '; no exact collapse on this range' : `; exact minority collapse from R* = ${formatNumber(lpm.threshold)}`;
  const modelCos = vm.report.inspect.minority?.meanCosClassifiers ?? null;
  const r = vm.report.lpm?.modelRatio ?? null;
  if (r !== null) text += `. The model (R = ${formatNumber(r)}) has minority cosine ${formatNumber(modelCos, 3)}`;
  const w = whatIfPoint(vm);
  if (w) text += `; oversampled ×${formatNumber(w.oversample, 3)}, R_eff = ${formatNumber(w.ratio, 3)} where the LPM gives ${formatNumber(w.cos, 3)}`;
  const grouping = vm.report.lpm?.grouping;
  return `${text}.${vm.report.lpm?.curveKind === 'profile' ? ` ${PROFILE_SENTENCE}` : ''}${grouping ? ` ${groupingSentence(grouping, vm.k)}` : ''}`;
}

/** What a profile curve is (docs/lpm.md "Counts that are not two-level"). */
export const PROFILE_SENTENCE =
  'These counts are not two-level: each point is the LPM for this model’s count profile scaled, n_k(α) = n_max·(n_k/n_max)^α (α = 1: the counts themselves), at R = mean majority count / mean minority count.';

export interface CurveView {
  element: HTMLElement;
  frames: ChartFrame[];
  setModel(vm: ViewModel): void;
}

export function curveView(initial: ViewModel, palette: Palette, onStatus: (t: string) => void, controls: HTMLElement | null): CurveView | null {
  let vm = initial;
  if (!vm.lpm || vm.lpm.curve.length === 0) {
    if (!vm.report.lpm) return null;
    return {
      element: h('section', { class: 'curve', 'aria-label': 'Minority collapse curve' }, h('h2', {}, 'Minority collapse'), h('p', { class: 'muted' }, 'Balanced classes: no minority-collapse curve (the LPM optimum is the simplex ETF for every budget, theory §2.3).')),
      frames: [],
      setModel() {},
    };
  }
  const frame = chartFrame({
    id: 'minority-curve',
    title: 'Minority collapse: LPM cosine vs imbalance',
    palette,
    onStatus,
    className: 'chart-wide',
    draw: (p) => {
      const lpm = vm.lpm;
      const r = vm.report.lpm?.modelRatio ?? null;
      const svg = curveChart(
        {
          k: vm.k,
          curve: lpm?.curve ?? [],
          threshold: lpm?.threshold ?? null,
          model: r === null ? null : { ratio: r, cos: vm.report.inspect.minority?.meanCosClassifiers ?? null },
          whatIf: whatIfPoint(vm),
          kind: vm.report.lpm?.curveKind,
        },
        p,
      );
      return { svgs: [svg], summary: curveSummary(vm) };
    },
  });
  const element = h(
    'section',
    { class: 'curve', 'aria-label': 'Minority collapse curve' },
    h('h2', {}, 'Minority collapse and what-if'),
    h('p', { class: 'muted' }, `Layer-Peeled Model (Fang et al. 2021) for ${vm.report.meta.lpmOnly ? 'these class counts’ majority/minority split and the budgets E_H, E_W given' : 'this model’s majority/minority split and calibrated budgets E_H, E_W'}. ${vm.report.lpm?.curveKind === 'profile' ? 'Oversampling the minority w_r times moves the model to R_eff = R / w_r; the engine re-fits the LPM there.' : 'Oversampling the minority w_r times is the LPM at R_eff = R / w_r.'}`),
    h('div', { class: 'curve-row' }, frame.element, controls),
  );
  return {
    element,
    frames: [frame],
    setModel(next) {
      vm = next;
    },
  };
}

// The LPM's two calibrations side by side (docs/lpm.md "Two calibrations"): loss-matched first, then
// norm-matched, each a card with its budgets, the LPM optimal loss against the model's training loss, the
// LPM minority cosine against the model's, R* and where the model's R sits, and the report's sentence.
// Below them the minority-collapse R-curve at either calibration (a toggle, loss-matched by default).
import type { CalibrationKind, LpmCalibration } from '../../src/protocol/report';
import { CALIBRATION_ASSUMES, CALIBRATION_LABEL, lossComparison, ratioAgainstThreshold } from '../../src/protocol/calibrationText';
import { formatNumber } from '../../src/protocol/format';
import { groupingSentence } from '../../src/protocol/groupingText';
import type { ChartFrame } from '../chartFrame';
import { chartFrame } from '../chartFrame';
import { curveChart } from '../charts/curve';
import { h } from '../dom';
import type { Palette } from '../theme';
import type { ViewModel } from '../viewModel';

const ORDER: readonly CalibrationKind[] = ['loss', 'norms'];
const TITLE: Record<CalibrationKind, string> = { loss: 'Loss-matched budget', norms: 'Norm-matched budget' };

function isCalibration(c: unknown): c is LpmCalibration {
  if (!c || typeof c !== 'object') return false;
  const kind = (c as { kind?: unknown }).kind;
  return kind === 'loss' || kind === 'norms';
}

/** The report's calibrations in display order (loss-matched first); [] for a report without them. */
export function orderedCalibrations(vm: ViewModel): LpmCalibration[] {
  const all = Array.isArray(vm.report.calibrations) ? vm.report.calibrations.filter(isCalibration) : [];
  return ORDER.flatMap((kind) => all.filter((c) => c.kind === kind).slice(0, 1));
}

/** A calibration whose LPM has a curve to draw. */
const drawable = (c: LpmCalibration) => c.lpm !== null && Array.isArray(c.lpm.curve) && c.lpm.curve.length > 0;

function fact(name: string, value: string, field: string): HTMLElement[] {
  return [h('dt', {}, name), h('dd', { 'data-field': field }, value)];
}

function card(c: LpmCalibration, vm: ViewModel): HTMLElement {
  const n = (v: number | null | undefined, digits = 4) => formatNumber(v, digits);
  const ratio = c.modelPoint?.ratio ?? null;
  const position = ratioAgainstThreshold(ratio, c.threshold);
  const threshold = c.threshold !== null ? n(c.threshold) : c.lpm ? `none (${c.reason ?? 'not reached'})` : '—';
  return h(
    'article',
    { class: 'card calibration', 'data-calibration': c.kind, 'aria-label': `${TITLE[c.kind]}: R* ${threshold}` },
    h('h3', {}, TITLE[c.kind]),
    h('p', { class: 'muted assumes' }, CALIBRATION_ASSUMES[c.kind]),
    h(
      'dl',
      { class: 'verdict-details calibration-facts' },
      ...fact('E_H·E_W', n(c.ehew), 'ehew'),
      ...fact('E_H, E_W', `${n(c.eh)}, ${n(c.ew)}`, 'split'),
      ...fact('LPM optimal loss', n(c.objective), 'objective'),
      ...fact('model’s train loss', n(vm.report.inspect.trainLoss ?? null), 'trainLoss'),
      ...fact('LPM minority cosine', n(c.cosMinority, 3), 'cosMinority'),
      ...fact('model’s minority cosine', n(c.modelPoint?.cosMinority ?? null, 3), 'modelCos'),
      ...fact('R*', threshold, 'threshold'),
      ...fact('model’s R', ratio === null ? '—' : position ? `${n(ratio)} (${position})` : n(ratio), 'ratio'),
    ),
    h('p', { class: 'statement', 'data-field': 'statement' }, c.statement),
    h('p', { class: 'muted loss-comparison', 'data-field': 'loss' }, lossComparison(c.objective, vm.report.inspect.trainLoss ?? null)),
    ...(c.lpm?.grouping ? [h('p', { class: 'muted grouping', 'data-field': 'grouping' }, groupingSentence(c.lpm.grouping, vm.k))] : []),
  );
}

export function calibrationCurveSummary(c: LpmCalibration, k: number): string {
  const curve = c.lpm?.curve ?? [];
  if (curve.length === 0) return `No R-curve at the ${CALIBRATION_LABEL[c.kind]} budget.`;
  const first = curve[0];
  const last = curve[curve.length - 1];
  let text =
    `At the ${CALIBRATION_LABEL[c.kind]} budget E_H·E_W = ${formatNumber(c.ehew)}: LPM minority cosine from ${formatNumber(first.cosMinority, 3)} at R = ${formatNumber(first.ratio, 3)}` +
    ` to ${formatNumber(last.cosMinority, 3)} at R = ${formatNumber(last.ratio, 3)} (ETF ${formatNumber(-1 / (k - 1), 3)})`;
  text += c.threshold === null ? '; no exact collapse on this range' : `; exact minority collapse from R* = ${formatNumber(c.threshold)}`;
  const r = c.modelPoint?.ratio ?? null;
  if (r !== null) text += `. The model (R = ${formatNumber(r)}) has minority cosine ${formatNumber(c.modelPoint.cosMinority, 3)}`;
  return `${text}.`;
}

export interface CalibrationsView {
  element: HTMLElement;
  frames: ChartFrame[];
}

export function calibrationsView(vm: ViewModel, palette: Palette, onStatus: (t: string) => void): CalibrationsView | null {
  const entries = orderedCalibrations(vm);
  if (entries.length === 0) return null;
  const curves = entries.filter(drawable);
  let shown: LpmCalibration | null = curves[0] ?? null;
  let currentPalette = palette;
  const frames: ChartFrame[] = [];
  let toggle: HTMLElement | null = null;
  let frameElement: HTMLElement | null = null;
  if (shown) {
    const frame = chartFrame({
      id: 'calibration-curve',
      title: 'Minority collapse at either calibration',
      palette,
      onStatus,
      className: 'chart-wide',
      draw: (p) => {
        const c = shown as LpmCalibration;
        const lpm = c.lpm;
        const r = c.modelPoint?.ratio ?? null;
        const svg = curveChart(
          { k: vm.k, curve: lpm?.curve ?? [], threshold: c.threshold, model: r === null ? null : { ratio: r, cos: c.modelPoint.cosMinority }, whatIf: null },
          p,
        );
        return { svgs: [svg], summary: calibrationCurveSummary(c, vm.k) };
      },
    });
    frames.push(frame);
    frameElement = frame.element;
    frameElement.dataset.calibration = shown.kind;
    const buttons = curves.map((c) => {
      const b = h('button', { type: 'button', class: 'calibration-toggle', 'data-kind': c.kind, 'aria-pressed': c === shown ? 'true' : 'false' }, CALIBRATION_LABEL[c.kind]);
      b.addEventListener('click', () => {
        if (shown === c) return;
        shown = c;
        for (const other of buttons) other.setAttribute('aria-pressed', other === b ? 'true' : 'false');
        if (frameElement) frameElement.dataset.calibration = c.kind;
        frame.redraw(currentPalette);
      });
      return b;
    });
    toggle = h('div', { class: 'calibration-toggles', role: 'group', 'aria-label': 'Draw the R-curve at' }, h('span', { class: 'muted' }, 'R-curve at the budget: '), ...buttons);
  }
  const efficiency = vm.report.budgetEfficiency ?? null;
  const element = h(
    'section',
    { class: 'calibrations', 'aria-label': 'LPM calibrations' },
    h('h2', {}, 'The Layer-Peeled Model at two budgets'),
    h(
      'p',
      { class: 'muted' },
      'The LPM needs budgets E_H, E_W. Matched to the norms the network spends, or to the training loss it reaches; the two can differ by orders of magnitude.' +
        (efficiency !== null ? ` Here the loss-matched E_H·E_W is ${formatNumber(efficiency, 3)} × the norm-matched one.` : ''),
    ),
    h('div', { class: 'calibration-cards' }, ...entries.map((c) => card(c, vm))),
    toggle,
    frameElement,
  );
  return {
    element,
    frames: frames.map((f) => ({
      ...f,
      redraw: (p: Palette) => {
        currentPalette = p;
        f.redraw(p);
      },
    })),
  };
}

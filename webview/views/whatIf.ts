// What-if controls: oversampling factor w_r and E_H·E_W. In VS Code each change asks the host to re-fit
// the LPM (`whatIf`), debounced, with at most one request in flight (the latest value wins), and the
// charts redraw on the `lpmUpdate` answer. In a standalone report there is no engine: oversampling is read
// off the report's own curve (R_eff = R / w_r, theory.md §2.5) and E_H·E_W is disabled.
import type { LpmUpdateMessage, WhatIfMessage } from '../../src/protocol/panel';
import { PendingReplies } from '../../src/protocol/replies';
import { h } from '../dom';
import { oversampleLadder } from '../viewModel';
import { button, slider, type Slider } from '../toolkit';
import { formatNumber } from '../../src/protocol/format';

/** Debounce between slider input and the request: the host's target is < 100 ms per re-fit. */
export const WHAT_IF_DEBOUNCE_MS = 60;
/** E_H·E_W slider: one decade either side of the calibrated product, 40 steps per decade. */
const EHEW_STEPS_PER_DECADE = 40;
export interface WhatIfSettings {
  oversample: number;
  ehew: number;
}

export interface WhatIfOptions {
  modelRatio: number | null;
  calibratedEhew: number;
  initial: WhatIfSettings;
  /** Host mode: send a request. Null in a standalone report. */
  request: ((message: WhatIfMessage) => void) | null;
  /** The curve is a count-profile curve (counts not two-level): a standalone report cannot read oversampling off it. */
  profile?: boolean;
  /** Standalone mode: show the oversampling read off the curve. */
  local: (settings: WhatIfSettings) => void;
  /** Both sliders back at the report's values: show the report's own LPM. */
  reset: () => void;
}

export class WhatIfControls {
  readonly element: HTMLElement;
  private readonly oversample: Slider | null;
  private readonly ladder: number[];
  private readonly ehew: Slider;
  private readonly status: HTMLElement;
  private readonly oversampleText: HTMLElement;
  private readonly ehewText: HTMLElement;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The request in flight (at most one), with when it was sent. */
  private readonly inFlight = new PendingReplies<LpmUpdateMessage, { sentAt: number }>();
  private queued = false;
  /** The id whose answer is drawn (0: none, after a reset). */
  private lastSent = 0;

  constructor(private readonly options: WhatIfOptions) {
    const r = options.modelRatio;
    const canOversample = r !== null && r > 1;
    this.ladder = oversampleLadder(r);
    this.oversampleText = h('span', { class: 'value', 'data-value': 'oversample' });
    this.ehewText = h('span', { class: 'value', 'data-value': 'ehew' });
    this.status = h('p', { class: 'whatif-status muted', role: 'status', 'aria-live': 'polite' });
    this.oversample = canOversample
      ? slider({
          id: 'whatif-oversample',
          min: 0,
          max: this.ladder.length - 1,
          value: this.oversampleStep(options.initial.oversample),
          label: 'Oversampling factor for the minority classes',
          valueText: (s) => `×${formatNumber(this.oversampleValue(s), 3)}`,
          onInput: () => this.changed(),
        })
      : null;
    this.ehew = slider({
      id: 'whatif-ehew',
      min: -EHEW_STEPS_PER_DECADE,
      max: EHEW_STEPS_PER_DECADE,
      value: Math.round(Math.log10(options.initial.ehew / options.calibratedEhew) * EHEW_STEPS_PER_DECADE),
      label: 'Budget product E_H times E_W',
      valueText: (s) => formatNumber(this.ehewValue(s), 3),
      onInput: () => this.changed(),
    });
    const standalone = options.request === null;
    if (standalone) this.ehew.setDisabled(true);
    const notes: (HTMLElement | null)[] = [];
    if (!canOversample) notes.push(h('p', { class: 'muted' }, 'No minority classes: nothing to oversample.'));
    if (standalone && options.profile) {
      this.oversample?.setDisabled(true);
      notes.push(h('p', { class: 'muted note-standalone' }, 'Standalone report: these counts are not two-level, so oversampling cannot be read off the curve; the what-if needs the engine in VS Code.'));
    } else if (standalone) {
      notes.push(
        h('p', { class: 'muted note-standalone' }, 'Standalone report: oversampling is read off the LPM curve in this file (R_eff = R / w_r); re-fitting the heatmap, the norms and E_H·E_W needs the engine in VS Code.'),
      );
    }
    this.element = h(
      'div',
      { class: 'whatif', role: 'group', 'aria-label': 'What-if' },
      h('h3', {}, 'What-if'),
      h(
        'label',
        { class: 'control', for: 'whatif-oversample' },
        h('span', {}, 'Oversample minority'),
        this.oversample?.element ?? h('span', { class: 'muted' }, 'n/a'),
        this.oversampleText,
      ),
      h('label', { class: 'control', for: 'whatif-ehew' }, h('span', {}, 'E_H·E_W'), this.ehew.element, this.ehewText),
      h('div', { class: 'whatif-actions' }, button('Reset', () => this.resetAll(), { ariaLabel: 'Reset the what-if to the report values' })),
      ...notes,
      this.status,
    );
    this.showValues();
  }

  private oversampleStep(w: number): number {
    let best = 0;
    this.ladder.forEach((v, i) => {
      if (Math.abs(Math.log(v / w)) < Math.abs(Math.log(this.ladder[best] / w))) best = i;
    });
    return best;
  }

  private oversampleValue(step: number): number {
    return this.ladder[Math.max(0, Math.min(this.ladder.length - 1, step))];
  }

  private ehewValue(step: number): number {
    return this.options.calibratedEhew * 10 ** (step / EHEW_STEPS_PER_DECADE);
  }

  settings(): WhatIfSettings {
    return { oversample: this.oversample ? this.oversampleValue(this.oversample.value()) : 1, ehew: this.ehewValue(this.ehew.value()) };
  }

  private isDefault(): boolean {
    return (this.oversample ? this.oversample.value() === 0 : true) && this.ehew.value() === 0;
  }

  private showValues(): void {
    const s = this.settings();
    const r = this.options.modelRatio;
    this.oversampleText.textContent = this.oversample ? `×${formatNumber(s.oversample, 3)} (R_eff = ${formatNumber((r ?? 1) / s.oversample, 3)})` : '';
    this.ehewText.textContent = `${formatNumber(s.ehew, 3)} (calibrated ${formatNumber(this.options.calibratedEhew, 3)})`;
  }

  private changed(): void {
    this.showValues();
    if (this.isDefault()) {
      clearTimeout(this.timer);
      this.queued = false;
      this.lastSent = 0; // any answer still on its way is now stale
      this.options.reset();
      this.status.textContent = 'Showing the report’s own LPM fit.';
      return;
    }
    if (!this.options.request) {
      this.options.local(this.settings());
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.send(), WHAT_IF_DEBOUNCE_MS);
  }

  private send(): void {
    if (!this.options.request) return;
    if (this.inFlight.count()) {
      this.queued = true;
      return;
    }
    const s = this.settings();
    const { id } = this.inFlight.open({ sentAt: performance.now() });
    this.lastSent = id;
    this.status.textContent = `Re-fitting the LPM for ×${formatNumber(s.oversample, 3)}, E_H·E_W = ${formatNumber(s.ehew, 3)}…`;
    this.options.request({ type: 'whatIf', id, oversample: s.oversample, ehew: s.ehew });
  }

  /** Returns true when `message` is the answer to the latest request and should be drawn. */
  accept(message: LpmUpdateMessage): boolean {
    const sent = this.inFlight.answer(message.id, message);
    const roundTrip = sent ? performance.now() - sent.sentAt : null;
    if (this.queued && !this.inFlight.count()) {
      this.queued = false;
      this.send();
      return false;
    }
    if (message.id !== this.lastSent || this.isDefault()) return false;
    if (!message.ok) {
      this.status.textContent = `The what-if failed: ${message.error}`;
      return false;
    }
    this.status.textContent =
      `LPM re-fitted for ×${formatNumber(message.oversample, 3)}, E_H·E_W = ${formatNumber(message.ehew, 3)} in ${Math.round(message.elapsedMs)} ms` +
      (roundTrip === null ? '.' : ` (${Math.round(roundTrip)} ms round trip).`);
    return true;
  }

  private resetAll(): void {
    this.oversample?.set(0);
    this.ehew.set(0);
    this.changed();
  }
}

// The whole panel for one report: the views of registry.ts in their order, with the what-if controls.
// It owns the theme palette and redraws charts on a theme switch or a what-if update.
import type { DefinitionTopic, ExportResultMessage, LpmUpdateMessage, LpmUpdateOk, PanelState, WhatIfMessage } from '../../src/protocol/panel';
import type { AnalysisReport } from '../../src/protocol/report';
import { append, h } from '../dom';
import { answerExport } from '../export';
import { buildViewModel, type ViewModel } from '../viewModel';
import { readPalette, type Palette } from '../theme';
import { VIEWS, type PanelView } from './registry';
import { WhatIfControls } from './whatIf';

export interface ReportViewOptions {
  /** Host mode: send messages. Null in a standalone report. */
  post: { whatIf: (m: WhatIfMessage) => void; openDefinition: (topic: DefinitionTopic) => void } | null;
  /** The standalone page as delivered (its HTML export), null in VS Code. */
  standalonePage: string | null;
  /** Saved what-if to restore. */
  whatIf?: PanelState['whatIf'];
  /** Called whenever what should survive a reload changes. */
  saveState: (state: PanelState) => void;
}

export class ReportView {
  private palette: Palette;
  private vm: ViewModel;
  private update: LpmUpdateOk | null;
  private localOversample: number | null = null;
  private readonly views: PanelView[];
  private readonly status: HTMLElement;
  private readonly whatIf: WhatIfControls | null;
  /** K, for validating what-if answers against the heatmaps' size. */
  readonly classes: number;

  constructor(
    private readonly app: HTMLElement,
    private readonly report: AnalysisReport,
    private readonly options: ReportViewOptions,
  ) {
    this.classes = report.inspect.classes;
    this.palette = readPalette();
    this.update = options.whatIf?.update ?? null;
    this.vm = buildViewModel(report, this.update, null);
    const onStatus = (text: string) => this.setStatus(text);
    this.status = h('p', { class: 'status muted', role: 'status', 'aria-live': 'polite', 'data-status': '' });

    const lpm = report.lpm;
    this.whatIf =
      lpm && lpm.curve.length > 0
        ? new WhatIfControls({
            modelRatio: lpm.modelRatio,
            calibratedEhew: lpm.budgets.eh * lpm.budgets.ew,
            initial: { oversample: options.whatIf?.oversample ?? 1, ehew: options.whatIf?.ehew ?? lpm.budgets.eh * lpm.budgets.ew },
            request: options.post ? (m) => options.post?.whatIf(m) : null,
            profile: lpm.curveKind === 'profile',
            local: (s) => this.applyLocal(s.oversample),
            reset: () => this.applyUpdate(null),
          })
        : null;
    const context = {
      report,
      vm: this.vm,
      currentModel: () => this.vm,
      palette: this.palette,
      onStatus,
      status: this.status,
      whatIfControls: this.whatIf?.element ?? null,
      standalonePage: options.standalonePage,
      openDefinition: options.post ? (topic: DefinitionTopic) => options.post?.openDefinition(topic) : null,
    };
    this.views = VIEWS.flatMap((v) => v.build(context) ?? []);
    app.replaceChildren();
    append(app, ...this.views.map((v) => v.element));
    this.save();
  }

  setStatus(text: string): void {
    this.status.textContent = text;
  }

  /** Theme switched: re-read the colours and redraw every chart. */
  retheme(): void {
    this.palette = readPalette();
    for (const v of this.views) for (const f of v.frames ?? []) f.redraw(this.palette);
    for (const v of this.views) v.retheme?.(this.palette);
  }

  /** An lpmUpdate from the host (validated for K by the caller). */
  receiveUpdate(message: LpmUpdateMessage): void {
    if (!this.whatIf || !this.whatIf.accept(message) || !message.ok) return;
    this.applyUpdate(message);
  }

  exportResult({ id, ok, path, error }: ExportResultMessage): void {
    const name = answerExport(id) ?? 'the file';
    if (ok) this.setStatus(`Saved ${name}${path ? ` to ${path}` : ''}.`);
    else this.setStatus(error ? `Could not save ${name}: ${error}` : `Saving ${name} was cancelled.`);
  }

  private applyUpdate(update: LpmUpdateOk | null): void {
    this.update = update;
    this.localOversample = null;
    this.refreshLpm();
    this.save();
  }

  private applyLocal(oversample: number): void {
    this.localOversample = oversample;
    this.refreshLpm();
  }

  private refreshLpm(): void {
    this.vm = buildViewModel(this.report, this.update, this.localOversample);
    for (const v of this.views) v.setModel?.(this.vm, this.palette);
    for (const v of this.views) for (const f of v.lpmFrames ?? []) f.redraw(this.palette);
    this.app.dataset.lpm = this.vm.lpm?.whatIf ? 'what-if' : 'report';
  }

  private save(): void {
    const settings = this.whatIf?.settings();
    this.options.saveState({
      version: 1,
      report: this.report,
      ...(settings ? { whatIf: { oversample: settings.oversample, ehew: settings.ehew, update: this.update } } : {}),
    });
  }
}

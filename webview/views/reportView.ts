// The whole panel for one report: header, verdicts, geometry, norms, curve + what-if, trajectory, table.
// It owns the theme palette and redraws charts on a theme switch or a what-if update.
import type { DefinitionTopic, LpmUpdateMessage, LpmUpdateOk, PanelState, WhatIfMessage } from '../../src/protocol/panel';
import type { AnalysisReport } from '../../src/protocol/report';
import type { ChartFrame } from '../chartFrame';
import { append, h } from '../dom';
import { takePendingExport } from '../export';
import { buildViewModel, type ViewModel } from '../model';
import { readPalette, type Palette } from '../theme';
import { classTableView } from './classTable';
import { curveView } from './curve';
import { exportBarView } from './exportBar';
import { geometryView } from './geometry';
import { headerView } from './header';
import { layersView } from './layers';
import { normsView } from './norms';
import { trajectoryView } from './trajectory';
import { verdictCardsView } from './verdictCards';
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
  private readonly frames: ChartFrame[] = [];
  private readonly lpmFrames: ChartFrame[] = [];
  private readonly status: HTMLElement;
  private readonly whatIf: WhatIfControls | null;
  private readonly geometry: ReturnType<typeof geometryView>;
  private readonly norms: ReturnType<typeof normsView>;
  private readonly curve: ReturnType<typeof curveView>;
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

    const header = headerView(this.vm, this.palette, onStatus);
    this.geometry = geometryView(this.vm, this.palette, onStatus);
    this.norms = normsView(this.vm, this.palette, onStatus);
    const lpm = report.lpm;
    this.whatIf =
      lpm && lpm.curve.length > 0
        ? new WhatIfControls({
            modelRatio: lpm.modelRatio,
            calibratedEhew: lpm.budgets.eh * lpm.budgets.ew,
            initial: { oversample: options.whatIf?.oversample ?? 1, ehew: options.whatIf?.ehew ?? lpm.budgets.eh * lpm.budgets.ew },
            request: options.post ? (m) => options.post?.whatIf(m) : null,
            local: (s) => this.applyLocal(s.oversample),
            reset: () => this.applyUpdate(null),
          })
        : null;
    this.curve = curveView(this.vm, this.palette, onStatus, this.whatIf?.element ?? null);
    const trajectory = report.inspect.trajectory ? trajectoryView(report.inspect.trajectory, this.palette, onStatus) : null;
    const layers = report.layers ? layersView(report.layers, this.palette, onStatus) : null;

    this.frames.push(...header.frames, ...this.geometry.frames, ...this.norms.frames, ...(this.curve?.frames ?? []), ...(trajectory?.frames ?? []), ...(layers?.frames ?? []));
    this.lpmFrames.push(...this.norms.frames, ...(this.curve?.frames ?? []));

    app.replaceChildren();
    append(
      app,
      header.element,
      exportBarView(() => this.vm, options.standalonePage, onStatus),
      this.status,
      verdictCardsView(this.vm, options.post ? (topic) => options.post?.openDefinition(topic) : null),
      this.geometry.element,
      this.norms.element,
      this.curve?.element ?? null,
      trajectory?.element ?? null,
      layers?.element ?? null,
      classTableView(this.vm),
    );
    this.save();
  }

  setStatus(text: string): void {
    this.status.textContent = text;
  }

  /** Theme switched: re-read the colours and redraw every chart. */
  retheme(): void {
    this.palette = readPalette();
    for (const f of this.frames) f.redraw(this.palette);
    this.geometry.redrawLegend(this.palette);
  }

  /** An lpmUpdate from the host (validated for K by the caller). */
  receiveUpdate(message: LpmUpdateMessage): void {
    if (!this.whatIf || !this.whatIf.accept(message) || !message.ok) return;
    this.applyUpdate(message);
  }

  exportResult(id: number, ok: boolean, path?: string, error?: string): void {
    const name = takePendingExport(id) ?? 'the file';
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
    this.norms.setModel(this.vm);
    this.curve?.setModel(this.vm);
    this.geometry.updateLpm(this.vm, this.palette);
    for (const f of this.lpmFrames) f.redraw(this.palette);
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

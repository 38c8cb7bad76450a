// The panel's views, registered in one list in display order. A new view (a section, a chart) is one entry
// here: build it from the context, say which of its charts follow the theme (`frames`) and which follow the
// LPM side when a what-if update arrives (`setModel`, `lpmFrames`). ReportView only walks this list.
import type { DefinitionTopic } from '../../src/protocol/panel';
import type { AnalysisReport } from '../../src/protocol/report';
import type { ChartFrame } from '../chartFrame';
import type { Palette } from '../theme';
import type { ViewModel } from '../viewModel';
import { calibrationsView } from './calibrations';
import { classChartsView } from './classCharts';
import { classTableView } from './classTable';
import { classVariabilityView } from './classVariability';
import { curveView } from './curve';
import { exportBarView } from './exportBar';
import { geometryView } from './geometry';
import { headerView } from './header';
import { layersView } from './layers';
import { normsView } from './norms';
import { trajectoryView } from './trajectory';
import { verdictCardsView } from './verdictCards';

/** What a view is built from. */
export interface ViewContext {
  report: AnalysisReport;
  vm: ViewModel;
  /** The current view model (changes with what-if updates), for views that read it later (exports). */
  currentModel: () => ViewModel;
  palette: Palette;
  onStatus: (text: string) => void;
  /** The status line the report view owns. */
  status: HTMLElement;
  /** The what-if controls' element, when the report has an LPM curve. */
  whatIfControls: HTMLElement | null;
  standalonePage: string | null;
  openDefinition: ((topic: DefinitionTopic) => void) | null;
}

export interface PanelView {
  element: HTMLElement;
  /** Charts redrawn on a theme switch. */
  frames?: ChartFrame[];
  /** Charts redrawn after a what-if update (after `setModel`). */
  lpmFrames?: ChartFrame[];
  /** A what-if update changed the LPM side of the view model. */
  setModel?(vm: ViewModel, palette: Palette): void;
  /** After the frames were redrawn on a theme switch. */
  retheme?(palette: Palette): void;
}

/** Builds a view, or null when the report has nothing for it. */
export type ViewFactory = (ctx: ViewContext) => PanelView | null;

export const VIEWS: readonly { id: string; build: ViewFactory }[] = [
  { id: 'header', build: (c) => headerView(c.vm) },
  { id: 'classes', build: (c) => classChartsView(c.vm, c.palette, c.onStatus) },
  { id: 'export', build: (c) => ({ element: exportBarView(c.currentModel, c.standalonePage, c.onStatus) }) },
  { id: 'status', build: (c) => ({ element: c.status }) },
  { id: 'verdicts', build: (c) => ({ element: verdictCardsView(c.vm, c.openDefinition) }) },
  { id: 'calibrations', build: (c) => calibrationsView(c.vm, c.palette, c.onStatus) },
  {
    id: 'geometry',
    build: (c) => {
      const g = geometryView(c.vm, c.palette, c.onStatus);
      return { element: g.element, frames: g.frames, setModel: (vm, palette) => g.updateLpm(vm, palette), retheme: (palette) => g.redrawLegend(palette) };
    },
  },
  {
    id: 'norms',
    build: (c) => {
      const n = normsView(c.vm, c.palette, c.onStatus);
      return { element: n.element, frames: n.frames, lpmFrames: n.frames, setModel: (vm) => n.setModel(vm) };
    },
  },
  { id: 'classVariability', build: (c) => classVariabilityView(c.vm, c.palette, c.onStatus) },
  {
    id: 'curve',
    build: (c) => {
      const v = curveView(c.vm, c.palette, c.onStatus, c.whatIfControls);
      return v && { element: v.element, frames: v.frames, lpmFrames: v.frames, setModel: (vm) => v.setModel(vm) };
    },
  },
  { id: 'trajectory', build: (c) => (c.report.inspect.trajectory ? trajectoryView(c.report.inspect.trajectory, c.palette, c.onStatus) : null) },
  { id: 'layers', build: (c) => (c.report.layers ? layersView(c.report.layers, c.palette, c.onStatus) : null) },
  {
    id: 'classTable',
    build: (c) => {
      const t = classTableView(c.vm);
      return { element: t.element, setModel: (vm) => t.setModel(vm) };
    },
  },
];

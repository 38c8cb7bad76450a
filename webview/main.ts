// Panel entry: renders into #app and talks to the host only through typed messages, validated on arrival.
// The same bundle runs in three places: a VS Code webview (acquireVsCodeApi exists), a webview restored
// after a reload (the report comes back from getState), and the standalone HTML report (the report is
// inlined in the page, no host).
import css from './style.css';
import { checkLpmUpdate, isAnalysingMessage, isExportResultMessage, isPanelState, isShowMessage, type PanelState } from '../src/protocol/panel';
import { checkReport, type AnalysisReport } from '../src/protocol/report';
import { hasType } from '../src/protocol/guards';
import { addStyle, h } from './dom';
import { applyStandaloneTheme, capturePristinePage, inlinedReport, isStandalone } from './standalone';
import { watchTheme } from './theme';
import { registerToolkit, tag } from './toolkit';
import { ReportView } from './views/reportView';
import { skeletonView, updateSkeleton } from './views/skeleton';
import { loadState, postToHost, saveState } from './vscodeApi';

let view: ReportView | null = null;

function renderEmpty(app: HTMLElement, title: string): void {
  view = null;
  app.replaceChildren(
    h('h1', {}, title),
    h('p', { class: 'muted' }, 'Neural-collapse and minority-collapse diagnostics for the last layer of a classifier.'),
    h('section', { class: 'card', 'aria-label': 'Status' }, 'Ready ', tag('no analysis yet')),
  );
}

function renderProblems(app: HTMLElement, what: string, problems: string[]): void {
  view = null;
  app.replaceChildren(
    h('h1', {}, 'Collapse Lens'),
    h(
      'section',
      { class: 'card error', role: 'alert', 'data-problems': '' },
      h('p', {}, `${what} is not a Collapse Lens report:`),
      h('ul', {}, ...problems.slice(0, 20).map((p) => h('li', {}, p))),
      problems.length > 20 ? h('p', {}, `… and ${problems.length - 20} more.`) : null,
    ),
  );
}

function renderReport(app: HTMLElement, report: AnalysisReport, standalonePage: string | null, whatIf?: PanelState['whatIf']): void {
  view = new ReportView(app, report, {
    post: standalonePage === null ? { whatIf: (m) => postToHost(m), openDefinition: (topic) => postToHost({ type: 'openDefinition', topic }) } : null,
    standalonePage,
    whatIf,
    saveState,
  });
}

function onMessage(app: HTMLElement, data: unknown): void {
  if (hasType(data, 'showReport')) {
    const report = checkReport(data.report);
    if (report.value) renderReport(app, report.value, null);
    else renderProblems(app, 'The report sent by the extension', report.problems);
  } else if (hasType(data, 'lpmUpdate')) {
    if (!view) return;
    const update = checkLpmUpdate(data, view.classes);
    if (update.value) view.receiveUpdate(update.value);
    else view.setStatus(`Ignored a malformed what-if answer: ${update.problems.slice(0, 3).join('; ')}`);
  } else if (isExportResultMessage(data)) {
    view?.exportResult(data);
  } else if (isShowMessage(data)) {
    renderEmpty(app, data.title);
  } else if (isAnalysingMessage(data)) {
    if (!updateSkeleton(app, data.title, data.stage)) {
      view = null;
      app.replaceChildren(skeletonView(data.title, data.stage));
    }
  }
}

function main(): void {
  // Before anything is rendered into the page: a standalone report exports itself as delivered.
  const standalone = isStandalone();
  const pristine = standalone ? capturePristinePage() : null;
  addStyle(css, 'collapse-lens-style');
  if (standalone) applyStandaloneTheme();
  registerToolkit();
  const app = document.getElementById('app');
  if (!app) throw new Error('Collapse Lens panel: #app element missing from the document');

  const show = (report: AnalysisReport, whatIf?: PanelState['whatIf']) => renderReport(app, report, pristine, whatIf);
  let restored = false;
  if (standalone) {
    void inlinedReport().then((data) => {
      const report = data instanceof Error ? { value: null, problems: [data.message] } : checkReport(data);
      if (report.value) show(report.value);
      else renderProblems(app, 'The report inlined in this page', report.problems);
    });
  } else {
    const state = loadState();
    if (isPanelState(state)) {
      show(state.report, state.whatIf);
      restored = true;
    } else {
      renderEmpty(app, 'Collapse Lens');
    }
  }
  watchTheme(() => view?.retheme());
  window.addEventListener('message', (event: MessageEvent<unknown>) => onMessage(app, event.data));
  postToHost({ type: 'ready', theme: document.body.dataset.vscodeThemeKind ?? 'unknown', hasReport: restored });
}

main();

// Whole-report exports: JSON (the report as is), CSV (per-class table), standalone HTML.
import { h } from '../dom';
import { fileStem, saveFile } from '../export';
import { classRows, toCsv, type ViewModel } from '../viewModel';
import { button } from '../toolkit';

export function exportBarView(getModel: () => ViewModel, standalonePage: string | null, onStatus: (t: string) => void): HTMLElement {
  const stem = () => fileStem(getModel().report.meta.title);
  const json = () => {
    saveFile('json', `${stem()}.json`, `${JSON.stringify(getModel().report, null, 1)}\n`, 'utf8');
    onStatus('Exported the report as JSON.');
  };
  const csv = () => {
    saveFile('csv', `${stem()}-classes.csv`, toCsv(classRows(getModel())), 'utf8');
    onStatus('Exported the per-class table as CSV.');
  };
  const html = () => {
    // In VS Code the host builds the page from the report JSON and dist/webview.js (reportHtml); a
    // standalone report saves itself as delivered.
    if (standalonePage !== null) saveFile('html', `${stem()}.html`, standalonePage, 'utf8');
    else saveFile('html', `${stem()}.html`, JSON.stringify(getModel().report), 'utf8');
    onStatus('Exported the standalone HTML report.');
  };
  return h(
    'div',
    { class: 'export-bar', role: 'toolbar', 'aria-label': 'Export the whole report' },
    h('span', { class: 'muted' }, 'Export'),
    button('JSON', json, { ariaLabel: 'Export the report as JSON' }),
    button('CSV', csv, { ariaLabel: 'Export the per-class table as CSV' }),
    button('HTML report', html, { ariaLabel: 'Export a standalone HTML report' }),
  );
}

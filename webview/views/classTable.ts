// The per-class table (the same rows as the CSV export). Two header rows (the model's columns, the LPM's)
// with short names and their meaning under the table, numbers to 3 significant digits, so it fits a
// ~640 px panel without scrolling or wrapped headers.
import { h } from '../dom';
import { CLASS_TABLE_COLUMNS, classRows, type ViewModel } from '../viewModel';
import { formatNumber } from '../../src/protocol/format';

type Column = (typeof CLASS_TABLE_COLUMNS)[number];

const HEADINGS: Record<Column, string> = {
  class: 'Class',
  name: 'Name',
  count: 'Samples',
  group: 'Group',
  norm_mean_centred: '‖μ_k−μ_G‖',
  norm_classifier: '‖w_k‖',
  mean_cos_classifier_to_others: 'cos w',
  mean_cos_mean_to_others: 'cos μ',
  lpm_norm_w: '‖w*_k‖',
  lpm_norm_h: '‖h*_k‖',
};

const MEANINGS: Partial<Record<Column, string>> = {
  mean_cos_classifier_to_others: 'mean cos(w_k, w_j) over the other classes j',
  mean_cos_mean_to_others: 'mean cos(μ_k − μ_G, μ_j − μ_G) over the other classes j',
  lpm_norm_w: 'the LPM optimum’s classifier norm',
  lpm_norm_h: 'the LPM optimum’s feature norm',
};

const MODEL: Column[] = ['norm_mean_centred', 'norm_classifier', 'mean_cos_classifier_to_others', 'mean_cos_mean_to_others'];
const LPM: Column[] = ['lpm_norm_w', 'lpm_norm_h'];

export interface ClassTableView {
  element: HTMLElement;
  /** Re-renders the rows (the LPM columns follow a what-if). */
  setModel(vm: ViewModel): void;
}

function body(vm: ViewModel, columns: Column[]): HTMLTableSectionElement {
  const cell = (v: string | number | null) => (typeof v === 'number' ? formatNumber(v, 3) : (v ?? '—'));
  return h(
    'tbody',
    {},
    ...classRows(vm).map((r) => h('tr', { class: r.group === 'minority' ? 'minority' : '' }, ...columns.map((c) => h('td', { 'data-column': c }, cell(r[c]))))),
  );
}

export function classTableView(initial: ViewModel): ClassTableView {
  const named = Boolean(initial.report.classNames);
  const lead: Column[] = named ? ['class', 'name', 'count', 'group'] : ['class', 'count', 'group'];
  const columns: Column[] = [...lead, ...MODEL, ...LPM];
  const th = (c: Column, attrs: Record<string, string | number> = {}) => h('th', { scope: 'col', ...(MEANINGS[c] ? { title: MEANINGS[c] } : {}), ...attrs }, HEADINGS[c]);
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      ...lead.map((c) => th(c, { rowspan: 2 })),
      h('th', { scope: 'colgroup', colspan: MODEL.length, class: 'group-head' }, 'model'),
      h('th', { scope: 'colgroup', colspan: LPM.length, class: 'group-head', 'data-lpm-head': '' }, initial.lpm?.whatIf ? 'LPM (what-if)' : 'LPM'),
    ),
    h('tr', {}, ...[...MODEL, ...LPM].map((c) => th(c))),
  );
  let tbody = body(initial, columns);
  const table = h('table', { 'data-table': 'classes' }, head, tbody);
  const element = h(
    'section',
    { class: 'class-table', 'aria-label': 'Per-class table' },
    h('h2', {}, 'Per class'),
    h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Per-class table, scrollable' }, table),
    h('p', { class: 'muted table-note' }, `${[...MODEL, ...LPM].filter((c) => MEANINGS[c]).map((c) => `${HEADINGS[c]}: ${MEANINGS[c]}`).join('; ')}. The CSV export has every digit.`),
  );
  return {
    element,
    setModel(vm) {
      const next = body(vm, columns);
      tbody.replaceWith(next);
      tbody = next;
      const lpmHead = head.querySelector('[data-lpm-head]');
      if (lpmHead) lpmHead.textContent = vm.lpm?.whatIf ? 'LPM (what-if)' : 'LPM';
    },
  };
}

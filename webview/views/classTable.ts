// The per-class table (the same rows as the CSV export).
import { h } from '../dom';
import { CLASS_TABLE_COLUMNS, classRows, type ViewModel } from '../viewModel';
import { formatNumber } from '../../src/protocol/format';

const HEADINGS: Record<(typeof CLASS_TABLE_COLUMNS)[number], string> = {
  class: 'Class',
  name: 'Name',
  count: 'Samples',
  group: 'Group',
  norm_mean_centred: '‖μ_k − μ_G‖',
  norm_classifier: '‖w_k‖',
  mean_cos_classifier_to_others: 'mean cos(w_k, w_j)',
  mean_cos_mean_to_others: 'mean cos(μ_k, μ_j)',
  lpm_norm_w: 'LPM ‖w*_k‖',
  lpm_norm_h: 'LPM ‖h*_k‖',
};

export function classTableView(vm: ViewModel): HTMLElement {
  const rows = classRows(vm);
  const columns = CLASS_TABLE_COLUMNS.filter((c) => c !== 'name' || vm.report.classNames);
  const cell = (v: string | number | null) => (typeof v === 'number' ? formatNumber(v) : (v ?? '—'));
  return h(
    'section',
    { class: 'class-table', 'aria-label': 'Per-class table' },
    h('h2', {}, 'Per class'),
    h(
      'div',
      { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Per-class table, scrollable' },
      h(
        'table',
        { 'data-table': 'classes' },
        h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, HEADINGS[c])))),
        h('tbody', {}, ...rows.map((r) => h('tr', { class: r.group === 'minority' ? 'minority' : '' }, ...columns.map((c) => h('td', {}, cell(r[c])))))),
      ),
    ),
  );
}

// Header: what was analysed (model, data, classes), with which backend and conventions. The class counts
// chart is in views/classCharts.ts.
import { balanceText } from '../../src/protocol/balance';
import { h } from '../dom';
import type { ViewModel } from '../viewModel';
import { tag } from '../toolkit';

function fact(name: string, value: string | Node): HTMLElement {
  return h('div', { class: 'fact' }, h('dt', {}, name), h('dd', {}, value));
}

export function headerView(vm: ViewModel): { element: HTMLElement } {
  const r = vm.report;
  const i = r.inspect;
  const model = i.model;
  const modelText = r.meta.lpmOnly
    ? `none: the Layer-Peeled Model optimum itself, features h̄_k and classifiers w_k factored from its Gram matrix (rank ${model.dim})`
    : model.format === 'features'
      ? `features given directly (d = ${model.dim})`
      : `${model.format}, features from ${model.featureLayer ?? '?'}, classifier ${model.classifierLayer ?? '?'} (d = ${model.dim})`;
  const minority = vm.classes.filter((c) => c.minority);
  const dataText =
    `${i.samples.toLocaleString('en')} training samples, K = ${i.classes} classes` +
    `, ${balanceText(vm.classes.map((c) => c.count))}` +
    (minority.length ? `, ${minority.length} minority (${minority.map((c) => c.label).join(', ')})` : '');
  const conv = `global mean ${i.conventions.globalMean === 'unweighted' ? 'μ_G^u (mean of class means)' : 'μ_G^w (sample mean)'}, std with ddof ${i.conventions.ddof}, NC3 squared, NC4 with bias`;
  const facts = h(
    'dl',
    { class: 'facts' },
    fact('Model', modelText),
    fact('Data', dataText),
    fact('Backend', h('span', {}, tag(i.backend.name), ' ', h('span', { class: 'muted' }, i.backend.reason))),
    fact('Conventions', conv),
    fact('Source', h('span', { class: 'muted' }, `${r.meta.source} · ${r.meta.createdAt}${r.meta.toolVersion ? ` · Collapse Lens ${r.meta.toolVersion}` : ''}`)),
  );
  const warnings = i.warnings?.length ? h('ul', { class: 'warnings' }, ...i.warnings.map((w) => h('li', {}, w))) : null;
  const element = h('header', { class: 'report-header' }, h('h1', {}, r.meta.title), h('div', { class: 'header-grid' }, h('div', {}, facts, warnings)));
  return { element };
}

// Header: what was analysed (model, data, classes), with which backend and conventions. The class counts
// chart is in views/classCharts.ts.
import { balanceText } from '../../src/protocol/balance';
import { h } from '../dom';
import type { ViewModel } from '../viewModel';
import { tag } from '../toolkit';
import { indexList, nameList } from '../../src/protocol/classList';

function fact(name: string, value: string | Node): HTMLElement {
  return h('div', { class: 'fact' }, h('dt', {}, name), h('dd', {}, value));
}

/** The last path segment (either separator). */
export function baseName(path: string): string {
  return path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? path;
}

/** The files analysed by name (model folder, data sets), and the full command in a copyable details line. */
function sourceFact(vm: ViewModel): HTMLElement {
  const r = vm.report;
  const data = r.inspect.data;
  const model = /^collapse-lens \S+ ((?:"[^"]*")|\S+)/.exec(r.meta.source)?.[1];
  const files = [
    model && !model.startsWith('--') ? `model ${baseName(model.replace(/^"|"$/g, ''))}` : null,
    data?.train ? `data ${baseName(data.train.path)}` : null,
    data?.test ? `test ${baseName(data.test.path)}` : null,
    data?.ood ? `OOD ${baseName(data.ood.path)}` : null,
  ].filter((f): f is string => f !== null);
  const when = `${r.meta.createdAt}${r.meta.toolVersion ? ` · Collapse Lens ${r.meta.toolVersion}` : ''}`;
  return h(
    'span',
    { 'data-source': '' },
    h('span', {}, files.length ? files.join(', ') : 'see the command'),
    h('span', { class: 'muted' }, ` · ${when}`),
    h('details', { class: 'source-command' }, h('summary', {}, 'command'), h('code', { 'data-command': '' }, r.meta.source)),
  );
}

export function headerView(vm: ViewModel): { element: HTMLElement } {
  const r = vm.report;
  const i = r.inspect;
  const model = i.model;
  const modelText = r.meta.lpmOnly
    ? `none: the Layer-Peeled Model optimum itself, features h̄_k and classifiers w_k factored from its Gram matrix (rank ${model.dim})`
    : model.format === 'features'
      ? `features given directly (d = ${model.dim})`
      : `${model.format}, features from layer “${model.featureLayer ?? '?'}”, classifier layer “${model.classifierLayer ?? '?'}” (d = ${model.dim})`;
  const minority = vm.classes.filter((c) => c.minority);
  const dataText =
    `${i.samples.toLocaleString('en')} training samples, K = ${i.classes} classes` +
    `, ${balanceText(vm.classes.map((c) => c.count))}` +
    (minority.length ? `, ${minority.length} minority (${minority.every((c) => c.label === String(c.index)) ? indexList(minority.map((c) => c.index)) : nameList(minority.map((c) => c.label))})` : '');
  const conv =
    i.conventions.globalMean === 'unweighted'
      ? 'global mean μ_G^u = (1/K) Σ_k μ_k, the unweighted mean of the class means (not μ_G, the sample mean, which the largest classes dominate)'
      : 'global mean μ_G^w = (1/N) Σ_i h_i, the sample mean (dominated by the largest classes)';
  const convText = `${conv}; std with ddof ${i.conventions.ddof}, NC3 squared, NC4 with bias`;
  const facts = h(
    'dl',
    { class: 'facts' },
    fact('Model', modelText),
    fact('Data', dataText),
    fact('Backend', h('span', {}, tag(i.backend.name), ' ', h('span', { class: 'muted' }, i.backend.reason))),
    fact('Conventions', convText),
    fact('Source', sourceFact(vm)),
  );
  // `--minority auto` saying which classes it picked is the normal outcome, not a warning.
  const isInfo = (w: string) => w.startsWith('--minority auto picked ');
  const infos = (i.warnings ?? []).filter(isInfo);
  const real = (i.warnings ?? []).filter((w) => !isInfo(w));
  const notes = infos.length ? h('ul', { class: 'infos', 'data-infos': '' }, ...infos.map((w) => h('li', {}, w))) : null;
  const warnings = real.length ? h('ul', { class: 'warnings', 'data-warnings': '' }, ...real.map((w) => h('li', {}, w))) : null;
  const element = h('header', { class: 'report-header' }, h('h1', {}, r.meta.title), h('div', { class: 'header-grid' }, h('div', {}, facts, notes, warnings)));
  return { element };
}

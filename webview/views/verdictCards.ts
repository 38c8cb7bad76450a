// Verdict cards NC1–NC4 and Minority Collapse (and NC5 when the report has an out-of-distribution set):
// number, plain-language reading, ideal, definition.
import { DEFINITION_TOPICS, type DefinitionTopic } from '../../src/protocol/panel';
import { nc5Verdict } from '../../src/protocol/furtherVerdicts';
import { h } from '../dom';
import type { ViewModel } from '../viewModel';
import { link } from '../toolkit';
import { verdicts, type Verdict } from '../../src/protocol/verdicts';

export function reportVerdicts(vm: ViewModel): Verdict[] {
  const i = vm.report.inspect;
  const lpm = vm.report.lpm;
  const normsW = i.normsClassifiers;
  const all = verdicts(i, {
    testMismatch: i.test ? i.test.nccMismatch : undefined,
    minority: {
      lpmCos: lpm ? lpm.result.cosMinority : undefined,
      threshold: lpm ? lpm.threshold : undefined,
      modelRatio: lpm ? lpm.modelRatio : undefined,
      meanSquaredNormAll: normsW ? normsW.reduce((s, v) => s + v * v, 0) / normsW.length : null,
    },
  });
  const nc5 = nc5Verdict(i, Boolean(i.data?.ood));
  return nc5 ? [...all, nc5] : all;
}

function card(v: Verdict, openDefinition: ((topic: DefinitionTopic) => void) | null): HTMLElement {
  const details = h('details', { class: 'definition' }, h('summary', {}, 'Definition'), h('p', {}, v.definition));
  const topic = DEFINITION_TOPICS.find((t) => t === v.id);
  if (openDefinition && topic) details.append(h('p', {}, link('Open the full definition', () => openDefinition(topic))));
  return h(
    'article',
    { class: `verdict tone-${v.tone}`, 'data-verdict': v.id, 'aria-label': `${v.title}: ${v.display}, ${v.label}` },
    h('h3', {}, v.title),
    h('div', { class: 'verdict-value' }, h('span', { class: 'number' }, v.display), h('span', { class: 'label' }, v.label)),
    h('p', { class: 'reading' }, v.reading),
    h('p', { class: 'ideal muted' }, `Ideal: ${v.ideal}`),
    v.details.length ? h('dl', { class: 'verdict-details' }, ...v.details.flatMap((d) => [h('dt', {}, d.name), h('dd', {}, d.value)])) : null,
    details,
  );
}

export function verdictCardsView(vm: ViewModel, openDefinition: ((topic: DefinitionTopic) => void) | null): HTMLElement {
  return h(
    'section',
    { class: 'verdicts', 'aria-label': 'Verdicts' },
    ...reportVerdicts(vm).map((v) => card(v, openDefinition)),
  );
}

// The panel while an analysis runs: the report's outline in placeholders and the engine's stage, shown
// as soon as the analysis starts (the host opens the panel before the engine answers, then sends the report).
import { h } from '../dom';

export function skeletonView(title: string, stage: string): HTMLElement {
  const block = (cls: string) => h('div', { class: `skeleton-block ${cls}`, 'aria-hidden': 'true' });
  return h(
    'section',
    { class: 'skeleton', 'data-skeleton': '', 'aria-busy': 'true' },
    h('h1', {}, title),
    h('div', { class: 'skeleton-progress', role: 'progressbar', 'aria-label': 'Analysis running' }, h('div', { class: 'skeleton-progress-bar' })),
    h('p', { class: 'muted skeleton-stage', 'aria-live': 'polite' }, stage),
    h('div', { class: 'skeleton-grid' }, block('facts'), block('chart')),
    h('div', { class: 'skeleton-cards' }, block('card'), block('card'), block('card'), block('card')),
  );
}

/** Updates the stage line of a skeleton already on show; false when none is. */
export function updateSkeleton(app: HTMLElement, title: string, stage: string): boolean {
  const skeleton = app.querySelector('[data-skeleton]');
  if (!skeleton || skeleton.querySelector('h1')?.textContent !== title) return false;
  const line = skeleton.querySelector('.skeleton-stage');
  if (line) line.textContent = stage;
  return true;
}

// Panel entry: renders into #app and talks to the host only through typed messages.
import css from './style.css';
import { isToPanelMessage } from '../src/protocol/panel';
import { registerToolkit, tag } from './toolkit';
import { postToHost } from './vscodeApi';

function themeKind(): string {
  return document.body.dataset.vscodeThemeKind ?? 'unknown';
}

function injectStyle(): void {
  const style = document.createElement('style');
  const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.content;
  if (nonce) style.nonce = nonce;
  style.textContent = css;
  document.head.append(style);
}

function render(app: HTMLElement, title: string): void {
  app.replaceChildren();
  const h1 = document.createElement('h1');
  h1.textContent = title;
  const intro = document.createElement('p');
  intro.className = 'muted';
  intro.textContent = 'Neural-collapse and minority-collapse diagnostics for the last layer of a classifier.';
  const card = document.createElement('section');
  card.className = 'card';
  card.setAttribute('aria-label', 'Status');
  card.append('Ready ', tag('no analysis yet'));
  app.append(h1, intro, card);
}

function main(): void {
  injectStyle();
  registerToolkit();
  const app = document.getElementById('app');
  if (!app) throw new Error('Collapse Lens panel: #app element missing from the document');
  render(app, 'Collapse Lens');
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isToPanelMessage(event.data) && event.data.type === 'show') render(app, event.data.title);
  });
  postToHost({ type: 'ready', theme: themeKind() });
}

main();

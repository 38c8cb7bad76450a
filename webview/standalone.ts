// The same bundle as a standalone HTML report (src/core/report/html.ts): no acquireVsCodeApi, the report
// inlined in <script type="application/json" id="collapse-lens-report">, and no VS Code theme around it.
import standaloneCss from './standalone.css';
import { addStyle } from './dom';

export const REPORT_ELEMENT_ID = 'collapse-lens-report';

/** True when the page is a standalone report rather than a VS Code webview. */
export function isStandalone(): boolean {
  return document.getElementById(REPORT_ELEMENT_ID) !== null;
}

/** The inlined report JSON (unvalidated), or an Error saying why it cannot be read. */
export function inlinedReport(): unknown {
  const el = document.getElementById(REPORT_ELEMENT_ID);
  if (!el) return new Error('no inlined report');
  try {
    return JSON.parse(el.textContent ?? '');
  } catch (error) {
    return new Error(`the inlined report is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * The page as it was delivered, before the panel rendered into it: exporting "HTML" from a standalone
 * report saves this, which is the same file again. Browsers hide nonce attributes after parsing, so the
 * nonces are written back from the elements' `nonce` properties, or the copy's script would be blocked.
 */
export function capturePristinePage(): string {
  const clone = document.documentElement.cloneNode(true) as HTMLElement;
  const originals = document.documentElement.querySelectorAll<HTMLElement>('script, style');
  const copies = clone.querySelectorAll<HTMLElement>('script, style');
  originals.forEach((el, i) => {
    if (el.nonce) copies[i].setAttribute('nonce', el.nonce);
  });
  return `<!DOCTYPE html>\n${clone.outerHTML}`;
}

/** Theme for a browser: VS Code's default light/dark colours, following the OS preference. */
export function applyStandaloneTheme(): void {
  addStyle(standaloneCss, 'collapse-lens-standalone-theme');
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = () => {
    document.body.classList.toggle('vscode-dark', media.matches);
    document.body.classList.toggle('vscode-light', !media.matches);
    document.body.dataset.vscodeThemeKind = media.matches ? 'vscode-dark' : 'vscode-light';
  };
  apply();
  media.addEventListener('change', apply);
}

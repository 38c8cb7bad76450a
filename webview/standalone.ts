// The same bundle as a standalone HTML report (src/core/report/html.ts): no acquireVsCodeApi, the report
// inlined in <script type="application/json" id="collapse-lens-report">, and no VS Code theme around it.
import standaloneCss from './standalone.css';
import { addStyle } from './dom';
import { unpackMatrices } from '../src/protocol/packedMatrices';
import { float64FromShuffled } from '../src/protocol/matrixBytes';

export const REPORT_ELEMENT_ID = 'collapse-lens-report';

/** True when the page is a standalone report rather than a VS Code webview. */
export function isStandalone(): boolean {
  return document.getElementById(REPORT_ELEMENT_ID) !== null;
}

/** Must match src/core/report/html.ts MATRICES_ELEMENT_ID: the large matrices, packed (protocol/packedMatrices.ts). */
export const MATRICES_ELEMENT_ID = 'collapse-lens-matrices';

/** The inlined report (unvalidated) with its packed matrices restored, or an Error saying why it cannot be read. */
export async function inlinedReport(): Promise<unknown> {
  const el = document.getElementById(REPORT_ELEMENT_ID);
  if (!el) return new Error('no inlined report');
  let json: unknown;
  try {
    json = JSON.parse(el.textContent ?? '');
  } catch (error) {
    return new Error(`the inlined report is not valid JSON: ${(error as Error).message}`);
  }
  const packed = document.getElementById(MATRICES_ELEMENT_ID);
  if (!packed) return json;
  try {
    return unpackMatrices(json, await gunzipFloat64(packed.textContent ?? ''));
  } catch (error) {
    return new Error(`the matrices inlined in this page cannot be read: ${(error as Error).message}`);
  }
}

/** base64 → gzip → byte-shuffled float64 little-endian values (protocol/matrixBytes.ts). */
async function gunzipFloat64(base64: string): Promise<Float64Array> {
  if (typeof DecompressionStream === 'undefined') throw new Error('this browser has no DecompressionStream; open the page in a current Chrome, Edge, Firefox or Safari');
  const binary = atob(base64.trim());
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const buffer = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
  return float64FromShuffled(new Uint8Array(buffer));
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

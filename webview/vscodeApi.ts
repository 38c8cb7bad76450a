// Typed access to the webview host API (acquireVsCodeApi may be called once per page).
import type { FromPanelMessage, PanelState } from '../src/protocol/panel';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

/** Undefined when the bundle runs outside VS Code (the standalone HTML report). */
export function vscodeApi(): VsCodeApi | undefined {
  if (api) return api;
  if (typeof acquireVsCodeApi === 'function') api = acquireVsCodeApi();
  return api;
}

export function postToHost(message: FromPanelMessage): void {
  vscodeApi()?.postMessage(message);
}

/** The state VS Code kept for this panel (unvalidated: check with isPanelState). */
export function loadState(): unknown {
  return vscodeApi()?.getState();
}

export function saveState(state: PanelState): void {
  vscodeApi()?.setState(state);
}

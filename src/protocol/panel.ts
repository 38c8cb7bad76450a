// Messages between the extension host and the diagnostics webview (both directions).
import { hasType, isRecord, isString } from './guards';

/** Webview → host: the webview script has loaded and can receive data. */
export interface ReadyMessage {
  type: 'ready';
  /** Theme kind the webview sees (`vscode-light`, `vscode-dark`, `vscode-high-contrast`, …). */
  theme: string;
}

export type FromPanelMessage = ReadyMessage;

/** Host → webview: something to show. */
export interface ShowMessage {
  type: 'show';
  title: string;
}

export type ToPanelMessage = ShowMessage;

export function isReadyMessage(value: unknown): value is ReadyMessage {
  return hasType(value, 'ready') && isString(value.theme);
}

export function isFromPanelMessage(value: unknown): value is FromPanelMessage {
  return isReadyMessage(value);
}

export function isShowMessage(value: unknown): value is ShowMessage {
  return hasType(value, 'show') && isString(value.title);
}

export function isToPanelMessage(value: unknown): value is ToPanelMessage {
  return isRecord(value) && isShowMessage(value);
}

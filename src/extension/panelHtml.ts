// The webview document inside VS Code: the panel page with the webview's CSP source and the bundle
// inlined under the page's nonce (src/core/report/page.ts has the policy). Inlined rather than loaded
// from dist/ through asWebviewUri: code-server's resource service worker intermittently fails to take a
// new webview frame, its request for the script then goes to the real *.vscode-cdn.net host and the panel
// stays blank (microsoft/vscode#326544, coder/code-server#7892; 3 of 8 UI runs here). An inlined bundle
// needs no request at all.
import * as vscode from 'vscode';
import { scriptSafeJs } from '../core/report/html';
import { createNonce, panelPage } from '../core/report/page';

export interface PanelHtmlOptions {
  cspSource: string;
  /** The text of dist/webview.js. */
  script: string;
  title: string;
}

export function panelHtml({ cspSource, script, title }: PanelHtmlOptions, nonce = createNonce()): string {
  return panelPage({ nonce, title, source: cspSource, scripts: `<script nonce="${nonce}">${scriptSafeJs(script)}</script>` });
}

/** The panel bundle as built (read each time: a rebuilt bundle shows on the next panel or reload). */
export async function webviewScript(extensionUri: vscode.Uri): Promise<string> {
  const uri = vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js');
  const fix = 'reinstall Collapse Lens, or run `npm run build` in its folder';
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (e) {
    throw new Error(`cannot read the panel's script ${uri.fsPath} (${e instanceof Error ? e.message : String(e)}); ${fix}`);
  }
  const text = new TextDecoder().decode(bytes);
  if (text.trim().length === 0) throw new Error(`the panel's script ${uri.fsPath} is empty; ${fix}`);
  return text;
}

// The webview document inside VS Code: the panel page with the webview's CSP source and the bundle
// loaded from the extension's dist/ (src/core/report/page.ts has the policy).
import { createNonce, panelPage } from '../core/report/page';

export interface PanelHtmlOptions {
  cspSource: string;
  scriptUri: string;
  title: string;
}

export function panelHtml({ cspSource, scriptUri, title }: PanelHtmlOptions, nonce = createNonce()): string {
  return panelPage({ nonce, title, source: cspSource, scripts: `<script nonce="${nonce}" src="${scriptUri}"></script>` });
}

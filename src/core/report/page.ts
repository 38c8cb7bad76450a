// The one HTML document shape the panel bundle runs in, inside VS Code (scripts from the extension, its
// webview CSP source) and standalone (everything inlined, no network at all). Both: a per-load nonce for
// the scripts, no eval, and the nonce published for the toolkit's and Plot's <style> elements.
import { randomBytes } from 'node:crypto';

export function createNonce(): string {
  return randomBytes(18).toString('base64url');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface PageOptions {
  nonce: string;
  title: string;
  /** The webview's `cspSource`; absent for the standalone report, which loads nothing. */
  source?: string;
  generator?: string;
  /** What follows `<main id="app">`: the script element(s), already safe to inline. */
  scripts: string;
}

export function contentSecurityPolicy(nonce: string, source?: string): string {
  const from = source ? `${source} ` : '';
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${from}'unsafe-inline'`,
    `img-src ${from}data: blob:`,
    ...(source ? [`font-src ${source}`] : []),
  ].join('; ');
}

export function panelPage({ nonce, title, source, generator, scripts }: PageOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(nonce, source)}">
<meta property="csp-nonce" content="${nonce}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${generator ? `<meta name="generator" content="${escapeHtml(generator)}">\n` : ''}<title>${escapeHtml(title)}</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
${scripts}
</body>
</html>
`;
}

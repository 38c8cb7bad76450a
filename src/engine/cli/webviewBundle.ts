// Where dist/webview.js is, for the standalone HTML report: beside the CLI bundle (dist/cli.js), or in
// the repository's dist/ when running from tests.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function readWebviewBundle(): string {
  const candidates = [join(__dirname, 'webview.js'), join(__dirname, '..', 'dist', 'webview.js'), join(process.cwd(), 'dist', 'webview.js')];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`the panel bundle webview.js was not found (looked in ${candidates.join(', ')}); run "npm run build"`);
  return readFileSync(found, 'utf8');
}

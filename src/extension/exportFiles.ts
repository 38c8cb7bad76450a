// Saves what the panel exports (chart SVG/PNG, result JSON, class table CSV, standalone HTML report) to
// a file the user picks. The HTML report is built here from dist/webview.js and the report JSON, with the
// same function the CLI's --html uses.
import * as vscode from 'vscode';
import type { ExportMessage } from '../protocol/panel';
import { isAnalysisReport } from '../protocol/report';
import { reportHtml } from '../core/report/html';
import { webviewScript } from './panelHtml';
import type { Services } from './services';

const FILTERS: Record<ExportMessage['format'], Record<string, string[]>> = {
  svg: { 'SVG image': ['svg'] },
  png: { 'PNG image': ['png'] },
  json: { JSON: ['json'] },
  csv: { CSV: ['csv'] },
  html: { 'HTML report': ['html'] },
};

export async function exportBytes(s: Services, message: Pick<ExportMessage, 'format' | 'data' | 'encoding'>): Promise<Uint8Array> {
  if (message.format === 'html') {
    const report: unknown = JSON.parse(message.data);
    if (!isAnalysisReport(report)) throw new Error('the report to export is not a valid Collapse Lens report');
    return new TextEncoder().encode(reportHtml(report, await webviewScript(s.context.extensionUri)));
  }
  return message.encoding === 'base64' ? Buffer.from(message.data, 'base64') : new TextEncoder().encode(message.data);
}

/** Asks where to save, writes the file, returns its path (undefined when the user cancelled). */
export async function saveExport(s: Services, message: ExportMessage, target?: vscode.Uri): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, message.name) : undefined,
      filters: FILTERS[message.format],
      saveLabel: 'Export',
    }));
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, await exportBytes(s, message));
  s.log.info(`exported ${message.format} to ${uri.fsPath}`);
  return uri.fsPath;
}

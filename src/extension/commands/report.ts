// Export Report…: the last analysis as a standalone HTML report or JSON.
import * as vscode from 'vscode';
import { DiagnosticsPanel } from '../panel';
import { saveExport } from '../exportFiles';
import type { Services } from '../services';

export async function exportReport(s: Services, format?: unknown, target?: unknown): Promise<string | undefined> {
  const report = DiagnosticsPanel.active?.report ?? s.lastReport;
  if (!report) {
    void vscode.window.showWarningMessage('Collapse Lens: nothing to export yet — run Inspect Model first.');
    return undefined;
  }
  const pick =
    format === 'html' || format === 'json'
      ? format
      : (await vscode.window.showQuickPick(
          [
            { label: 'Standalone HTML report', description: 'opens offline in any browser', format: 'html' as const },
            { label: 'JSON', description: 'the whole result', format: 'json' as const },
          ],
          { title: 'Export the analysis as' },
        ))?.format;
  if (!pick) return undefined;
  const name = `collapse-lens-${report.meta.title.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'report'}.${pick}`;
  const saved = await saveExport(s, { type: 'export', id: 0, format: pick, name, data: JSON.stringify(report, null, 2), encoding: 'utf8' }, target instanceof vscode.Uri ? target : undefined);
  if (saved) void tellSaved(s, vscode.Uri.file(saved));
  return saved;
}

export const OPEN = 'Open';
export const REVEAL = 'Reveal in Explorer';

/** Says where the report went, with Open and Reveal (the Explorer inside the workspace, the OS's file manager outside). */
async function tellSaved(s: Services, file: vscode.Uri): Promise<void> {
  const inWorkspace = vscode.workspace.getWorkspaceFolder(file) !== undefined;
  const where = inWorkspace ? vscode.workspace.asRelativePath(file) : file.fsPath;
  const text = `Collapse Lens: report saved to ${where}`;
  const actions = [OPEN, REVEAL];
  s.notices.fire({ text, actions });
  const pick = await vscode.window.showInformationMessage(text, ...actions);
  if (pick === OPEN) await vscode.commands.executeCommand('vscode.open', file);
  if (pick === REVEAL) await vscode.commands.executeCommand(inWorkspace ? 'revealInExplorer' : 'revealFileInOS', file);
}

export function registerReportCommands(s: Services): vscode.Disposable[] {
  return [vscode.commands.registerCommand('collapseLens.exportReport', (format?: unknown, target?: unknown) => exportReport(s, format, target))];
}

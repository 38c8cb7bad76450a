// The what-if re-fit runs in the engine on the report the panel shows. The report goes to the engine
// as a file (written once per report into the extension's storage), as `collapse-lens whatif --report`.
import * as vscode from 'vscode';
import type { EngineJob } from '../protocol/engine';
import type { AnalysisReport } from '../protocol/report';
import type { Services } from './services';

const written = new WeakMap<AnalysisReport, string>();

export async function reportFile(s: Services, report: AnalysisReport): Promise<string> {
  const known = written.get(report);
  if (known) return known;
  const dir = vscode.Uri.joinPath(s.context.globalStorageUri, 'reports');
  await vscode.workspace.fs.createDirectory(dir);
  const file = vscode.Uri.joinPath(dir, `report-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.json`);
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify(report)));
  written.set(report, file.fsPath);
  return file.fsPath;
}

export async function whatIfJob(s: Services, report: AnalysisReport, oversample: number, ehew: number): Promise<EngineJob<'whatif'>> {
  return { command: 'whatif', args: ['--report', await reportFile(s, report), '--oversample', String(oversample), '--ehew', String(ehew)] };
}

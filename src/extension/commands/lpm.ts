// Fit Layer-Peeled Model…: class counts (from the last analysis, or typed) and budgets, solved in the
// engine; the panel shows the LPM optimum measured with the same metrics as a trained model.
import * as vscode from 'vscode';
import { InputError } from '../../core/errors';
import { parseCounts as parseCountList } from '../../core/lpm/problem';
import type { AnalysisReport } from '../../protocol/report';
import { showPanel } from './analyze';
import { askSteps } from '../inputSteps';
import type { Services } from '../services';

export interface LpmRequest {
  counts: number[];
  eh: number;
  ew: number;
}

/** The typed counts, or what is wrong with them (the same rule as the CLI's --counts, core/lpm/problem.ts). */
export function parseCounts(text: string): number[] | string {
  try {
    return parseCountList(text);
  } catch (error) {
    if (error instanceof InputError) return `Counts: ${error.message}, e.g. 5000,5000,50,50`;
    throw error;
  }
}

function positive(text: string): string | undefined {
  const v = Number(text);
  return Number.isFinite(v) && v > 0 ? undefined : 'Must be a positive number';
}

async function askRequest(s: Services): Promise<LpmRequest | undefined> {
  const last = s.lastReport;
  const answers = await askSteps([
    {
      title: 'Layer-Peeled Model: samples per class',
      prompt: 'Comma-separated counts n_1,…,n_K (the defaults are the last analysed model’s)',
      value: last ? last.inspect.counts.join(',') : '5000,5000,5000,5000,5000,50,50,50,50,50',
      validate: (t) => {
        const c = parseCounts(t);
        return typeof c === 'string' ? c : undefined;
      },
    },
    { title: 'Layer-Peeled Model: feature budget E_H', prompt: 'mean over classes of (1/n_k) Σ‖h_i‖²', value: String(last?.lpm?.budgets.eh ?? 5), validate: positive },
    { title: 'Layer-Peeled Model: classifier budget E_W', prompt: 'mean over classes of ‖w_k‖²', value: String(last?.lpm?.budgets.ew ?? 1), validate: positive },
  ]);
  if (!answers) return undefined;
  const [countsText, eh, ew] = answers;
  return { counts: parseCounts(countsText) as number[], eh: Number(eh), ew: Number(ew) };
}

function isLpmRequest(value: unknown): value is LpmRequest {
  const v = value as LpmRequest;
  return typeof value === 'object' && value !== null && Array.isArray(v.counts) && typeof v.eh === 'number' && typeof v.ew === 'number';
}

export async function fitLpm(s: Services, given?: unknown): Promise<AnalysisReport | undefined> {
  const request = isLpmRequest(given) ? given : await askRequest(s);
  if (!request) return undefined;
  const args = ['--lpm-only', '--counts', request.counts.join(','), '--eh', String(request.eh), '--ew', String(request.ew)];
  const result = await s.runner.run('Fitting the Layer-Peeled Model', { command: 'report', args });
  if (result === undefined) return undefined;
  const report = result;
  s.reports.fire(report);
  showPanel(s, report);
  // Ticks the walkthrough's LPM step: a fit finished (pressing the step's button alone does not).
  void vscode.commands.executeCommand('setContext', 'collapseLens.lpmFitted', true);
  return report;
}

export function registerLpmCommands(s: Services): vscode.Disposable[] {
  return [vscode.commands.registerCommand('collapseLens.fitLpm', (given?: unknown) => fitLpm(s, given))];
}

// Fit Layer-Peeled Model…: class counts (from the last analysis, or typed) and budgets, solved in the
// engine; the panel shows the LPM optimum measured with the same metrics as a trained model.
import * as vscode from 'vscode';
import { InputError } from '../../core/errors';
import { parseCounts as parseCountList } from '../../core/lpm/problem';
import type { AnalysisReport } from '../../protocol/report';
import { showPanel } from './analyze';
import { DiagnosticsPanel } from '../panel';
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

/** A budget as the input box shows it: 4 significant digits (40.99, not 40.986742116650035). */
export function roundedBudget(value: number): string {
  return String(+value.toPrecision(4));
}

/** The model whose counts, budgets, class names and minority the fit starts from: the model's panel's, else the last analysed. */
function modelReport(s: Services): AnalysisReport | undefined {
  const shown = DiagnosticsPanel.get('report')?.report;
  return shown && !shown.meta.lpmOnly ? shown : s.lastReport;
}

async function askRequest(base: AnalysisReport | undefined): Promise<LpmRequest | undefined> {
  const answers = await askSteps([
    {
      title: 'Layer-Peeled Model: samples per class',
      prompt: base ? `Comma-separated counts n_1,…,n_K (the defaults are those of ${base.meta.title})` : 'Comma-separated counts n_1,…,n_K',
      value: base ? base.inspect.counts.join(',') : '5000,5000,5000,5000,5000,50,50,50,50,50',
      validate: (t) => {
        const c = parseCounts(t);
        return typeof c === 'string' ? c : undefined;
      },
    },
    { title: 'Layer-Peeled Model: feature budget E_H', prompt: 'mean over classes of (1/n_k) Σ‖h_i‖²', value: roundedBudget(base?.lpm?.budgets.eh ?? 5), validate: positive },
    { title: 'Layer-Peeled Model: classifier budget E_W', prompt: 'mean over classes of ‖w_k‖²', value: roundedBudget(base?.lpm?.budgets.ew ?? 1), validate: positive },
  ]);
  if (!answers) return undefined;
  const [countsText, eh, ew] = answers;
  return { counts: parseCounts(countsText) as number[], eh: Number(eh), ew: Number(ew) };
}

function isLpmRequest(value: unknown): value is LpmRequest {
  const v = value as LpmRequest;
  return typeof value === 'object' && value !== null && Array.isArray(v.counts) && typeof v.eh === 'number' && typeof v.ew === 'number';
}

/**
 * The engine's arguments. With as many classes as the model's, its class names carry over (the classes are
 * the model's, by index); with its very counts also its minority classes, and the title names the model.
 */
export function lpmArgs(request: LpmRequest, base: AnalysisReport | undefined): string[] {
  const args = ['--lpm-only', '--counts', request.counts.join(','), '--eh', String(request.eh), '--ew', String(request.ew)];
  if (!base || base.inspect.counts.length !== request.counts.length) return args;
  if (base.classNames) args.push('--class-names', base.classNames.join(','));
  if (base.inspect.counts.every((n, k) => n === request.counts[k])) {
    args.push('--minority', base.inspect.minority?.classes.length ? base.inspect.minority.classes.join(',') : 'none');
    args.push('--title', `Layer-Peeled Model at the counts of ${base.meta.title} (K = ${request.counts.length}, E_H·E_W = ${+(request.eh * request.ew).toPrecision(4)})`);
  }
  return args;
}

export async function fitLpm(s: Services, given?: unknown): Promise<AnalysisReport | undefined> {
  const base = modelReport(s);
  const request = isLpmRequest(given) ? given : await askRequest(base);
  if (!request) return undefined;
  // Its panel (beside the model's) shows the skeleton at once, then the report.
  const skeleton = DiagnosticsPanel.show(s.context.extensionUri, s.onPanelMessage, s.log, 'lpm').analysing('Fitting the Layer-Peeled Model');
  const result = await s.runner.run('Fitting the Layer-Peeled Model', { command: 'report', args: lpmArgs(request, base) }, [], skeleton.stage);
  if (result === undefined) {
    skeleton.failed();
    return undefined;
  }
  const report = result;
  s.reports.fire(report);
  // Its own panel, beside the model's (showPanel: the LPM slot).
  showPanel(s, report);
  // Ticks the walkthrough's LPM step: a fit finished (pressing the step's button alone does not).
  void vscode.commands.executeCommand('setContext', 'collapseLens.lpmFitted', true);
  return report;
}

export function registerLpmCommands(s: Services): vscode.Disposable[] {
  return [vscode.commands.registerCommand('collapseLens.fitLpm', (given?: unknown) => fitLpm(s, given))];
}

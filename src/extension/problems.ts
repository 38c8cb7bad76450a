// Writes the verdicts of a check to the Problems view as diagnostics on the model.json, severity by
// how far from collapse (NC) or how collapsed the minorities are. A re-run replaces them.
import * as vscode from 'vscode';
import type { AnalysisReport } from '../protocol/report';
import type { Tone, Verdict } from '../protocol/verdicts';
import { minorityVerdict, verdicts } from '../protocol/verdicts';

export type CheckKind = 'neural' | 'minority';

const SEVERITY: Record<Tone, vscode.DiagnosticSeverity | undefined> = {
  good: vscode.DiagnosticSeverity.Information,
  warn: vscode.DiagnosticSeverity.Warning,
  bad: vscode.DiagnosticSeverity.Error,
  none: undefined,
};

/** The verdicts a check reports: NC1–NC4, or the minority-collapse one. */
export function checkVerdicts(report: AnalysisReport, kind: CheckKind): Verdict[] {
  const inspect = report.inspect;
  const minority = {
    threshold: report.lpm?.threshold ?? null,
    modelRatio: report.lpm?.modelRatio ?? null,
    lpmCos: report.lpm?.result.cosMinority ?? null,
  };
  if (kind === 'minority') return [minorityVerdict(inspect, minority)];
  return verdicts(inspect, { testMismatch: inspect.test?.nccMismatch ?? null, minority }).filter((v) => v.id !== 'minority');
}

export function verdictLine(v: Verdict): string {
  return `${v.title}: ${v.display} — ${v.label}. ${v.reading}`;
}

export class CollapseProblems implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('collapse-lens');

  /** Replaces this check's diagnostics on the model file; the other check's stay. */
  set(model: vscode.Uri, kind: CheckKind, found: Verdict[]): vscode.Diagnostic[] {
    const keep = (this.collection.get(model) ?? []).filter((d) => d.code !== kind);
    const range = new vscode.Range(0, 0, 0, 1);
    const fresh = found.flatMap((v) => {
      const severity = SEVERITY[v.tone];
      if (severity === undefined) return [];
      const d = new vscode.Diagnostic(range, verdictLine(v), severity);
      d.source = 'Collapse Lens';
      d.code = kind;
      return [d];
    });
    this.collection.set(model, [...keep, ...fresh]);
    return fresh;
  }

  clear(model: vscode.Uri, kind: CheckKind): void {
    this.collection.set(model, (this.collection.get(model) ?? []).filter((d) => d.code !== kind));
  }

  dispose(): void {
    this.collection.dispose();
  }
}

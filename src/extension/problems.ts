// Writes the verdicts of a check to the Problems view as diagnostics on the classifier layer's entry
// in model.json (line 1 when it is not found). Not being collapsed is not an error: the severity is
// Information unless collapseLens.problems.severity says otherwise (problemsPlace.ts). A re-run
// replaces them.
import * as vscode from 'vscode';
import type { AnalysisReport } from '../protocol/report';
import type { Verdict } from '../protocol/verdicts';
import { minorityVerdict, verdicts } from '../protocol/verdicts';
import { classifierEntrySpan, isSeverityName, severityFor, type SeverityName } from './problemsPlace';

export type CheckKind = 'neural' | 'minority';

const SEVERITY: Record<SeverityName, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function configuredSeverity(scope?: vscode.Uri): SeverityName {
  const value = vscode.workspace.getConfiguration('collapseLens', scope).get<string>('problems.severity', 'information');
  return isSeverityName(value) ? value : 'information';
}

/** The range of the classifier layer's entry in the model file, or line 1 when there is none. */
export async function classifierRange(model: vscode.Uri, layer: string | null): Promise<vscode.Range> {
  try {
    const doc = await vscode.workspace.openTextDocument(model);
    const span = classifierEntrySpan(doc.getText(), layer);
    if (span) return new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end));
  } catch {
    // Unreadable now: line 1, as before.
  }
  return new vscode.Range(0, 0, 0, 1);
}

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
  set(model: vscode.Uri, kind: CheckKind, found: Verdict[], range = new vscode.Range(0, 0, 0, 1), configured: SeverityName = 'information'): vscode.Diagnostic[] {
    const keep = (this.collection.get(model) ?? []).filter((d) => d.code !== kind);
    const fresh = found.flatMap((v) => {
      const severity = severityFor(v.tone, configured);
      if (severity === undefined) return [];
      const d = new vscode.Diagnostic(range, verdictLine(v), SEVERITY[severity]);
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

// A model as a person reads it: a read-only markdown document (a virtual document of its own scheme)
// with the model's layers, shapes and the classifier the analysis uses, from the engine's `summary`
// command; the editor's title bar has the Inspect action (package.json, editor/title). The walkthrough's
// first step opens it instead of the model.json itself (one minified line, often outside the workspace).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { modelSummaryMarkdown } from '../protocol/modelSummary';
import type { Services } from './services';
import { resolveModel } from './commands/analyze';

export const SUMMARY_SCHEME = 'collapse-lens-summary';

/** Headings given to summaries (a bundled sample's title), by model URI. */
const titles = new Map<string, string>();

/** The summary document of a model: `<folder> model summary.md` beside it, the model's URI in the query. */
export function summaryUri(model: vscode.Uri): vscode.Uri {
  const folder = path.posix.dirname(model.path);
  return vscode.Uri.from({ scheme: SUMMARY_SCHEME, path: `${folder}/${path.posix.basename(folder)} model summary.md`, query: model.toString() });
}

/** The model a summary document describes (undefined for any other URI). */
export function modelOfSummary(uri: vscode.Uri): vscode.Uri | undefined {
  if (uri.scheme !== SUMMARY_SCHEME || !uri.query) return undefined;
  try {
    return vscode.Uri.parse(uri.query, true);
  } catch {
    return undefined;
  }
}

class SummaryProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly s: Services) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const model = modelOfSummary(uri);
    if (!model) return `# Not a model summary\n\n${uri.toString()}\n`;
    const title = titles.get(model.toString()) ?? `Model summary: ${vscode.workspace.asRelativePath(model)}`;
    try {
      const summary = await this.s.runner.engine.run({ command: 'summary', args: [model.fsPath] });
      return modelSummaryMarkdown(summary, title);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.s.log.error(`summary of ${model.fsPath} failed: ${message}`);
      return `# ${title}\n\nCollapse Lens could not read this model:\n\n    ${message.split('\n').join('\n    ')}\n`;
    }
  }
}

/** Opens the summary of a model (read-only, preview tab); `title` names it (e.g. a bundled sample's title). */
export async function showModelSummary(model: vscode.Uri, title?: string): Promise<vscode.TextEditor> {
  if (title) titles.set(model.toString(), title);
  const doc = await vscode.workspace.openTextDocument(summaryUri(model));
  return vscode.window.showTextDocument(doc, { preview: true });
}

export function registerModelSummary(s: Services): vscode.Disposable[] {
  return [
    vscode.workspace.registerTextDocumentContentProvider(SUMMARY_SCHEME, new SummaryProvider(s)),
    vscode.commands.registerCommand('collapseLens.showModelSummary', async (arg?: unknown) => {
      const model = arg instanceof vscode.Uri ? (modelOfSummary(arg) ?? arg) : await resolveModel(s);
      if (model) await showModelSummary(model);
    }),
  ];
}

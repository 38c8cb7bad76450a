// What the extension does with the panel's messages: what-if re-fits through the engine, exports to
// files the user picks, definitions opened in the docs.
import * as vscode from 'vscode';
import type { ExportMessage, FromPanelMessage, LpmUpdateOk, WhatIfMessage } from '../protocol/panel';
import type { DiagnosticsPanel } from './panel';
import type { Services } from './services';
import { saveExport } from './exportFiles';
import { whatIfJob } from './whatIf';

export function handlePanelMessage(s: Services, message: FromPanelMessage, panel: DiagnosticsPanel): void {
  switch (message.type) {
    case 'ready':
      s.log.info(`panel ready (${message.theme}${message.hasReport ? ', restored' : ''})`);
      return;
    case 'whatIf':
      void runWhatIf(s, message, panel);
      return;
    case 'export':
      void runExport(s, message, panel);
      return;
    case 'openDefinition':
      void vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(s.context.extensionUri, 'media', 'docs', `${message.topic}.md`));
      return;
  }
}

async function runWhatIf(s: Services, message: WhatIfMessage, panel: DiagnosticsPanel): Promise<void> {
  const report = panel.report ?? s.lastReport;
  const started = Date.now();
  try {
    if (!report?.lpm) throw new Error('this report has no Layer-Peeled Model to re-fit');
    const job = await whatIfJob(s, report, message.oversample, message.ehew);
    const result = await s.runner.engine.run(job);
    const update: LpmUpdateOk = { ...result, type: 'lpmUpdate', id: message.id, ok: true, oversample: message.oversample, ehew: message.ehew, elapsedMs: Date.now() - started };
    await panel.post(update);
    void vscode.commands.executeCommand('setContext', 'collapseLens.whatIfUsed', true);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    s.log.warn(`what-if failed: ${text}`);
    await panel.post({ type: 'lpmUpdate', id: message.id, ok: false, error: text });
  }
}

async function runExport(s: Services, message: ExportMessage, panel: DiagnosticsPanel): Promise<void> {
  try {
    const path = await saveExport(s, message);
    await panel.post(path ? { type: 'exportResult', id: message.id, ok: true, path } : { type: 'exportResult', id: message.id, ok: false });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    s.log.error(`export failed: ${text}`);
    await panel.post({ type: 'exportResult', id: message.id, ok: false, error: text });
  }
}

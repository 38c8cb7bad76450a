// A status-bar item with the tfjs backend of the last run (shown after the first run only).
import * as vscode from 'vscode';

export class BackendStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('collapseLens.backend', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = 'Collapse Lens backend';
    this.item.command = 'collapseLens.showLog';
  }

  /** `name` is the backend that ran; `reason` says why the better ones were unavailable. */
  update(name: string, reason: string): void {
    const icon = name.startsWith('tensorflow') ? '$(zap)' : '$(chip)';
    this.item.text = `${icon} tfjs: ${name}`;
    this.item.tooltip = new vscode.MarkdownString(`**Collapse Lens backend:** ${name}\n\n${reason}\n\nClick for the log.`);
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}

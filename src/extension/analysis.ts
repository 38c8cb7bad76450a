// Runs an engine job behind a cancellable progress notification and reports failures clearly.
import * as vscode from 'vscode';
import type { EngineCommand, EngineJob, EngineResults } from '../protocol/engine';
import type { Progress } from '../protocol/progress';
import { EngineClient, EngineError } from './engineClient';

export function describeProgress(p: Progress, startedAt: number): string {
  const of = p.total ? `${p.done}/${p.total}` : `${p.done}`;
  const seconds = (Date.now() - startedAt) / 1000;
  const rate = p.samples && seconds > 0.5 ? `, ${Math.round(p.samples / seconds).toLocaleString('en-US')} samples/s` : '';
  const gap = p.gap !== undefined ? `, gap ${p.gap.toExponential(1)}` : '';
  return `${p.stage}: ${of} ${p.unit}${rate}${gap}`;
}

/** A button on the failure message besides "Show Log" (e.g. "Choose Other Data…"). */
export interface FailureAction {
  label: string;
  run: () => unknown;
}

export class AnalysisRunner {
  /** The job currently running (tests cancel through it). */
  current: { job: EngineJob; controller: AbortController } | undefined;

  constructor(
    readonly engine: EngineClient,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /**
   * Runs the job with a progress notification. Resolves to the result, or undefined when the user
   * cancelled or the job failed (the error was shown and logged, with `actions` as its first buttons).
   */
  async run<C extends EngineCommand>(title: string, job: EngineJob<C>, actions: readonly FailureAction[] = [], onStage?: (stage: string) => void): Promise<EngineResults[C] | undefined> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Collapse Lens: ${title}`, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        this.current = { job, controller };
        const startedAt = Date.now();
        let lastFraction = 0;
        this.log.info(`run ${job.command} ${job.args.join(' ')}`);
        try {
          const result = await this.engine.run(job, {
            signal: controller.signal,
            onProgress: (p) => {
              const fraction = p.total ? Math.min(1, p.done / p.total) : lastFraction;
              const message = describeProgress(p, startedAt);
              progress.report({ message, increment: (fraction - lastFraction) * 100 });
              onStage?.(message);
              lastFraction = fraction;
            },
          });
          this.log.info(`${job.command} finished in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
          return result;
        } catch (error) {
          if (error instanceof EngineError && error.cancelled) {
            this.log.info(`${job.command} cancelled`);
            return undefined;
          }
          const message = error instanceof Error ? error.message : String(error);
          this.log.error(`${job.command} failed: ${message}`);
          void vscode.window.showErrorMessage(`Collapse Lens: ${message}`, ...actions.map((a) => a.label), 'Show Log').then((pick) => {
            if (pick === 'Show Log') this.log.show();
            else actions.find((a) => a.label === pick)?.run();
          });
          return undefined;
        } finally {
          if (this.current?.controller === controller) this.current = undefined;
        }
      },
    );
  }
}

// Messages between the extension host and the engine child process (Node IPC channel).
// A job is a CLI command run with `--json` inside the engine, so the extension and the CLI run the
// very same code path and produce the very same result objects.
import type { Progress } from './progress';
import type { InspectResult, LpmResult, MetricsResult, SeliResult, ThresholdResult } from './result';
import type { AnalysisReport } from './report';
import type { ModelSummary } from './modelSummary';
import { isModelSummary } from './modelSummary';
import type { LpmWhatIf } from './panel';
import { lpmResultProblems, reportProblems } from './report';
import { lpmWhatIfProblems } from './panel';
import { hasType, isArrayOf, isFiniteNumber, isRecord, isString } from './guards';

/** Commands the engine accepts from the extension (an allow-list, checked on arrival). */
export const ENGINE_COMMANDS = ['inspect', 'summary', 'metrics', 'lpm', 'threshold', 'seli', 'report', 'whatif'] as const;
export type EngineCommand = (typeof ENGINE_COMMANDS)[number];

/** What each command answers with: `EngineClient.run(job)` resolves to `EngineResults[job.command]`. */
export interface EngineResults {
  inspect: InspectResult;
  summary: ModelSummary;
  metrics: MetricsResult;
  lpm: LpmResult;
  threshold: ThresholdResult;
  seli: SeliResult;
  report: AnalysisReport;
  whatif: LpmWhatIf;
}

export interface EngineJob<C extends EngineCommand = EngineCommand> {
  command: C;
  args: string[];
}

const objectProblems = (value: unknown): string[] => (isRecord(value) ? [] : ['result: must be a JSON object']);

/**
 * Checks a result as it arrives from the engine, naming the failing path (`lpmUpdate.result.gramW[2]…`);
 * the commands whose result has no full validator yet are checked to be objects.
 */
export const ENGINE_RESULT_PROBLEMS: { [C in EngineCommand]: (value: unknown) => string[] } = {
  inspect: objectProblems,
  summary: (value) => (isModelSummary(value) ? [] : ['result: not a model summary {path, format, inputShape, layers, params, head, headProblem, warnings}']),
  metrics: objectProblems,
  lpm: (value) => lpmResultProblems(value, isRecord(value) && Array.isArray(value.gramW) ? value.gramW.length : 0, 'result'),
  threshold: objectProblems,
  seli: objectProblems,
  report: reportProblems,
  whatif: (value) => lpmWhatIfProblems(value, 'result'),
};

export interface RunRequest {
  type: 'run';
  id: number;
  job: EngineJob;
}

export interface CancelRequest {
  type: 'cancel';
  id: number;
}

export type ToEngineMessage = RunRequest | CancelRequest;

export interface EngineReady {
  type: 'ready';
  pid: number;
  version: string;
}

export interface ProgressEvent {
  type: 'progress';
  id: number;
  progress: Progress;
}

export interface ResultEvent {
  type: 'result';
  id: number;
  /** The command's `--json` result, its large matrices replaced by references into `matrices` when that is present. */
  result: unknown;
  /**
   * The large matrices' entries (protocol/packedMatrices.ts), sent as one buffer over the channel's structured
   * clone ('advanced' serialization): a 1000-class report is 434 MB as JSON text and 56 MB packed.
   */
  matrices?: Float64Array;
}

export interface ErrorEvent {
  type: 'error';
  id: number;
  /** One line for users, naming the file and the fault when the input was bad. */
  message: string;
  /** 2 for bad input (as the CLI), 1 for internal errors, 130 for cancelled. */
  exitCode: number;
}

export interface LogEvent {
  type: 'log';
  level: 'info' | 'warn' | 'error';
  message: string;
}

export type FromEngineMessage = EngineReady | ProgressEvent | ResultEvent | ErrorEvent | LogEvent;

export function isEngineJob(value: unknown): value is EngineJob {
  return isRecord(value) && (ENGINE_COMMANDS as readonly unknown[]).includes(value.command) && isArrayOf(value.args, isString);
}

export function isToEngineMessage(value: unknown): value is ToEngineMessage {
  if (hasType(value, 'run')) return isFiniteNumber(value.id) && isEngineJob(value.job);
  if (hasType(value, 'cancel')) return isFiniteNumber(value.id);
  return false;
}

export function isProgress(value: unknown): value is Progress {
  return isRecord(value) && isString(value.stage) && isFiniteNumber(value.done) && isString(value.unit) && (value.gap === undefined || isFiniteNumber(value.gap));
}

export function isFromEngineMessage(value: unknown): value is FromEngineMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
      return isFiniteNumber(value.pid) && isString(value.version);
    case 'progress':
      return isFiniteNumber(value.id) && isProgress(value.progress);
    case 'result':
      return isFiniteNumber(value.id) && 'result' in value && (value.matrices === undefined || value.matrices instanceof Float64Array);
    case 'error':
      return isFiniteNumber(value.id) && isString(value.message) && isFiniteNumber(value.exitCode);
    case 'log':
      return ['info', 'warn', 'error'].includes(value.level as string) && isString(value.message);
    default:
      return false;
  }
}

// Messages between the extension host and the engine child process (Node IPC channel).
// A job is a CLI command run with `--json` inside the engine, so the extension and the CLI run the
// very same code path and produce the very same result objects.
import type { Progress } from './progress';
import { hasType, isArrayOf, isFiniteNumber, isRecord, isString } from './guards';

/** Commands the engine accepts from the extension (an allow-list, checked on arrival). */
export const ENGINE_COMMANDS = ['inspect', 'metrics', 'lpm', 'threshold', 'seli', 'report', 'whatif'] as const;
export type EngineCommand = (typeof ENGINE_COMMANDS)[number];

export interface EngineJob {
  command: EngineCommand;
  args: string[];
}

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
  result: unknown;
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
  return isRecord(value) && isString(value.stage) && isFiniteNumber(value.done) && isString(value.unit);
}

export function isFromEngineMessage(value: unknown): value is FromEngineMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
      return isFiniteNumber(value.pid) && isString(value.version);
    case 'progress':
      return isFiniteNumber(value.id) && isProgress(value.progress);
    case 'result':
      return isFiniteNumber(value.id) && 'result' in value;
    case 'error':
      return isFiniteNumber(value.id) && isString(value.message) && isFiniteNumber(value.exitCode);
    case 'log':
      return ['info', 'warn', 'error'].includes(value.level as string) && isString(value.message);
    default:
      return false;
  }
}

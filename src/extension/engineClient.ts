// Runs analyses in the engine child process (dist/cli.js --engine), forked with the extension host's
// own Node, so heavy work never blocks the extension-host thread. Starts lazily, restarts after a
// crash. Cancel asks the engine to stop the job (`cancel`) and ends the process if it has not stopped
// within a grace period.
import { ChildProcess, fork } from 'node:child_process';
import type { EngineCommand, EngineJob, EngineResults, ToEngineMessage } from '../protocol/engine';
import { ENGINE_RESULT_PROBLEMS, isFromEngineMessage } from '../protocol/engine';
import type { Progress } from '../protocol/progress';
import { PendingReplies } from '../protocol/replies';
import { unpackMatrices } from '../protocol/packedMatrices';

export interface EngineLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface RunOptions {
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
}

/** Starts the grace period after a cancel; `fire` ends the engine. Returns a function that stops the timer. */
export type GraceTimer = (ms: number, fire: () => void) => () => void;

export interface EngineClientOptions {
  env?: NodeJS.ProcessEnv;
  /** How long a cancelled job may take to stop before the engine process is ended (default 500 ms). */
  cancelGraceMs?: number;
  /** The timer for that grace period (tests pass one they fire themselves). */
  graceTimer?: GraceTimer;
}

/** How a cancel ended: the engine stopped the job itself, or the process was ended after the grace period. */
export interface CancelOutcome {
  id: number;
  command: EngineCommand;
  how: 'stopped' | 'killed';
  pid: number | undefined;
}

/** A job failed: bad input (exitCode 2), cancelled (130), engine crash or internal error (1). */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
  get cancelled(): boolean {
    return this.exitCode === 130;
  }
}

export const CANCEL_GRACE_MS = 500;

const realTimer: GraceTimer = (ms, fire) => {
  const timer = setTimeout(fire, ms);
  return () => clearTimeout(timer);
};

interface Job {
  job: EngineJob;
  child: ChildProcess;
  onProgress?: (progress: Progress) => void;
}

interface Cancelling {
  command: EngineCommand;
  child: ChildProcess;
  stopTimer: () => void;
}

export class EngineClient {
  private child: ChildProcess | undefined;
  private readonly pending = new PendingReplies<unknown, Job>();
  /** Cancelled jobs whose end the engine has not confirmed yet (id → grace timer). */
  private readonly cancelling = new Map<number, Cancelling>();
  private readonly cancelListeners = new Set<(outcome: CancelOutcome) => void>();
  private readonly env: NodeJS.ProcessEnv;
  private readonly graceMs: number;
  private readonly graceTimer: GraceTimer;

  constructor(
    private readonly scriptPath: string,
    private readonly log: EngineLog,
    options: EngineClientOptions = {},
  ) {
    this.env = options.env ?? {};
    this.graceMs = options.cancelGraceMs ?? CANCEL_GRACE_MS;
    this.graceTimer = options.graceTimer ?? realTimer;
  }

  /** The running engine's pid (undefined before the first job or after it exited). */
  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }

  /** Called once per cancelled job when it has ended, stopped by the engine or by ending the process. */
  onCancelSettled(listener: (outcome: CancelOutcome) => void): () => void {
    this.cancelListeners.add(listener);
    return () => this.cancelListeners.delete(listener);
  }

  /** Runs `job` in the engine; resolves to its result, checked on arrival against `ENGINE_RESULT_PROBLEMS`. */
  async run<C extends EngineCommand>(job: EngineJob<C>, { onProgress, signal }: RunOptions = {}): Promise<EngineResults[C]> {
    if (signal?.aborted) throw new EngineError('Cancelled', 130);
    // A new job never waits behind a cancelled one that is still stopping: that engine is ended now.
    for (const [id, entry] of [...this.cancelling]) if (entry.child === this.child) this.killAfterGrace(id);
    const child = this.ensureChild();
    const { id, reply } = this.pending.open({ job, child, onProgress });
    signal?.addEventListener('abort', () => this.cancel(id), { once: true });
    this.send(child, { type: 'run', id, job });
    const result = await reply;
    const problems = ENGINE_RESULT_PROBLEMS[job.command](result);
    if (problems.length) {
      this.log.error(`the engine returned an invalid ${job.command} result: ${problems.slice(0, 5).join('; ')}`);
      throw new EngineError(`the engine returned an invalid ${job.command} result (${problems[0]}); see "Collapse Lens: Show Log"`, 1);
    }
    return result as EngineResults[C];
  }

  dispose(): void {
    const child = this.child;
    this.child = undefined;
    child?.kill();
    this.pending.failAll(new EngineError('The Collapse Lens engine was shut down', 1));
  }

  /**
   * The job's promise rejects at once (the user sees the cancel immediately); the engine is asked to
   * stop it, and if it has not within the grace period (a long tfjs op cannot be interrupted), or a new
   * job arrives first, the process is ended — which also releases the wasm heap; the next job then
   * starts a new engine (about 0.3 s).
   */
  private cancel(id: number): void {
    const job = this.pending.fail(id, new EngineError('Cancelled', 130));
    if (!job) return;
    const { child } = job;
    if (child.exitCode !== null || child.signalCode !== null) return;
    this.log.info(`cancelling ${job.job.command} (job ${id}, engine pid ${child.pid})`);
    const entry: Cancelling = { command: job.job.command, child, stopTimer: () => undefined };
    this.cancelling.set(id, entry);
    this.send(child, { type: 'cancel', id });
    entry.stopTimer = this.graceTimer(this.graceMs, () => this.killAfterGrace(id));
  }

  private killAfterGrace(id: number): void {
    const entry = this.cancelling.get(id);
    if (!entry) return;
    this.cancelling.delete(id);
    entry.stopTimer();
    const { child } = entry;
    this.log.info(`${entry.command} had not stopped after the cancel: ending the engine process (pid ${child.pid})`);
    if (child === this.child) this.child = undefined;
    this.pending.failAll(new EngineError('Cancelled together with another job', 130), (j) => j.child === child);
    child.kill('SIGKILL');
    this.settleCancel(id, entry, 'killed');
  }

  private settleCancel(id: number, entry: Cancelling, how: CancelOutcome['how']): void {
    for (const listener of this.cancelListeners) listener({ id, command: entry.command, how, pid: entry.child.pid });
  }

  private send(child: ChildProcess, message: ToEngineMessage): void {
    child.send(message);
  }

  private ensureChild(): ChildProcess {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return this.child;
    const child = fork(this.scriptPath, ['--engine'], {
      execPath: process.execPath,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Structured clone: a result's packed matrices arrive as one Float64Array (protocol/engine.ts ResultEvent).
      serialization: 'advanced',
      env: { ...process.env, ...this.env },
    });
    this.child = child;
    this.log.info(`engine started (pid ${child.pid})`);
    child.stdout?.setEncoding('utf8').on('data', (t: string) => this.log.info(`[engine] ${t.trimEnd()}`));
    child.stderr?.setEncoding('utf8').on('data', (t: string) => this.log.warn(`[engine] ${t.trimEnd()}`));
    child.on('message', (message: unknown) => this.onMessage(message));
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
      const running = this.pending.count((j) => j.child === child);
      if (running) this.log.error(`engine ${how} while ${running} job(s) ran`);
      else this.log.info(`engine ${how}`);
      this.pending.failAll(
        new EngineError(`The Collapse Lens engine stopped unexpectedly: it ${how}. See "Collapse Lens: Show Log"; the next run starts a new engine.`, 1),
        (j) => j.child === child,
      );
      for (const [id, entry] of [...this.cancelling]) {
        if (entry.child !== child) continue;
        this.cancelling.delete(id);
        entry.stopTimer();
        this.settleCancel(id, entry, 'killed');
      }
    });
    child.on('error', (error) => this.log.error(`engine process error: ${error.message}`));
    return child;
  }

  /** A result arrives: its packed matrices (if any) go back in place before the job's reply is answered. */
  private answer(id: number, result: unknown, matrices: Float64Array | undefined): void {
    if (!matrices) {
      this.pending.answer(id, result);
      return;
    }
    try {
      this.pending.answer(id, unpackMatrices(result, matrices));
    } catch (error) {
      this.pending.fail(id, new EngineError(`the engine's result could not be read: ${(error as Error).message}`, 1));
    }
  }

  private onMessage(message: unknown): void {
    if (!isFromEngineMessage(message)) {
      this.log.warn(`ignored a malformed message from the engine: ${JSON.stringify(message)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.log.info(`engine ${message.version} ready (pid ${message.pid})`);
        return;
      case 'log':
        this.log[message.level](`[engine] ${message.message}`);
        return;
      case 'progress':
        this.pending.get(message.id)?.onProgress?.(message.progress);
        return;
      case 'result':
      case 'error': {
        const cancelled = this.cancelling.get(message.id);
        if (cancelled) {
          this.cancelling.delete(message.id);
          cancelled.stopTimer();
          this.log.info(`${cancelled.command} stopped after the cancel`);
          this.settleCancel(message.id, cancelled, 'stopped');
          return;
        }
        if (message.type === 'result') this.answer(message.id, message.result, message.matrices);
        else this.pending.fail(message.id, new EngineError(message.message, message.exitCode));
      }
    }
  }
}

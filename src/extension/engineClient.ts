// Runs analyses in the engine child process (dist/cli.js --engine), forked with the extension host's
// own Node, so heavy work never blocks the extension-host thread. Starts lazily, restarts after a
// crash, and cancels by ending the process.
import { ChildProcess, fork } from 'node:child_process';
import type { EngineJob } from '../protocol/engine';
import { isFromEngineMessage } from '../protocol/engine';
import type { Progress } from '../protocol/progress';

export interface EngineLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface RunOptions {
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
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

interface Pending {
  job: EngineJob;
  resolve: (result: unknown) => void;
  reject: (error: EngineError) => void;
  onProgress?: (progress: Progress) => void;
}

export class EngineClient {
  private child: ChildProcess | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly scriptPath: string,
    private readonly log: EngineLog,
    private readonly env: NodeJS.ProcessEnv = {},
  ) {}

  /** The running engine's pid (undefined before the first job or after it exited). */
  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }

  run(job: EngineJob, { onProgress, signal }: RunOptions = {}): Promise<unknown> {
    if (signal?.aborted) return Promise.reject(new EngineError('Cancelled', 130));
    const child = this.ensureChild();
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { job, resolve, reject, onProgress });
      signal?.addEventListener('abort', () => this.cancel(id, child), { once: true });
      child.send({ type: 'run', id, job });
    });
  }

  dispose(): void {
    const child = this.child;
    this.child = undefined;
    child?.kill();
    this.failAll('The Collapse Lens engine was shut down', 1);
  }

  /**
   * Cancel ends the engine process at once: a job inside a long tfjs op cannot be interrupted, and the
   * wasm heap never shrinks, so a fresh process is both the fastest stop and the memory release. The next
   * job starts a new engine (about 0.3 s).
   */
  private cancel(id: number, child: ChildProcess): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    pending.reject(new EngineError('Cancelled', 130));
    this.log.info(`cancelled ${pending.job.command}: ending the engine process (pid ${child.pid})`);
    if (child === this.child) this.child = undefined;
    this.failAll('Cancelled together with another job', 130);
    child.kill('SIGKILL');
  }

  private ensureChild(): ChildProcess {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return this.child;
    const child = fork(this.scriptPath, ['--engine'], {
      execPath: process.execPath,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
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
      if (this.pending.size) this.log.error(`engine ${how} while ${this.pending.size} job(s) ran`);
      else this.log.info(`engine ${how}`);
      this.failAll(`The Collapse Lens engine stopped unexpectedly: it ${how}. See "Collapse Lens: Show Log"; the next run starts a new engine.`, 1);
    });
    child.on('error', (error) => this.log.error(`engine process error: ${error.message}`));
    return child;
  }

  private failAll(message: string, exitCode: number): void {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new EngineError(message, exitCode));
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
        const p = this.pending.get(message.id);
        if (!p) return;
        this.pending.delete(message.id);
        if (message.type === 'result') p.resolve(message.result);
        else p.reject(new EngineError(message.message, message.exitCode));
      }
    }
  }
}

// The engine process: forked by the extension host, it runs CLI commands with `--json` on request and
// streams progress, results and errors back over the IPC channel. One job at a time; a cancel aborts
// the job's signal, and the extension kills the process if the job does not stop promptly.
import type { EngineJob, FromEngineMessage } from '../protocol/engine';
import type { Progress } from '../protocol/progress';
import { isToEngineMessage } from '../protocol/engine';
import { exitCodeOf, InputError, UsageError } from '../core/errors';
import { COMMANDS } from './cli/registry';

declare const COLLAPSE_LENS_VERSION: string | undefined;

function send(message: FromEngineMessage): void {
  process.send?.(message);
}

/** Runs one job like `collapse-lens <command> <args> --json` and returns its parsed JSON. */
export async function runJob(job: EngineJob, hooks: { signal: AbortSignal; progress: (p: Progress) => void; log: (line: string) => void }): Promise<unknown> {
  const command = COMMANDS.find((c) => c.name === job.command);
  if (!command) throw new UsageError(`the engine has no command "${job.command}"`);
  let stdout = '';
  const args = job.args.includes('--json') ? job.args : [...job.args, '--json'];
  const code = await command.run(args, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => hooks.log(text.trimEnd()),
    interactive: false,
    progress: hooks.progress,
    signal: hooks.signal,
  });
  if (code !== 0) throw new UsageError(`${job.command} exited with code ${code}`);
  try {
    return JSON.parse(stdout);
  } catch {
    throw new Error(`${job.command} did not print JSON: ${stdout.slice(0, 200)}`);
  }
}

export function startEngineServer(): void {
  if (!process.send) {
    process.stderr.write('collapse-lens --engine must be started by the extension (it needs an IPC channel)\n');
    process.exitCode = 2;
    return;
  }
  const running = new Map<number, AbortController>();
  process.on('message', (message: unknown) => {
    if (!isToEngineMessage(message)) {
      send({ type: 'log', level: 'warn', message: `engine ignored a malformed message: ${JSON.stringify(message)?.slice(0, 200)}` });
      return;
    }
    if (message.type === 'cancel') {
      running.get(message.id)?.abort(new DOMException('Cancelled', 'AbortError'));
      return;
    }
    const { id, job } = message;
    const controller = new AbortController();
    running.set(id, controller);
    runJob(job, {
      signal: controller.signal,
      progress: (progress) => send({ type: 'progress', id, progress }),
      log: (line) => line && send({ type: 'log', level: 'info', message: line }),
    })
      .then(
        (result) => send({ type: 'result', id, result }),
        (error: unknown) => {
          const cancelled = controller.signal.aborted;
          const usage = error instanceof InputError;
          const text = error instanceof Error ? (usage || cancelled ? error.message : (error.stack ?? error.message)) : String(error);
          send({ type: 'error', id, message: cancelled ? 'Cancelled' : text, exitCode: cancelled ? 130 : exitCodeOf(error) });
        },
      )
      .finally(() => running.delete(id));
  });
  // The extension host going away closes the channel: leave with it.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', pid: process.pid, version: typeof COLLAPSE_LENS_VERSION === 'string' ? COLLAPSE_LENS_VERSION : 'dev' });
}

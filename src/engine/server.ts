// The engine process: forked by the extension host, it runs CLI commands with `--json` on request and
// streams progress, results and errors back over the IPC channel. One job at a time; a cancel aborts
// the job's signal, and the extension kills the process if the job does not stop promptly.
import type { EngineJob, FromEngineMessage } from '../protocol/engine';
import type { Progress } from '../protocol/progress';
import { isToEngineMessage } from '../protocol/engine';
import { exitCodeOf, InputError, UsageError } from '../core/errors';
import { COMMANDS } from './cli/registry';
import { packMatrices } from '../protocol/packedMatrices';

declare const COLLAPSE_LENS_VERSION: string | undefined;

function send(message: FromEngineMessage): void {
  process.send?.(message);
}

/**
 * Runs one job like `collapse-lens <command> <args> --json` and returns its result as the JSON text would
 * carry it, with the large matrices packed: `result` is what JSON.parse of the rest gives (NaN as null,
 * undefined fields dropped), `matrices` their entries (packMatrices maps null to NaN and back, −0 to 0).
 */
export async function runJob(
  job: EngineJob,
  hooks: { signal: AbortSignal; progress: (p: Progress) => void; log: (line: string) => void },
): Promise<{ result: unknown; matrices?: Float64Array }> {
  const command = COMMANDS.find((c) => c.name === job.command);
  if (!command) throw new UsageError(`the engine has no command "${job.command}"`);
  let value: { v: unknown } | undefined;
  let stdout = '';
  const args = job.args.includes('--json') ? job.args : [...job.args, '--json'];
  const code = await command.run(args, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => hooks.log(text.trimEnd()),
    interactive: false,
    progress: hooks.progress,
    signal: hooks.signal,
    json: (v) => void (value = { v }),
  });
  if (code !== 0) throw new UsageError(`${job.command} exited with code ${code}`);
  if (!value) throw new Error(`${job.command} gave no JSON result${stdout ? `; it printed: ${stdout.slice(0, 200)}` : ''}`);
  const { json, block } = packMatrices(value.v);
  const result: unknown = JSON.parse(JSON.stringify(json) ?? 'null');
  return block.length > 0 ? { result, matrices: block } : { result };
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
        (answer) => send({ type: 'result', id, ...answer }),
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

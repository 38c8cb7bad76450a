// The one way unit tests run the CLI: an in-memory CliIo that records stdout and stderr.
import { runCli } from '../../../src/engine/cli/cli';
import type { CliIo } from '../../../src/engine/cli/command';

/** The longest first line a refusal may have. */
export const REFUSAL_FIRST_LINE_MAX = 250;

export type CaptureOptions = Partial<Pick<CliIo, 'interactive' | 'progress' | 'signal'>>;

/** A CliIo writing into `out` and `err` (not a terminal unless `interactive` is given). */
export function captureIo(options: CaptureOptions = {}): { io: CliIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), interactive: options.interactive ?? false, progress: options.progress, signal: options.signal };
  return { io, out, err };
}

/** `collapse-lens …argv` in process: the exit code and everything printed. */
export async function runCaptured(argv: readonly string[], options: CaptureOptions = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const { io, out, err } = captureIo(options);
  const code = await runCli(argv, io);
  const stderr = err.join('');
  // Every refusal (exit 2) in every test: a first line of at most 250 characters naming the file, the
  // fault and the next step; candidate lists go on the lines after it (issue 18, item 9).
  if (code === 2) {
    const first = stderr.split('\n')[0];
    if (first.length > REFUSAL_FIRST_LINE_MAX) throw new Error(`refusal of "collapse-lens ${argv.join(' ')}" has a first line of ${first.length} > ${REFUSAL_FIRST_LINE_MAX} characters:\n${first}`);
  }
  return { code, stdout: out.join(''), stderr };
}

// The one way unit tests run the CLI: an in-memory CliIo that records stdout and stderr.
import { runCli } from '../../../src/engine/cli/cli';
import type { CliIo } from '../../../src/engine/cli/command';

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
  return { code, stdout: out.join(''), stderr: err.join('') };
}

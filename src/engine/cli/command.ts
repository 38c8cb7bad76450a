// What every CLI subcommand provides. Output goes through `io`, so the same command runs in a
// terminal, in tests (captured), and inside the engine process (structured progress, cancellation).
import type { Progress } from '../../protocol/progress';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal (progress bars only then). */
  interactive: boolean;
  /** Structured progress, when the caller wants it (the engine forwards it to the extension). */
  progress?: (progress: Progress) => void;
  /** Aborted when the caller cancels the run. */
  signal?: AbortSignal;
  /**
   * Takes a `--json` result as the object itself, for a caller in the same process (the engine, which sends
   * its large matrices as one float64 block instead of JSON text); without it the result is printed as JSON.
   */
  json?: (value: unknown) => void;
}

/** A `--json` result: to `io.json` when the caller takes objects, else one line of JSON on stdout. */
export function printJson(io: CliIo, value: unknown): void {
  if (io.json) io.json(value);
  else io.stdout(JSON.stringify(value) + '\n');
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Hidden commands are not listed by --help (used by tests of the engine process). */
  hidden?: boolean;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

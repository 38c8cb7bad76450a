// What every CLI subcommand provides. Output goes through `io` so tests can capture it.
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal (progress bars only then). */
  interactive: boolean;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

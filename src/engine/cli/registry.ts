// Every CLI subcommand, in the order `--help` lists them. Add one line per new command.
import type { CliCommand } from './command';
import { metricsCommand } from './metrics';
import { versionCommand } from './version';

export const COMMANDS: readonly CliCommand[] = [metricsCommand, versionCommand];

// Every CLI subcommand, in the order `--help` lists them. Add one line per new command.
import type { CliCommand } from './command';
import { inspectCommand } from './inspect';
import { metricsCommand } from './metrics';
import { versionCommand } from './version';

export const COMMANDS: readonly CliCommand[] = [inspectCommand, metricsCommand, versionCommand];

// Every CLI subcommand, in the order `--help` lists them. Add one line per new command.
import type { CliCommand } from './command';
import { lpmCommand } from './lpm';
import { seliCommand } from './seli';
import { thresholdCommand } from './threshold';
import { versionCommand } from './version';

export const COMMANDS: readonly CliCommand[] = [
  versionCommand,
  lpmCommand,
  thresholdCommand,
  seliCommand,
];

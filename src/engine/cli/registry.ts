// Every CLI subcommand, in the order `--help` lists them. Add one line per new command.
import type { CliCommand } from './command';
import { inspectCommand } from './inspect';
import { layersCommand } from './layers';
import { lpmCommand } from './lpm';
import { metricsCommand } from './metrics';
import { reportCommand } from './report';
import { sampleCommand } from './sample';
import { seliCommand } from './seli';
import { summaryCommand } from './summary';
import { thresholdCommand } from './threshold';
import { versionCommand } from './version';
import { whatifCommand } from './whatif';

export const COMMANDS: readonly CliCommand[] = [
  inspectCommand,
  summaryCommand,
  reportCommand,
  metricsCommand,
  layersCommand,
  lpmCommand,
  thresholdCommand,
  seliCommand,
  whatifCommand,
  sampleCommand,
  versionCommand,
];

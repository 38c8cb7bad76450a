import { commonOptions, optionHelp, parseArgs } from './args';
import { type CliCommand, printJson } from './command';
import { UsageError } from '../../core/errors';

declare const COLLAPSE_LENS_VERSION: string | undefined;

export const versionCommand: CliCommand = {
  name: 'version',
  summary: 'print the version of Collapse Lens and of Node',
  usage: `collapse-lens version [--json]\n\n${optionHelp({ json: { kind: 'flag', description: 'print {"version", "node"} as JSON' } })}`,
  async run(argv, io) {
    const args = parseArgs(argv, {}, 'version');
    if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const { json } = commonOptions(args);
    const version = typeof COLLAPSE_LENS_VERSION === 'string' ? COLLAPSE_LENS_VERSION : 'dev';
    if (json) printJson(io, { version, node: process.version });
    else io.stdout(`collapse-lens ${version} (node ${process.version})\n`);
    return 0;
  },
};

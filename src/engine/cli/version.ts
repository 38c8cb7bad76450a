import type { CliCommand } from './command';

declare const COLLAPSE_LENS_VERSION: string | undefined;

export const versionCommand: CliCommand = {
  name: 'version',
  summary: 'print the version of Collapse Lens and of Node',
  usage: 'collapse-lens version',
  async run(_argv, io) {
    const version = typeof COLLAPSE_LENS_VERSION === 'string' ? COLLAPSE_LENS_VERSION : 'dev';
    io.stdout(`collapse-lens ${version} (node ${process.version})\n`);
    return 0;
  },
};

// Dispatches `collapse-lens <command> …` to the registered subcommands.
import type { CliCommand, CliIo } from './command';
import { exitCodeOf, InputError } from '../../core/errors';
import { COMMANDS } from './registry';

export function helpText(commands: readonly CliCommand[] = COMMANDS): string {
  const lines = ['Usage: collapse-lens <command> [options]', '', 'Commands:'];
  for (const c of commands.filter((c) => !c.hidden)) lines.push(`  ${c.name.padEnd(12)}${c.summary}`);
  lines.push('', 'Run `collapse-lens <command> --help` for the options of one command.');
  return lines.join('\n');
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(helpText() + '\n');
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`collapse-lens: unknown command "${name}"\n${helpText()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    // The one place bad input becomes a message: every InputError (bad files, arguments, LPM
    // arguments, a backend that would not start) is one line and exit code 2, never a stack trace.
    if (error instanceof InputError) {
      io.stderr(`collapse-lens ${name}: ${error.message}\n`);
      return exitCodeOf(error);
    }
    throw error;
  }
}

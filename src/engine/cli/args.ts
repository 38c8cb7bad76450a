// A small, strict argument parser: `--name value`, `--name=value`, boolean flags, positionals.
// Unknown options are errors, so typos never silently fall back to a default. Messages carry no command
// prefix: runCli prints `collapse-lens <command>: <message>`.
import { UsageError } from './errors';

export interface OptionSpec {
  /** Takes a value (`--features H.npy`) or is a boolean flag (`--json`). */
  kind: 'value' | 'flag';
  description: string;
}

export interface ParsedArgs {
  positionals: string[];
  values: Map<string, string>;
  flags: Set<string>;
}

export function parseArgs(argv: readonly string[], spec: Record<string, OptionSpec>, _command?: string): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], values: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const option = spec[name];
    if (!option) throw new UsageError(`unknown option --${name}`);
    if (option.kind === 'flag') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      parsed.flags.add(name);
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
    parsed.values.set(name, value);
  }
  return parsed;
}

export function optionHelp(spec: Record<string, OptionSpec>): string {
  return Object.entries(spec)
    .map(([name, o]) => `  --${name}${o.kind === 'value' ? ' VALUE' : ''}`.padEnd(28) + o.description)
    .join('\n');
}

/** Parses a finite number option, or throws a UsageError naming the option. */
export function numberOption(args: ParsedArgs, name: string, _command?: string): number | undefined {
  const raw = args.values.get(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new UsageError(`--${name} must be a number, got "${raw}"`);
  return value;
}

// A small, strict argument parser: `--name value`, `--name=value`, boolean flags, positionals.
// Unknown options are errors, so typos never silently fall back to a default. Messages carry no command
// prefix: runCli prints `collapse-lens <command>: <message>`. Every command accepts the common options
// (--json, --quiet, --backend) and reads them with `commonOptions`; the value parsers shared by several
// commands (--minority, --counts, --global-mean, --ddof) live here once.
import { UsageError } from '../../core/errors';
import { LpmArgumentError, parseCounts as parseCountList } from '../../core/lpm/problem';
import type { GlobalMeanConvention } from '../../protocol/result';
import type { BackendPreference } from '../backend';

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

/** The options every command accepts; a command's own spec may word their descriptions for itself. */
export const COMMON_OPTIONS: Record<'json' | 'quiet' | 'backend', OptionSpec> = {
  json: { kind: 'flag', description: 'print one JSON object on stdout' },
  quiet: { kind: 'flag', description: 'no progress bar or progress lines on stderr' },
  backend: { kind: 'value', description: 'tfjs backend: auto (default) | tensorflow | wasm | cpu' },
};

/** The options of the metrics' conventions, read by `parseMinority` and `conventions` (inspect, report, metrics). */
export const METRIC_OPTIONS: Record<'minority' | 'global-mean' | 'ddof', OptionSpec> = {
  minority: { kind: 'value', description: 'minority classes, e.g. 5,6,7, or auto (count ≤ 1/4 of the largest)' },
  'global-mean': { kind: 'value', description: 'unweighted (mean of class means, default) | weighted (sample mean)' },
  ddof: { kind: 'value', description: 'degrees of freedom of std/CV: 0 (default) | 1' },
};

const BACKENDS: readonly BackendPreference[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

function withCommon(spec: Record<string, OptionSpec>): Record<string, OptionSpec> {
  return { ...spec, ...Object.fromEntries(Object.entries(COMMON_OPTIONS).map(([name, o]) => [name, spec[name] ?? o])) };
}

export function parseArgs(argv: readonly string[], spec: Record<string, OptionSpec>, _command?: string): ParsedArgs {
  const full = withCommon(spec);
  const parsed: ParsedArgs = { positionals: [], values: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const option = full[name];
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
  commonOptions(parsed);
  return parsed;
}

export function optionHelp(spec: Record<string, OptionSpec>): string {
  return Object.entries(withCommon(spec))
    .map(([name, o]) => `  --${name}${o.kind === 'value' ? ' VALUE' : ''}`.padEnd(28) + o.description)
    .join('\n');
}

export interface CommonOptions {
  json: boolean;
  quiet: boolean;
  backend: BackendPreference;
}

/** --json, --quiet and --backend, checked (parseArgs already refuses a bad --backend, for every command). */
export function commonOptions(args: ParsedArgs): CommonOptions {
  const backend = args.values.get('backend') ?? 'auto';
  if (!(BACKENDS as readonly string[]).includes(backend)) throw new UsageError(`--backend must be auto, tensorflow, wasm or cpu, got "${backend}"`);
  return { json: args.flags.has('json'), quiet: args.flags.has('quiet'), backend: backend as BackendPreference };
}

/** Parses a finite number option, or throws a UsageError naming the option. */
export function numberOption(args: ParsedArgs, name: string, _command?: string): number | undefined {
  const raw = args.values.get(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new UsageError(`--${name} must be a number, got "${raw}"`);
  return value;
}

/** --minority: a comma-separated list of class indices, `auto` (core/metrics/minority.ts autoMinority) or `none`. */
export function parseMinority(raw: string | undefined): number[] | 'auto' | null {
  if (raw === undefined || raw === '' || raw === 'none') return null;
  if (raw === 'auto') return 'auto';
  return raw.split(',').map((s) => {
    if (!/^\s*\d+\s*$/.test(s)) throw new UsageError(`--minority must be auto, none or a comma-separated list of class indices, got "${raw}"`);
    return Number(s);
  });
}

/** --counts n1,n2,…: at least two positive numbers. */
export function parseCounts(raw: string): number[] {
  try {
    return parseCountList(raw);
  } catch (error) {
    if (error instanceof LpmArgumentError) throw new UsageError(`--counts ${error.message}`);
    throw error;
  }
}

/** --global-mean and --ddof, the conventions of the metrics. */
export function conventions(args: ParsedArgs): { globalMean: GlobalMeanConvention; ddof: 0 | 1 } {
  const globalMean = args.values.get('global-mean') ?? 'unweighted';
  if (globalMean !== 'unweighted' && globalMean !== 'weighted') throw new UsageError(`--global-mean must be unweighted or weighted, got "${globalMean}"`);
  const ddof = args.values.get('ddof') ?? '0';
  if (ddof !== '0' && ddof !== '1') throw new UsageError(`--ddof must be 0 or 1, got "${ddof}"`);
  return { globalMean, ddof: ddof === '1' ? 1 : 0 };
}

// Argument parsing shared by the `lpm`, `threshold` and `seli` commands: the two-level (K, K_A, R) form,
// budgets (--counts: args.ts). Every bad value becomes a UsageError that names the option. Messages carry no
// command prefix: runCli prints `collapse-lens <command>: <message>`.
import { numberOption, parseArgs, type OptionSpec, type ParsedArgs } from './args';
import { UsageError } from '../../core/errors';
import { formatCli } from '../../protocol/format';
import { indexList } from '../../protocol/classList';

export function parseCommandArgs(argv: readonly string[], spec: Record<string, OptionSpec>, command: string): ParsedArgs {
  return parseArgs(argv, spec, command);
}

export function optionalNumber(args: ParsedArgs, name: string, command: string): number | undefined {
  return numberOption(args, name, command);
}

export function requiredNumber(args: ParsedArgs, name: string, command: string, what: string): number {
  const v = optionalNumber(args, name, command);
  if (v === undefined) throw new UsageError(`--${name} (${what}) is required`);
  return v;
}

export function positive(value: number, name: string, what: string): number {
  if (!(value > 0)) throw new UsageError(`--${name} (${what}) must be positive, got ${value}`);
  return value;
}

export function integerOption(args: ParsedArgs, name: string, command: string, what: string): number {
  const v = requiredNumber(args, name, command, what);
  if (!Number.isInteger(v)) throw new UsageError(`--${name} (${what}) must be an integer, got ${v}`);
  return v;
}

/** K and K_A with 2 ≤ K and 1 ≤ K_A < K. */
export function twoLevelShape(args: ParsedArgs, command: string): { classes: number; majority: number } {
  const classes = integerOption(args, 'classes', command, 'number of classes K');
  if (classes < 2) throw new UsageError(`--classes (K) must be at least 2, got ${classes}`);
  const majority = integerOption(args, 'majority', command, 'number of majority classes K_A');
  if (majority < 1 || majority >= classes) throw new UsageError(`--majority (K_A) must satisfy 1 ≤ K_A < K = ${classes}, got ${majority}`);
  return { classes, majority };
}

export function budgets(args: ParsedArgs, command: string): { eh: number; ew: number } {
  return {
    eh: positive(requiredNumber(args, 'eh', command, 'feature budget E_H'), 'eh', 'feature budget E_H'),
    ew: positive(requiredNumber(args, 'ew', command, 'classifier budget E_W'), 'ew', 'classifier budget E_W'),
  };
}

/** The CLI number formatter (protocol/format.ts) at `digits` significant digits; an undefined value reads "undefined". */
export const fmt = (v: number | null | undefined, digits = 6): string => formatCli(v, digits, 'undefined');

export function line(label: string, value: string): string {
  return `${label.padEnd(26)}${value}\n`;
}

/** "0–4" for consecutive runs (protocol/classList.ts). */
export const classList = (classes: readonly number[]): string => indexList(classes);

// `collapse-lens threshold`: the minority-collapse threshold R* of the LPM (theory.md §2.4).
import { minorityCollapseThreshold } from '../../core/lpm/threshold';
import type { ThresholdResult } from '../../protocol/result';
import { commonOptions, optionHelp, type OptionSpec } from './args';
import { type CliCommand, printJson } from './command';
import { UsageError } from '../../core/errors';
import { budgets, fmt, line, parseCommandArgs, twoLevelShape } from './lpmArgs';

const spec: Record<string, OptionSpec> = {
  classes: { kind: 'value', description: 'number of classes K' },
  majority: { kind: 'value', description: 'number of majority classes K_A (K − K_A ≥ 2 minority classes)' },
  eh: { kind: 'value', description: 'feature budget E_H' },
  ew: { kind: 'value', description: 'classifier budget E_W' },
  json: { kind: 'flag', description: 'print the ThresholdResult as JSON' },
};

const NAME = 'threshold';

export function formatThreshold(r: ThresholdResult): string {
  let out = '';
  if (r.ratio === null) {
    out += line('R*', `> ${r.searchedUpTo.toExponential(0).replace('e+', 'e')} (not reached)`);
    out += line('setting', `K = ${r.classes}, K_A = ${r.majority}, K_B = ${r.minority}, E_H·E_W = ${fmt(r.product, 4)}`);
    out += line('reason', r.reason);
    out += line('solves', `${r.solves} in ${(r.seconds * 1000).toFixed(1)} ms`);
    return out;
  }
  out += line('R*', r.ratio.toFixed(6));
  out += line('setting', `K = ${r.classes}, K_A = ${r.majority}, K_B = ${r.minority}, E_H·E_W = ${fmt(r.product, 4)}`);
  out += line('at R*', r.regime === 'zero' ? 'the minority classifiers are 0' : `the minority classifiers share a common vector, ‖w_B‖²/E_W = ${fmt(r.minorityNormW2, 4)}`);
  out += line('check below R*', `R = ${fmt(r.check.below.ratio, 4)}: minority ‖w_i−w_j‖²/E_W = ${fmt(r.check.below.minorityDistance, 3)}`);
  out += line('check above R*', `R = ${fmt(r.check.above.ratio, 4)}: minority ‖w_i−w_j‖²/E_W = ${fmt(r.check.above.minorityDistance, 3)}`);
  out += line('solves', `${r.solves} in ${(r.seconds * 1000).toFixed(1)} ms`);
  return out;
}

export const thresholdCommand: CliCommand = {
  name: NAME,
  summary: 'minority-collapse threshold R* of the LPM for K, K_A and budgets',
  usage: `collapse-lens threshold --classes K --majority KA --eh E_H --ew E_W [--json]\n\n${optionHelp(spec)}`,
  async run(argv, io) {
    const args = parseCommandArgs(argv, spec, NAME);
    if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const shape = twoLevelShape(args, NAME);
    if (shape.classes - shape.majority < 2) throw new UsageError(`minority collapse needs at least 2 minority classes: K − K_A = ${shape.classes - shape.majority}`);
    const b = budgets(args, NAME);
    const result = minorityCollapseThreshold({ ...shape, ...b });
    if (commonOptions(args).json) printJson(io, result);
    else io.stdout(formatThreshold(result));
    return 0;
  },
};

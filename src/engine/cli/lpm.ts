// `collapse-lens lpm`: solve the Layer-Peeled Model for given class counts and budgets (theory.md §2).
import { minorityClasses, oversamplingWeights, twoLevelProblem, validateProblem, type LpmProblem } from '../../core/lpm/problem';
import { solveLpm, wouldUseTfjs, type KernelChoice } from '../../core/lpm/solve';
import { toLpmResult } from '../../core/lpm/summary';
import type { StepRule } from '../../core/lpm/optimiser';
import type { LpmResult } from '../../protocol/result';
import { valueList } from '../../protocol/classList';
import { selectBackend } from '../backend';
import { commonOptions, optionHelp, parseCounts, type CommonOptions, type OptionSpec } from './args';
import { type CliCommand, printJson } from './command';
import { cliProgress } from './progressBar';
import { UsageError } from '../../core/errors';
import { budgets, classList, fmt, integerOption, line, optionalNumber, parseCommandArgs, positive, twoLevelShape } from './lpmArgs';

const spec: Record<string, OptionSpec> = {
  counts: { kind: 'value', description: 'training samples per class, comma-separated (e.g. 5000,5000,50,50)' },
  classes: { kind: 'value', description: 'number of classes K (two-level form, with --majority and --ratio)' },
  majority: { kind: 'value', description: 'number of majority classes K_A (the first K_A classes)' },
  ratio: { kind: 'value', description: 'imbalance ratio R = n_A/n_B' },
  eh: { kind: 'value', description: 'feature budget E_H (required)' },
  ew: { kind: 'value', description: 'classifier budget E_W (required)' },
  oversample: { kind: 'value', description: 'oversampling weight w for the minority classes (R_eff = R/w)' },
  kernel: { kind: 'value', description: 'auto (default) | levels | float64 | tfjs' },
  method: { kind: 'value', description: 'step rule: fista (default) | spg | pg' },
  tolerance: { kind: 'value', description: 'relative certified duality gap to stop at (default 1e-12; 1e-6 on the full kernels above 300 classes)' },
  'max-iterations': { kind: 'value', description: 'iteration cap per start (default 20000)' },
  json: { kind: 'flag', description: 'print the LpmResult as JSON' },
};

const NAME = 'lpm';

function problemFrom(argv: readonly string[]): { problem: LpmProblem; common: CommonOptions; options: { kernel: KernelChoice; method: StepRule; tolerance?: number; maxIterations?: number } } {
  const args = parseCommandArgs(argv, spec, NAME);
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const { eh, ew } = budgets(args, NAME);
  const oversample = optionalNumber(args, 'oversample', NAME);
  if (oversample !== undefined) positive(oversample, 'oversample', 'oversampling weight');
  const rawCounts = args.values.get('counts');
  const twoLevel = ['classes', 'majority', 'ratio'].filter((n) => args.values.has(n));
  let problem: LpmProblem;
  if (rawCounts !== undefined) {
    if (twoLevel.length) throw new UsageError(`give either --counts or --classes/--majority/--ratio, not both (got --counts and --${twoLevel[0]})`);
    const counts = parseCounts(rawCounts);
    problem = { counts, eh, ew };
    if (oversample !== undefined) problem.weights = oversamplingWeights(counts.length, minorityClasses(problem), oversample);
  } else {
    if (!twoLevel.length) throw new UsageError('give the class counts: --counts n1,n2,… or --classes K --majority KA --ratio R');
    const shape = twoLevelShape(args, NAME);
    const ratio = positive(optionalNumber(args, 'ratio', NAME) ?? NaN, 'ratio', 'imbalance ratio R = n_A/n_B');
    problem = twoLevelProblem({ ...shape, ratio, eh, ew, oversample });
  }
  validateProblem(problem);
  const kernel = (args.values.get('kernel') ?? 'auto') as KernelChoice;
  if (!['auto', 'levels', 'float64', 'tfjs'].includes(kernel)) throw new UsageError(`--kernel must be auto, levels, float64 or tfjs, got "${kernel}"`);
  const method = (args.values.get('method') ?? 'fista') as StepRule;
  if (!['fista', 'spg', 'pg'].includes(method)) throw new UsageError(`--method must be fista, spg or pg, got "${method}"`);
  const tolerance = optionalNumber(args, 'tolerance', NAME);
  if (tolerance !== undefined && !(tolerance > 0 && tolerance < 1)) throw new UsageError(`--tolerance must be in (0, 1), got ${tolerance}`);
  const maxIterations = args.values.has('max-iterations') ? integerOption(args, 'max-iterations', NAME, 'iteration cap') : undefined;
  if (maxIterations !== undefined && maxIterations < 1) throw new UsageError(`--max-iterations must be at least 1, got ${maxIterations}`);
  return { problem, common: commonOptions(args), options: { kernel, method, tolerance, maxIterations } };
}

export function formatLpm(r: LpmResult): string {
  const counts = r.counts ?? [];
  const K = counts.length;
  const e = r.budgets ? r.budgets.eh * r.budgets.ew : NaN;
  const cert = r.certificate;
  let out = '';
  out += line('classes', `${K}  counts ${valueList(counts)}`);
  if (r.weights?.some((w) => w !== 1)) out += line('oversampling weights', r.weights.join(','));
  out += line('budgets', `E_H = ${r.budgets?.eh}, E_W = ${r.budgets?.ew} (E_H·E_W = ${fmt(e, 4)})`);
  out += line('objective (per sample)', fmt(r.objective, 10));
  if (r.unresolved) {
    out += line('certificate', `NOT resolved (loss below the float64 range; iterations ${r.iterations} on ${r.backend})`);
    return out + `not resolved: ${r.unresolved}\n`;
  }
  out += line('minority classes', classList(r.minorityClasses ?? []));
  out += line('minority cosine', fmt(r.cosMinority, 6));
  out += line('minority ‖w_i−w_j‖²/E_W', fmt(r.minorityDistance, 6));
  out += line('‖Σ_k w_k‖', fmt(r.sumW, 3));
  out += line('certificate', `${cert.converged ? 'converged' : 'NOT converged'}: relative duality gap ${cert.value.toExponential(2)} (tolerance ${cert.tolerance.toExponential(0)}), budgets used ${fmt(cert.budgetUse?.h, 6)} / ${fmt(cert.budgetUse?.w, 6)}`);
  out += line('iterations', `${r.iterations} on ${r.backend}${r.levels ? ` (${r.levels} levels)` : ''}, ${((r.seconds ?? 0) * 1000).toFixed(1)} ms`);
  if (K <= 20) {
    out += line('‖w_k‖', r.normsW.map((v) => v.toFixed(4)).join(' '));
    out += line('‖h_k‖', r.normsH.map((v) => v.toFixed(4)).join(' '));
    out += 'classifier cosines:\n';
    for (const rowValues of r.cosW ?? []) out += '  ' + rowValues.map((v) => (v === null ? '   n/a' : v.toFixed(3).padStart(6))).join(' ') + '\n';
  }
  for (const note of r.notes ?? []) out += `note: ${note}\n`;
  return out;
}

export const lpmCommand: CliCommand = {
  name: NAME,
  summary: 'solve the Layer-Peeled Model for class counts and norm budgets',
  usage: `collapse-lens lpm (--counts n1,n2,… | --classes K --majority KA --ratio R) --eh E_H --ew E_W [--oversample W] [--json]\n\n${optionHelp(spec)}`,
  async run(argv, io) {
    const { problem, common, options } = problemFrom(argv);
    const tf = wouldUseTfjs(problem, { kernel: options.kernel }) ? (await selectBackend({ prefer: common.backend })).tf : undefined;
    // Progress (stage, iteration, gap) as structured events for the engine, and a bar on a terminal.
    const bar = cliProgress(io, common.quiet);
    let solution;
    try {
      solution = solveLpm(problem, { ...options, tf, signal: io.signal, onProgress: bar.onProgress });
    } finally {
      bar.finish();
    }
    const result = toLpmResult(solution);
    if (common.json) printJson(io, result);
    else io.stdout(formatLpm(result));
    return 0;
  },
};

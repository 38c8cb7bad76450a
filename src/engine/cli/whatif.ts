// `collapse-lens whatif --report R.json --oversample W [--ehew X]`: re-fits the report's Layer-Peeled
// Model with the minority oversampled W times (the LPM at R_eff = R/W, theory.md §2.5) and/or budgets of
// product X (theory.md §2.2). The panel's what-if slider runs this in the engine process.
import { readFileSync } from 'node:fs';
import { lpmForBudgets } from '../../core/report/lpmComparison';
import type { LpmWhatIf } from '../../protocol/panel';
import { isAnalysisReport, reportProblems, type AnalysisReport, type LpmCurvePoint } from '../../protocol/report';
import { selectBackend } from '../backend';
import { commonOptions, numberOption, optionHelp, parseArgs, type OptionSpec } from './args';
import { type CliCommand, printJson } from './command';
import { UsageError } from '../../core/errors';
import { formatCli } from '../../protocol/format';

const NAME = 'whatif';

const OPTIONS: Record<string, OptionSpec> = {
  report: { kind: 'value', description: 'a report JSON (collapse-lens report --json, or the panel\'s JSON export)' },
  oversample: { kind: 'value', description: 'oversampling weight w_r ≥ 1 of every minority class (default 1)' },
  ehew: { kind: 'value', description: 'E_H·E_W to use instead of the calibrated product (E_W is kept)' },
  json: { kind: 'flag', description: 'print the result as JSON' },
};

const USAGE = `Usage: collapse-lens whatif --report REPORT.json [--oversample W] [--ehew X] [--json]

Re-fits the Layer-Peeled Model of a report for oversampled minority classes (equivalent to the imbalance
ratio R/W) or other budgets, and prints the LPM, its minority-collapse curve, R* and the distances.

Options:
${optionHelp(OPTIONS)}`;

/** Curves and thresholds by (counts, minority, E_H·E_W): the engine process lives across slider moves. */
const known = new Map<string, { curve: LpmCurvePoint[]; threshold: number | null }>();

function readReport(path: string): AnalysisReport {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path}: cannot be read as JSON (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  if (!isAnalysisReport(value)) throw new UsageError(`${path}: not a Collapse Lens report: ${reportProblems(value).slice(0, 3).join('; ')}`);
  if (!value.lpm) throw new UsageError(`${path}: the report has no Layer-Peeled Model part to re-fit`);
  return value;
}

export const whatifCommand: CliCommand = {
  name: NAME,
  summary: 're-fit a report\'s Layer-Peeled Model for oversampling or other budgets',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, OPTIONS, NAME);
    const path = args.values.get('report');
    if (!path) throw new UsageError('--report is required');
    const oversample = numberOption(args, 'oversample', NAME) ?? 1;
    if (!(oversample >= 1)) throw new UsageError(`--oversample must be ≥ 1, got ${oversample}`);
    const report = readReport(path);
    const lpm = report.lpm as NonNullable<AnalysisReport['lpm']>;
    const ehew = numberOption(args, 'ehew', NAME) ?? lpm.budgets.eh * lpm.budgets.ew;
    if (!(ehew > 0)) throw new UsageError(`--ehew must be positive, got ${ehew}`);
    const started = performance.now();
    const counts = report.inspect.counts;
    const minority = report.inspect.minority?.classes ?? [];
    if (oversample !== 1 && minority.length === 0) {
      throw new UsageError(
        `${path}: the report has no minority classes, so --oversample ${oversample} has nothing to weight; make the report with --minority auto (or a list such as 5,6,7,8,9), e.g. collapse-lens report MODEL --data DATA --minority auto --json > report.json`,
      );
    }
    const key = JSON.stringify([counts, minority, ehew]);
    const sameBudgets = Math.abs(ehew - lpm.budgets.eh * lpm.budgets.ew) <= 1e-12 * ehew;
    if (sameBudgets && !known.has(key)) known.set(key, { curve: lpm.curve, threshold: lpm.threshold });
    const { tf } = await selectBackend({ prefer: commonOptions(args).backend, searchPaths: [] });
    // Bad budgets, or a solve that cannot be certified, are InputErrors: runCli says why (exit 2).
    const fit = lpmForBudgets(
      { counts, minority, eh: ehew / lpm.budgets.ew, ew: lpm.budgets.ew, oversample, cosClassifiers: report.inspect.cosClassifiers, cosMeans: report.inspect.cosMeans, centring: lpm.budgets.centring },
      { tf, signal: io.signal, known: known.get(key) },
    );
    known.set(key, { curve: fit.curve, threshold: fit.threshold });
    const result: LpmWhatIf = {
      ratioEffective: fit.modelRatio === null ? null : fit.modelRatio / oversample,
      result: fit.result,
      curve: fit.curve,
      threshold: fit.threshold,
      distances: fit.distances,
      elapsedMs: performance.now() - started,
    };
    if (args.flags.has('json')) printJson(io, result);
    else {
      const f = (v: number | null) => formatCli(v, 4, 'n/a');
      io.stdout(`oversample ×${oversample}, E_H·E_W ${f(ehew)}: R_eff ${f(result.ratioEffective)}, LPM minority cosine ${f(result.result.cosMinority)}, R* ${result.threshold === null ? 'not reached' : f(result.threshold)} (${result.elapsedMs.toFixed(0)} ms)\n`);
    }
    return 0;
  },
};

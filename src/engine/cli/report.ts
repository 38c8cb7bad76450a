// `collapse-lens report …`: the full analysis the panel shows (AnalysisReport): inspect's metrics plus the
// Layer-Peeled Model calibrated from the same model, R*, SELI and ETF; `--html` writes the standalone
// report. `--lpm-only` does the same for given counts and budgets, without a trained model.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { assembleReport } from '../../core/report/assemble';
import { reportHtml } from '../../core/report/html';
import { lpmOnlyReport } from '../../core/report/lpmOnly';
import { UsageError } from '../../core/errors';
import { inspectWithGeometry } from '../../core/pipeline/inspect';
import { separationAcrossLayers } from '../../core/layers';
import { groupingSentence } from '../../protocol/groupingText';
import { indexList, valueList } from '../../protocol/classList';
import type { AnalysisReport } from '../../protocol/report';
import type { InspectResult } from '../../protocol/result';
import { selectBackend } from '../backend';
import { commonOptions, numberOption, optionHelp, parseArgs, parseCounts, parseMinority, type OptionSpec, type ParsedArgs } from './args';
import { type CliCommand, type CliIo, printJson } from './command';
import { INSPECT_OPTIONS, parseInspectOptions } from './inspectOptions';
import { LAYERS_EXTRA_OPTIONS, layersOptions } from './layersArgs';
import { cliProgress } from './progressBar';
import { readWebviewBundle } from './webviewBundle';
import { formatCli } from '../../protocol/format';

declare const COLLAPSE_LENS_VERSION: string | undefined;
const VERSION = typeof COLLAPSE_LENS_VERSION === 'string' ? COLLAPSE_LENS_VERSION : 'dev';

const NAME = 'report';

export const REPORT_OPTIONS: Record<string, OptionSpec> = {
  ...INSPECT_OPTIONS,
  title: { kind: 'value', description: 'heading of the report (default: the model folder name)' },
  'class-names': { kind: 'value', description: 'display names of the classes in index order, comma-separated' },
  'lpm-only': { kind: 'flag', description: 'no model: the LPM optimum for --counts, --eh, --ew' },
  counts: { kind: 'value', description: 'with --lpm-only: samples per class, e.g. 5000,5000,50,50' },
  eh: { kind: 'value', description: 'with --lpm-only: feature budget E_H' },
  ew: { kind: 'value', description: 'with --lpm-only: classifier budget E_W' },
  calibrations: { kind: 'value', description: 'both (default): the norm- and loss-matched LPM calibrations | norms: the norm-matched one only (faster)' },
  json: { kind: 'flag', description: 'print the AnalysisReport JSON on stdout' },
  ...LAYERS_EXTRA_OPTIONS,
};

const USAGE = `Usage: collapse-lens report MODEL --data PATH [inspect options] [--html OUT.html] [--title T] [--json]
       collapse-lens report --lpm-only --counts N1,N2,… --eh E_H --ew E_W [--minority LIST] [--class-names A,B,…] [--html OUT.html] [--json]

The analysis the Collapse Lens panel shows: the metrics of \`inspect\`, and the Layer-Peeled Model for the
model's own class counts with budgets calibrated from it (E_W = mean‖w_k‖², E_H = mean_k (1/n_k)Σ‖h_i − μ_G‖²),
its minority-collapse curve and threshold R*, SELI and the simplex ETF, with the distances between the
geometries. --html writes the same view as a standalone page that opens offline in any browser.

Options:
${optionHelp(REPORT_OPTIONS)}`;

export function writeHtml(path: string, report: AnalysisReport): string {
  const out = resolve(path);
  try {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, reportHtml(report, readWebviewBundle(), { generator: `Collapse Lens ${VERSION}` }));
  } catch (error) {
    throw new UsageError(`cannot write the HTML report to ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return out;
}

function positiveNumber(args: ParsedArgs, name: string): number {
  const v = numberOption(args, name, NAME);
  if (v === undefined || !(v > 0)) throw new UsageError(`--${name} must be a positive number${v === undefined ? ' (required with --lpm-only)' : `, got ${v}`}`);
  return v;
}

async function lpmOnly(args: ParsedArgs, io: CliIo): Promise<AnalysisReport> {
  const raw = args.values.get('counts');
  if (!raw) throw new UsageError('--counts is required with --lpm-only, e.g. --counts 5000,5000,50,50');
  const counts = parseCounts(raw);
  const eh = positiveNumber(args, 'eh');
  const ew = positiveNumber(args, 'ew');
  const given = args.values.get('minority');
  const minority = given === undefined ? 'auto' : parseMinority(given);
  const classNames = classNamesOption(args, counts.length, 'counts');
  const choice = await selectBackend({ prefer: commonOptions(args).backend, searchPaths: [] });
  const bar = cliProgress(io, args.flags.has('quiet'));
  try {
    return await lpmOnlyReport({ counts, eh, ew, minority, title: args.values.get('title'), classNames, toolVersion: VERSION }, { tf: choice.tf, backend: { name: choice.name, reason: choice.reason }, signal: io.signal, onProgress: bar.onProgress });
  } finally {
    bar.finish();
  }
}

/** --class-names, checked against K (the model's classes, or the --counts of --lpm-only). */
function classNamesOption(args: ParsedArgs, classes: number, of: 'model' | 'counts'): string[] | undefined {
  const names = args.values.get('class-names')?.split(',').map((n) => n.trim());
  if (names && names.length !== classes) throw new UsageError(`--class-names has ${names.length} names but ${of === 'model' ? `the model has ${classes} classes` : `--counts has ${classes} classes`}`);
  return names;
}

/** Runs the analysis (or the LPM alone) and returns the report; shared by `report` and `inspect --html`. */
export async function produceReport(args: ParsedArgs, io: CliIo): Promise<AnalysisReport> {
  if (args.flags.has('lpm-only')) return lpmOnly(args, io);
  const { options, backend, searchPaths } = parseInspectOptions(args, io, NAME);
  const bar = cliProgress(io, args.flags.has('quiet'));
  options.onProgress = bar.onProgress;
  try {
    const choice = await selectBackend({ prefer: backend, searchPaths });
    const { outcome, geometry } = await inspectWithGeometry(choice.tf, options);
    options.onProgress({ stage: 'fitting the Layer-Peeled Model', done: 0, total: 1, unit: 'points' });
    const result: InspectResult = { ...outcome, backend: { name: choice.name, reason: choice.reason } };
    const parts = options.model.split(/[\\/]+/).filter((p) => p && p !== 'model.json');
    // "fashion-r100/checkpoints" reads better than "checkpoints".
    const title = args.values.get('title') ?? parts.slice(parts.at(-1) === 'checkpoints' ? -2 : -1).join('/') ?? options.model;
    const which = args.values.get('calibrations') ?? 'both';
    if (which !== 'both' && which !== 'norms') throw new UsageError(`--calibrations must be both or norms, got "${which}"`);
    const { report } = assembleReport({ result, geometry, title, source: `collapse-lens report ${options.model} --data ${options.data}`, toolVersion: VERSION }, { tf: choice.tf, signal: io.signal, calibrations: which });
    if (args.values.has('layers')) report.layers = { ...(await separationAcrossLayers(choice.tf, layersOptions(args, options))), backend: result.backend };
    bar.finish();
    const names = classNamesOption(args, result.classes, 'model');
    if (names) report.classNames = names;
    return report;
  } finally {
    bar.finish();
  }
}

function summary(report: AnalysisReport, html: string | undefined): string {
  const i = report.inspect;
  const f = (v: number | null | undefined, digits = 4) => formatCli(v, digits, 'n/a');
  const lines = [
    `Collapse Lens report — ${report.meta.title}`,
    // --lpm-only reads no model: its "model" is the LPM optimum itself (one collapsed feature per class).
    report.meta.lpmOnly
      ? `  no model: the metrics below are those of the Layer-Peeled Model optimum for counts ${valueList(i.counts)} (K = ${i.classes}, factor dimension ${i.dim}); backend ${i.backend.name}`
      : `  ${i.samples} samples, K = ${i.classes}, d = ${i.dim}; backend ${i.backend.name}`,
    `  NC1 ${f(i.nc1)}   NC2 max-angle W ${f(i.maxAngleClassifiers)}   NC3 ${f(i.selfDuality)}   NC4 mismatch ${f(i.nccMismatch)}`,
  ];
  if (i.minority) lines.push(`  minority classes ${indexList(i.minority.classes)}: mean classifier cosine ${f(i.minority.meanCosClassifiers)}`);
  const lpm = report.lpm;
  if (lpm) {
    lines.push(`  LPM (E_W ${f(lpm.budgets.ew)}, E_H ${f(lpm.budgets.eh)}, centring ${lpm.budgets.centring}): minority cosine ${f(lpm.result.cosMinority)}, objective ${f(lpm.result.objective, 6)}`);
    if (lpm.threshold !== null) lines.push(`  minority-collapse threshold R* = ${f(lpm.threshold)}; this model's R = ${f(lpm.modelRatio)}`);
    if (lpm.grouping) lines.push(`  ${groupingSentence(lpm.grouping, i.classes)}`);
  }
  if (i.trainLoss !== undefined) lines.push(`  training loss ${f(i.trainLoss)}; minority test accuracy ${f(i.perClass?.minority?.testAccuracy)}`);
  for (const c of report.calibrations ?? []) lines.push(`  ${c.statement}`);
  if (report.budgetEfficiency !== undefined) lines.push(`  budget efficiency E_eff / (E_H·E_W)_norms = ${f(report.budgetEfficiency)}`);
  if (html) lines.push(`  HTML report: ${html}`);
  return lines.join('\n') + '\n';
}

/** `report`, and `inspect … --html OUT` (which keeps inspect's own JSON on stdout). */
export async function runReport(argv: readonly string[], io: CliIo, from: 'report' | 'inspect' = 'report'): Promise<number> {
  const args = parseArgs(argv, REPORT_OPTIONS, NAME);
  const report = await produceReport(args, io);
  const htmlPath = args.values.get('html');
  const html = htmlPath ? writeHtml(htmlPath, report) : undefined;
  if (args.flags.has('json')) printJson(io, from === 'inspect' ? report.inspect : report);
  else io.stdout(summary(report, html));
  return 0;
}

export const reportCommand: CliCommand = {
  name: NAME,
  summary: 'the full analysis the panel shows (metrics + Layer-Peeled Model), as JSON or a standalone HTML report',
  usage: USAGE,
  run: (argv, io) => runReport(argv, io),
};

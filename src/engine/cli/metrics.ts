// `collapse-lens metrics`: NC1–NC4 and minority-collapse metrics of saved features (.npy), streamed
// in two passes, with mergeable statistics for sharded runs (docs/metrics.md).
import { openNpyFeatureSource } from '../../core/data/npySource';
import type { FeatureSource } from '../../core/data/source';
import { InputError, UsageError } from '../../core/errors';
import { readClassifierMatrix, readClassifierVector } from '../../core/io/classifierArrays';
import type { MetricsStatistics } from '../../core/metrics/accumulators';
import { mergeStatistics } from '../../core/metrics/accumulators';
import { collectStatistics, metricsFromStatistics } from '../../core/metrics/compute';
import { feedLosses, LossAccuracyAccumulator, perClassMetrics } from '../../core/metrics/perClass';
import { resolveMinority, validateMinority } from '../../core/metrics/minority';
import { checkOodDim, mergeOod, openOodFeatures, runOodPass } from '../../core/metrics/ood';
import { readStatisticsFiles, writeStatisticsFile } from '../../core/metrics/statisticsFiles';
import type { MetricsOptions } from '../../core/metrics/compute';
import { BLOCK_METRICS, METRICS, MINORITY_METRICS, SCALAR_METRIC_KEYS } from '../../protocol/catalogue';
import type { MetricEntry, MinorityMetricKey } from '../../protocol/catalogue';
import { balanceText } from '../../protocol/balance';
import { formatCli, formatMetric } from '../../protocol/format';
import type { NumberStyle } from '../../protocol/format';
import type { BlockSummary, MetricsResult } from '../../protocol/result';
import { selectBackend } from '../backend';
import { commonOptions, conventions, METRIC_OPTIONS, optionHelp, parseArgs, parseMinority } from './args';
import type { OptionSpec } from './args';
import { type CliCommand, type CliIo, printJson } from './command';
import { cliProgress } from './progressBar';
import { indexList } from '../../protocol/classList';

const NAME = 'metrics';

const OPTIONS: Record<string, OptionSpec> = {
  features: { kind: 'value', description: 'features H (N×d .npy; a folder, glob or comma list of shards)' },
  labels: { kind: 'value', description: 'labels y (N .npy, integer classes 0..K−1; shards like --features)' },
  weights: { kind: 'value', description: 'classifier W (K×d .npy, or file.npz:key)' },
  bias: { kind: 'value', description: 'bias b (K .npy, or file.npz:key)' },
  ...METRIC_OPTIONS,
  'ood-features': { kind: 'value', description: 'features of an out-of-distribution set (N_ood×d .npy from the same layer; shards like --features) for NC5' },
  json: { kind: 'flag', description: 'print one JSON object (MetricsResult) on stdout' },
  stats: { kind: 'value', description: 'merge statistics files a.json,b.json (from --save-stats)' },
  'save-stats': { kind: 'value', description: 'write this run\'s sufficient statistics to a JSON file' },
};

const USAGE = `Usage: collapse-lens metrics --features H.npy --labels y.npy [--weights W.npy] [--bias b.npy]
         [--minority 5,6,7|auto] [--global-mean unweighted|weighted] [--ddof 0|1] [--json] [--quiet]
         [--ood-features OOD.npy] [--stats a.json,b.json] [--save-stats out.json] [--backend auto|tensorflow|wasm|cpu]
       collapse-lens metrics --stats a.json,b.json [--weights W.npy] [--bias b.npy] [--ood-features OOD.npy] [--json]

Neural-collapse metrics (NC1–NC4) and minority-collapse metrics of penultimate-layer features,
computed in two streaming passes (memory independent of N).

Options:
${optionHelp(OPTIONS)}`;

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, OPTIONS, NAME);
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}" (options start with --)`);
  const featuresSpec = args.values.get('features');
  const labelsSpec = args.values.get('labels');
  const statsSpec = args.values.get('stats');
  if (!featuresSpec && !statsSpec) throw new UsageError('give --features H.npy --labels y.npy, or --stats a.json,b.json');
  if (featuresSpec && !labelsSpec) throw new UsageError('--features needs --labels');
  if (labelsSpec && !featuresSpec) throw new UsageError('--labels needs --features');
  const { globalMean, ddof } = conventions(args);
  const { json, quiet, backend } = commonOptions(args);
  const minorityChoice = parseMinority(args.values.get('minority'));
  const saveStats = args.values.get('save-stats');
  const statsPaths = statsSpec?.split(',').map((s) => s.trim()).filter(Boolean);
  if (statsPaths && statsPaths.length === 0) throw new UsageError('--stats needs at least one file');

  const bar = cliProgress(io, quiet);
  try {
    const given = statsPaths ? await readStatisticsFiles(statsPaths) : null;
    let source: FeatureSource | null = null;
    if (featuresSpec && labelsSpec) source = await openNpyFeatureSource(featuresSpec, labelsSpec);
    const dim = source ? source.dim : (given as { stats: MetricsStatistics }).stats.dim;
    // NC5's OOD features: opened and checked against d before the passes, summed after them.
    const oodSpec = args.values.get('ood-features');
    const against = source ? source.name : (statsPaths as string[]).join(', ');
    const oodStream = oodSpec ? await openOodFeatures(oodSpec) : null;
    if (oodStream) checkOodDim(oodStream.name, oodStream.dim, dim, against);
    const weightsSpec = args.values.get('weights');
    const biasSpec = args.values.get('bias');
    if (biasSpec && !weightsSpec) throw new UsageError('--bias needs --weights');
    const weights = weightsSpec ? await readClassifierMatrix(weightsSpec, 'W', dim) : null;
    const bias = biasSpec ? await readClassifierVector(biasSpec, 'the bias') : null;
    if (weights && bias && bias.length * dim !== weights.length) {
      throw new InputError(`${biasSpec}: the bias has ${bias.length} values but W has ${weights.length / dim} rows (one bias per class)`);
    }

    const options: MetricsOptions = {
      weights,
      bias,
      minority: minorityChoice === 'auto' ? null : minorityChoice,
      globalMean,
      ddof,
      statistics: given?.stats ?? null,
      signal: io.signal,
      onProgress: bar.onProgress,
    };
    if (options.minority && weights) validateMinority(options.minority, weights.length / dim);
    let backendName: string | null = null;
    let backendReport: MetricsResult['backend'];
    let merged = given ? given.stats : null;
    const warnings = [...(given?.warnings ?? [])];
    let toSave: MetricsStatistics | null = merged;
    let lossAccumulator: LossAccuracyAccumulator | null = null;
    if (source) {
      const choice = await selectBackend({ prefer: backend, searchPaths: [process.cwd()] });
      backendName = choice.name;
      backendReport = { name: choice.name, reason: choice.reason };
      // Per-class loss and accuracy need W and the rows themselves (not in saved statistics).
      if (weights && !given) lossAccumulator = new LossAccuracyAccumulator(Float64Array.from(weights), bias ? Float64Array.from(bias) : null, weights.length / dim, dim);
      const fed = lossAccumulator ? feedLosses(source, lossAccumulator) : { source, logits: null };
      const own = await collectStatistics(choice.tf, fed.source, { ...options, logits: fed.logits });
      toSave = own;
      if (given) {
        const combined = mergeStatistics([
          { name: statsSpec as string, stats: given.stats },
          { name: source.name, stats: own },
        ]);
        merged = combined.stats;
        warnings.push(...combined.warnings);
      } else merged = own;
    }
    if (oodStream) {
      // NC5: the OOD count and sum join this run's statistics (saved with them, merged like pass 1).
      const ood = await runOodPass(oodStream, dim, against, { signal: io.signal, onProgress: bar.onProgress });
      const all = merged as MetricsStatistics;
      merged = { ...all, ood: mergeOod(all.ood ?? null, ood) };
      toSave = source && toSave ? { ...toSave, ood } : merged;
    }
    bar.finish();
    if (saveStats && toSave) await writeStatisticsFile(saveStats, toSave);
    const stats = merged as MetricsStatistics;
    if (minorityChoice === 'auto') {
      const picked = resolveMinority('auto', stats.pass1?.counts ?? []);
      options.minority = picked.minority;
      if (picked.note) warnings.push(picked.note);
    }
    let result: MetricsResult;
    try {
      result = metricsFromStatistics(stats, options);
    } catch (error) {
      // Empty classes come from the labels: name the file, and why K is what it is.
      if (error instanceof InputError && labelsSpec && /no samples \(K = /.test(error.message)) {
        const why = args.values.get('weights') ? 'K is the number of rows of --weights' : 'without --weights, K is the largest label + 1, so one out-of-range label creates empty classes';
        throw new InputError(`${labelsSpec}: ${error.message} (${why})${saveStats ? ` (the statistics were saved to ${saveStats})` : ''}`);
      }
      if (error instanceof InputError && saveStats) throw new InputError(`${error.message} (the statistics were saved to ${saveStats})`);
      throw error;
    }
    if (lossAccumulator) {
      result.trainLoss = lossAccumulator.summary().loss;
      result.perClass = perClassMetrics(lossAccumulator, null, options.minority ?? null);
    }
    if (warnings.length) result.warnings = [...warnings, ...(result.warnings ?? [])];
    if (backendReport) result.backend = backendReport;
    if (json) printJson(io, result);
    else io.stdout(formatTable(result, backendName));
    return 0;
  } finally {
    bar.finish();
  }
}

// ---------------------------------------------------------------------------------------------
// Human-readable table

const CLI: NumberStyle = { minus: 'ascii' };
const fmt = (x: number | null | undefined): string => formatCli(x);

export function formatTable(r: MetricsResult, backend: string | null): string {
  const out: string[] = [];
  out.push(`Collapse Lens — neural-collapse metrics`);
  out.push(`  samples ${r.samples}, classes ${r.classes}, dim ${r.dim}; global mean ${r.conventions.globalMean}, ddof ${r.conventions.ddof}${backend ? `; backend ${backend}` : ''}`);
  out.push(`  counts  ${r.counts.join(' ')}  (${balanceText(r.counts)})`);
  out.push('');
  const width = Math.max(...SCALAR_METRIC_KEYS.map((key) => METRICS[key].label.length)) + 2;
  for (const key of SCALAR_METRIC_KEYS) {
    const entry: MetricEntry = METRICS[key];
    const value = r[key];
    if (value === undefined) continue;
    const reason = value === null ? r.reasons?.[key] : undefined;
    out.push(`  ${entry.label.padEnd(width)}${formatMetric(entry, value, CLI).padStart(11)}   ${reason ? `(${reason})` : entry.meaning}`);
  }
  // The two-number metrics and the per-class variability (theory.md §1.11), after the scalars.
  const groups: [string, string | null | undefined][] = [
    ['nc1Weak', r.nc1Weak && `within ${formatMetric(METRICS.nc1Weak, r.nc1Weak.within, CLI)}, between ${formatMetric(METRICS.nc1Weak, r.nc1Weak.between, CLI)}`],
    ['gnc2', r.gnc2 && `logMean ${formatMetric(METRICS.gnc2, r.gnc2.logMean, CLI)}, logVar ${formatMetric(METRICS.gnc2, r.gnc2.logVar, CLI)}`],
    ['gnc2Riesz', r.gnc2Riesz && `mean ${formatMetric(METRICS.gnc2Riesz, r.gnc2Riesz.mean, CLI)}, var ${formatMetric(METRICS.gnc2Riesz, r.gnc2Riesz.var, CLI)}`],
    ['classVariability', r.classVariability && r.classVariability.map((v) => formatMetric(METRICS.classVariability, v, CLI)).join(' ')],
  ];
  for (const [key, text] of groups) {
    if (text === undefined) continue;
    const entry: MetricEntry = METRICS[key as keyof typeof METRICS];
    out.push(`  ${entry.label.padEnd(width)}${text === null ? `—   (${r.reasons?.[key] ?? 'undefined'})` : text}`);
  }
  const m = r.minority;
  if (m) {
    out.push('');
    out.push(`  Minority classes ${indexList(m.classes)}: pairwise cosines are −1/(K−1) = ${fmt(-1 / (r.classes - 1))} at a balanced simplex ETF and → 1 under minority collapse`);
    for (const key of Object.keys(MINORITY_METRICS) as MinorityMetricKey[]) {
      const entry: MetricEntry = MINORITY_METRICS[key];
      out.push(`  ${entry.label.padEnd(width)}${formatMetric(entry, m[key], CLI).padStart(11)}   ${entry.meaning}`);
    }
    if (m.blocks) {
      const columns = Object.keys(BLOCK_METRICS) as (keyof BlockSummary)[];
      out.push(`  ${'block'.padEnd(width)}${columns.map((c) => BLOCK_METRICS[c].label.padStart(11)).join('')}`);
      for (const name of ['AA', 'BB', 'AB'] as const) {
        const b = m.blocks[name];
        out.push(`  ${name.padEnd(width)}${columns.map((c) => formatMetric(BLOCK_METRICS[c], b[c], CLI).padStart(11)).join('')}`);
      }
    }
    for (const n of m.notes ?? []) out.push(`  note: ${n}`);
  }
  for (const w of r.warnings ?? []) out.push(`  warning: ${w}`);
  return out.join('\n') + '\n';
}

export const metricsCommand: CliCommand = {
  name: NAME,
  summary: 'NC1–NC4 and minority-collapse metrics of saved features (.npy)',
  usage: USAGE,
  run,
};

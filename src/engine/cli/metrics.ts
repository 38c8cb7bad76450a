// `collapse-lens metrics`: NC1–NC4 and minority-collapse metrics of saved features (.npy), streamed
// in two passes, with mergeable statistics for sharded runs (docs/metrics.md).
import { readFile, writeFile } from 'node:fs/promises';
import { openNpyFeatureSource } from '../../core/data/npySource';
import type { FeatureSource } from '../../core/data/source';
import { InputError } from '../../core/errors';
import { readArrayFile } from '../../core/io/arrayFile';
import { formatShape } from '../../core/io/npy';
import type { MetricsStatistics } from '../../core/metrics/accumulators';
import { mergeStatistics, statisticsFromJson, statisticsToJson } from '../../core/metrics/accumulators';
import { collectStatistics, metricsFromStatistics } from '../../core/metrics/compute';
import { LossAccuracyAccumulator, perClassMetrics, tapFirstPass } from '../../core/metrics/perClass';
import { validateMinority } from '../../core/metrics/minority';
import type { MetricsOptions } from '../../core/metrics/compute';
import type { Progress } from '../../protocol/progress';
import { BLOCK_METRICS, METRICS, MINORITY_METRICS, SCALAR_METRIC_KEYS } from '../../protocol/catalogue';
import type { MetricEntry, MinorityMetricKey } from '../../protocol/catalogue';
import { formatCli, formatMetric } from '../../protocol/format';
import type { NumberStyle } from '../../protocol/format';
import type { BlockSummary, GlobalMeanConvention, MetricsResult } from '../../protocol/result';
import type { BackendPreference } from '../backend';
import { selectBackend } from '../backend';
import { optionHelp, parseArgs } from './args';
import type { OptionSpec } from './args';
import type { CliCommand, CliIo } from './command';
import { UsageError } from './errors';

const NAME = 'metrics';

const OPTIONS: Record<string, OptionSpec> = {
  features: { kind: 'value', description: 'features H (N×d .npy; a folder, glob or comma list of shards)' },
  labels: { kind: 'value', description: 'labels y (N .npy, integer classes 0..K−1; shards like --features)' },
  weights: { kind: 'value', description: 'classifier W (K×d .npy, or file.npz:key)' },
  bias: { kind: 'value', description: 'bias b (K .npy, or file.npz:key)' },
  minority: { kind: 'value', description: 'minority classes, e.g. 5,6,7 (minority-collapse metrics)' },
  'global-mean': { kind: 'value', description: 'unweighted (mean of class means, default) | weighted (sample mean)' },
  ddof: { kind: 'value', description: 'degrees of freedom of std/CV: 0 (default) | 1' },
  json: { kind: 'flag', description: 'print one JSON object (MetricsResult) on stdout' },
  stats: { kind: 'value', description: 'merge statistics files a.json,b.json (from --save-stats)' },
  'save-stats': { kind: 'value', description: 'write this run\'s sufficient statistics to a JSON file' },
  backend: { kind: 'value', description: 'auto (default) | wasm | cpu | tensorflow' },
};

const USAGE = `Usage: collapse-lens metrics --features H.npy --labels y.npy [--weights W.npy] [--bias b.npy]
         [--minority 5,6,7] [--global-mean unweighted|weighted] [--ddof 0|1] [--json]
         [--stats a.json,b.json] [--save-stats out.json] [--backend auto|wasm|cpu]
       collapse-lens metrics --stats a.json,b.json [--weights W.npy] [--bias b.npy] [--json]

Neural-collapse metrics (NC1–NC4) and minority-collapse metrics of penultimate-layer features,
computed in two streaming passes (memory independent of N).

Options:
${optionHelp(OPTIONS)}`;

function parseMinority(raw: string): number[] {
  const items = raw.split(',').map((s) => s.trim());
  return items.map((s) => {
    if (!/^\d+$/.test(s)) throw new UsageError(`--minority must be a comma-separated list of class indices, got "${raw}"`);
    return Number(s);
  });
}

async function readMatrix(spec: string, what: string, dim: number): Promise<Float64Array> {
  const a = await readArrayFile(spec);
  const shape = a.shape;
  if (shape.length !== 2) throw new InputError(`${spec}: ${what} must be a 2-D array K×d, got shape ${formatShape(shape)}`);
  if (shape[1] !== dim) {
    const hint = shape[0] === dim ? `; it looks like d×K (a Dense kernel) — transpose it to K×d = (${shape[1]}, ${dim})` : '';
    throw new InputError(`${spec}: ${what} has shape ${formatShape(shape)} but the features have d = ${dim}, so W must be K×${dim}${hint}`);
  }
  checkFinite(a.data, spec, shape[1]);
  return a.data;
}

async function readVector(spec: string, what: string): Promise<Float64Array> {
  const a = await readArrayFile(spec);
  const shape = a.shape;
  if (!(shape.length === 1 || (shape.length === 2 && (shape[0] === 1 || shape[1] === 1)))) {
    throw new InputError(`${spec}: ${what} must be a 1-D array of K values, got shape ${formatShape(shape)}`);
  }
  checkFinite(a.data, spec, 1);
  return a.data;
}

function checkFinite(data: Float64Array, spec: string, cols: number): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const at = cols > 1 ? `row ${Math.floor(i / cols)}, column ${i % cols}` : `index ${i}`;
      throw new InputError(`${spec}: non-finite value ${data[i]} at ${at}`);
    }
  }
}

async function readStatistics(specs: string): Promise<{ stats: MetricsStatistics; warnings: string[] }> {
  const parts: { name: string; stats: MetricsStatistics }[] = [];
  for (const path of specs.split(',').map((s) => s.trim()).filter(Boolean)) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      throw new InputError(`${path}: cannot read the statistics file`);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InputError(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    parts.push({ name: path, stats: statisticsFromJson(value, path) });
  }
  if (parts.length === 0) throw new UsageError('--stats needs at least one file');
  return mergeStatistics(parts);
}

function progressPrinter(io: CliIo): ((p: Progress) => void) | undefined {
  if (!io.interactive) return undefined;
  let last = 0;
  return (p) => {
    const now = Date.now();
    const finished = p.total !== undefined && p.done >= p.total;
    if (now - last < 200 && !finished) return;
    last = now;
    const pct = p.total ? ` ${((100 * p.done) / p.total).toFixed(0)}%` : '';
    io.stderr(`\r${p.stage}: ${p.done}${p.total ? `/${p.total}` : ''} ${p.unit}${pct}   ${finished ? '\n' : ''}`);
  };
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, OPTIONS, NAME);
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}" (options start with --)`);
  const featuresSpec = args.values.get('features');
  const labelsSpec = args.values.get('labels');
  const statsSpec = args.values.get('stats');
  if (!featuresSpec && !statsSpec) throw new UsageError('give --features H.npy --labels y.npy, or --stats a.json,b.json');
  if (featuresSpec && !labelsSpec) throw new UsageError('--features needs --labels');
  if (labelsSpec && !featuresSpec) throw new UsageError('--labels needs --features');

  const globalMean = args.values.get('global-mean') ?? 'unweighted';
  if (globalMean !== 'unweighted' && globalMean !== 'weighted') throw new UsageError(`--global-mean must be unweighted or weighted, got "${globalMean}"`);
  const ddofRaw = args.values.get('ddof') ?? '0';
  if (ddofRaw !== '0' && ddofRaw !== '1') throw new UsageError(`--ddof must be 0 or 1, got "${ddofRaw}"`);
  const backend = args.values.get('backend') ?? 'auto';
  if (!['auto', 'wasm', 'cpu', 'tensorflow'].includes(backend)) throw new UsageError(`--backend must be auto, wasm, cpu or tensorflow, got "${backend}"`);
  const minorityRaw = args.values.get('minority');
  const minority = minorityRaw ? parseMinority(minorityRaw) : null;
  const json = args.flags.has('json');
  const saveStats = args.values.get('save-stats');

  try {
    const given = statsSpec ? await readStatistics(statsSpec) : null;
    let source: FeatureSource | null = null;
    if (featuresSpec && labelsSpec) source = await openNpyFeatureSource(featuresSpec, labelsSpec);
    const dim = source ? source.dim : (given as { stats: MetricsStatistics }).stats.dim;
    const weightsSpec = args.values.get('weights');
    const biasSpec = args.values.get('bias');
    if (biasSpec && !weightsSpec) throw new UsageError('--bias needs --weights');
    const weights = weightsSpec ? await readMatrix(weightsSpec, 'W', dim) : null;
    const bias = biasSpec ? await readVector(biasSpec, 'the bias') : null;
    if (weights && bias && bias.length * dim !== weights.length) {
      throw new InputError(`${biasSpec}: the bias has ${bias.length} values but W has ${weights.length / dim} rows (one bias per class)`);
    }

    const options: MetricsOptions = {
      weights,
      bias,
      minority,
      globalMean: globalMean as GlobalMeanConvention,
      ddof: Number(ddofRaw) as 0 | 1,
      statistics: given?.stats ?? null,
      onProgress: progressPrinter(io),
    };
    if (minority && weights) validateMinority(minority, weights.length / dim);
    let backendName: string | null = null;
    let merged = given ? given.stats : null;
    const warnings = [...(given?.warnings ?? [])];
    let toSave: MetricsStatistics | null = merged;
    let lossAccumulator: LossAccuracyAccumulator | null = null;
    if (source) {
      const choice = await selectBackend({ prefer: backend as BackendPreference, searchPaths: [process.cwd()] });
      backendName = choice.name;
      // Per-class loss and accuracy need W and the rows themselves (not in saved statistics).
      if (weights && !given) lossAccumulator = new LossAccuracyAccumulator(Float64Array.from(weights), bias ? Float64Array.from(bias) : null, weights.length / dim, dim);
      const own = await collectStatistics(choice.tf, lossAccumulator ? tapFirstPass(source, lossAccumulator) : source, options);
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
    if (saveStats && toSave) {
      await writeFile(saveStats, JSON.stringify(statisticsToJson(toSave)) + '\n');
    }
    let result: MetricsResult;
    try {
      result = metricsFromStatistics(merged as MetricsStatistics, options);
    } catch (error) {
      if (error instanceof InputError && saveStats) throw new InputError(`${error.message} (the statistics were saved to ${saveStats})`);
      throw error;
    }
    if (lossAccumulator) {
      result.trainLoss = lossAccumulator.summary().loss;
      result.perClass = perClassMetrics(lossAccumulator, null, minority);
    }
    if (warnings.length) result.warnings = [...warnings, ...(result.warnings ?? [])];
    io.stdout(json ? JSON.stringify(result) + '\n' : formatTable(result, backendName));
    return 0;
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message);
    throw error;
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
  out.push(`  counts  ${r.counts.join(' ')}`);
  out.push('');
  const width = Math.max(...SCALAR_METRIC_KEYS.map((key) => METRICS[key].label.length)) + 2;
  for (const key of SCALAR_METRIC_KEYS) {
    const entry: MetricEntry = METRICS[key];
    const value = r[key];
    if (value === undefined) continue;
    const reason = value === null ? r.reasons?.[key] : undefined;
    out.push(`  ${entry.label.padEnd(width)}${formatMetric(entry, value, CLI).padStart(11)}   ${reason ? `(${reason})` : entry.meaning}`);
  }
  const m = r.minority;
  if (m) {
    out.push('');
    out.push(`  Minority classes ${m.classes.join(', ')}: pairwise cosines are −1/(K−1) = ${fmt(-1 / (r.classes - 1))} at a balanced simplex ETF and → 1 under minority collapse`);
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

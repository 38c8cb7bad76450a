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
import { validateMinority } from '../../core/metrics/minority';
import type { MetricsOptions } from '../../core/metrics/compute';
import type { Progress } from '../../protocol/progress';
import type { GlobalMeanConvention, MetricsResult } from '../../protocol/result';
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
  backend: { kind: 'value', description: 'auto (default) | tensorflow | wasm | cpu' },
};

const USAGE = `Usage: collapse-lens metrics --features H.npy --labels y.npy [--weights W.npy] [--bias b.npy]
         [--minority 5,6,7] [--global-mean unweighted|weighted] [--ddof 0|1] [--json]
         [--stats a.json,b.json] [--save-stats out.json] [--backend auto|tensorflow|wasm|cpu]
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
    let backendReport: MetricsResult['backend'];
    let merged = given ? given.stats : null;
    const warnings = [...(given?.warnings ?? [])];
    let toSave: MetricsStatistics | null = merged;
    if (source) {
      const choice = await selectBackend({ prefer: backend as BackendPreference, searchPaths: [process.cwd()] });
      backendName = choice.name;
      backendReport = { name: choice.name, reason: choice.reason };
      const own = await collectStatistics(choice.tf, source, options);
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
      // Empty classes come from the labels: name the file, and why K is what it is.
      if (error instanceof InputError && labelsSpec && /no samples \(K = /.test(error.message)) {
        const why = args.values.get('weights') ? 'K is the number of rows of --weights' : 'without --weights, K is the largest label + 1, so one out-of-range label creates empty classes';
        throw new InputError(`${labelsSpec}: ${error.message} (${why})${saveStats ? ` (the statistics were saved to ${saveStats})` : ''}`);
      }
      if (error instanceof InputError && saveStats) throw new InputError(`${error.message} (the statistics were saved to ${saveStats})`);
      throw error;
    }
    if (warnings.length) result.warnings = [...warnings, ...(result.warnings ?? [])];
    if (backendReport) result.backend = backendReport;
    io.stdout(json ? JSON.stringify(result) + '\n' : formatTable(result, backendName));
    return 0;
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Human-readable table

function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e4 || a < 1e-3 ? x.toExponential(3) : x.toPrecision(4);
}

interface Line {
  key: keyof MetricsResult;
  label: string;
  meaning: string;
}

const LINES: Line[] = [
  { key: 'nc1', label: 'NC1  Tr(Σ_W Σ_B⁺)/K', meaning: 'within-class spread relative to between-class spread (Papyan); → 0 under collapse' },
  { key: 'nc1Quotient', label: 'NC1  Tr(Σ_W)/Tr(Σ_B)', meaning: 'the same without whitening (Tirer et al.); → 0 under collapse' },
  { key: 'cdnv', label: 'NC1  CDNV', meaning: 'class-distance-normalised variance (Galanti et al.); → 0 under collapse' },
  { key: 'equinormMeans', label: 'NC2  equinorm, means', meaning: 'CV of centred class-mean norms; → 0 when the means have equal length' },
  { key: 'equinormClassifiers', label: 'NC2  equinorm, W', meaning: 'CV of classifier norms; → 0 when the classifiers have equal length' },
  { key: 'equiangularMeans', label: 'NC2  equiangular, means', meaning: 'std of pairwise cosines of centred means; → 0 when all angles are equal' },
  { key: 'equiangularClassifiers', label: 'NC2  equiangular, W', meaning: 'std of pairwise classifier cosines; → 0 when all angles are equal' },
  { key: 'maxAngleMeans', label: 'NC2  max-angle, means', meaning: 'mean |cos + 1/(K−1)| of centred means; → 0 at the simplex ETF' },
  { key: 'maxAngleClassifiers', label: 'NC2  max-angle, W', meaning: 'mean |cos + 1/(K−1)| of classifiers; → 0 at the simplex ETF' },
  { key: 'etfDistanceMeans', label: 'NC2  ETF distance, means', meaning: 'Frobenius distance of the normalised Gram to the ETF (Zhu); → 0 at the ETF' },
  { key: 'etfDistanceClassifiers', label: 'NC2  ETF distance, W', meaning: 'the same for W Wᵀ; → 0 at the ETF' },
  { key: 'selfDuality', label: 'NC3  self-duality', meaning: '‖W/‖W‖ − Mc/‖Mc‖‖² (Papyan, squared); → 0 when classifiers align with means' },
  { key: 'selfDualityZhu', label: 'NC3  W–H structure', meaning: 'distance of normalised W Mcᵀ to the ETF (Zhu); → 0 under self-duality' },
  { key: 'nccMismatch', label: 'NC4  NCC mismatch', meaning: 'fraction where argmax(W h + b) ≠ nearest class mean; → 0 under collapse' },
  { key: 'nccMismatchNoBias', label: 'NC4  NCC mismatch, no b', meaning: 'the same with the bias left out' },
  { key: 'biasRelation', label: 'NC4  ‖W μ_G + b‖', meaning: 'bias relation (Zhu); → 0 when b = −W μ_G' },
  { key: 'accuracy', label: '     accuracy', meaning: 'fraction where argmax(W h + b) equals the label' },
];

export function formatTable(r: MetricsResult, backend: string | null): string {
  const out: string[] = [];
  out.push(`Collapse Lens — neural-collapse metrics`);
  out.push(`  samples ${r.samples}, classes ${r.classes}, dim ${r.dim}; global mean ${r.conventions.globalMean}, ddof ${r.conventions.ddof}${backend ? `; backend ${backend}` : ''}`);
  out.push(`  counts  ${r.counts.join(' ')}`);
  out.push('');
  const width = Math.max(...LINES.map((l) => l.label.length)) + 2;
  for (const line of LINES) {
    const value = r[line.key] as number | null | undefined;
    if (value === undefined) continue;
    const reason = value === null ? r.reasons?.[line.key] : undefined;
    out.push(`  ${line.label.padEnd(width)}${fmt(value).padStart(11)}   ${reason ? `(${reason})` : line.meaning}`);
  }
  const m = r.minority;
  if (m) {
    out.push('');
    out.push(`  Minority classes ${m.classes.join(', ')}: pairwise cosines are −1/(K−1) = ${fmt(-1 / (r.classes - 1))} at a balanced simplex ETF and → 1 under minority collapse`);
    const rows: Array<[string, number | null, string]> = [
      ['mean cos, minority W', m.meanCosClassifiers, 'average pairwise cosine between minority classifiers (the headline number)'],
      ['std cos, minority W', m.stdCosClassifiers, 'spread of those cosines'],
      ['mean cos, minority means', m.meanCosMeans, 'the same for centred minority class means'],
      ['mean ‖w_i − w_j‖², minority', m.meanDistanceClassifiers, '→ 0 when minority classifiers merge'],
      ['mean ‖w_k‖², minority', m.meanNormClassifiers, '→ 0 when minority classifiers shrink to the origin'],
    ];
    for (const [label, value, meaning] of rows) out.push(`  ${label.padEnd(width)}${fmt(value).padStart(11)}   ${meaning}`);
    if (m.blocks) {
      out.push(`  ${'block'.padEnd(width)}${'cos W'.padStart(11)}${'cos means'.padStart(11)}${'‖w‖²'.padStart(11)}${'‖μ−μ_G‖²'.padStart(11)}`);
      for (const name of ['AA', 'BB', 'AB'] as const) {
        const b = m.blocks[name];
        out.push(`  ${name.padEnd(width)}${fmt(b.meanCosClassifiers).padStart(11)}${fmt(b.meanCosMeans).padStart(11)}${fmt(b.meanNormClassifiers).padStart(11)}${fmt(b.meanNormMeans).padStart(11)}`);
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

// `collapse-lens metrics`: NC1–NC4 and minority-collapse metrics of saved features (.npy), streamed
// in two passes, with mergeable statistics for sharded runs (docs/metrics.md).
import { openNpyFeatureSource } from '../../core/data/npySource';
import type { FeatureSource } from '../../core/data/source';
import { InputError, UsageError } from '../../core/errors';
import { readClassifierMatrix, readClassifierVector } from '../../core/io/classifierArrays';
import type { MetricsStatistics } from '../../core/metrics/accumulators';
import { mergeStatistics } from '../../core/metrics/accumulators';
import { collectStatistics, metricsFromStatistics } from '../../core/metrics/compute';
import { resolveMinority, validateMinority } from '../../core/metrics/minority';
import { readStatisticsFiles, writeStatisticsFile } from '../../core/metrics/statisticsFiles';
import type { MetricsOptions } from '../../core/metrics/compute';
import type { MetricsResult } from '../../protocol/result';
import { selectBackend } from '../backend';
import { commonOptions, conventions, METRIC_OPTIONS, optionHelp, parseArgs, parseMinority } from './args';
import type { OptionSpec } from './args';
import type { CliCommand, CliIo } from './command';
import { cliProgress } from './progressBar';

const NAME = 'metrics';

const OPTIONS: Record<string, OptionSpec> = {
  features: { kind: 'value', description: 'features H (N×d .npy; a folder, glob or comma list of shards)' },
  labels: { kind: 'value', description: 'labels y (N .npy, integer classes 0..K−1; shards like --features)' },
  weights: { kind: 'value', description: 'classifier W (K×d .npy, or file.npz:key)' },
  bias: { kind: 'value', description: 'bias b (K .npy, or file.npz:key)' },
  ...METRIC_OPTIONS,
  json: { kind: 'flag', description: 'print one JSON object (MetricsResult) on stdout' },
  stats: { kind: 'value', description: 'merge statistics files a.json,b.json (from --save-stats)' },
  'save-stats': { kind: 'value', description: 'write this run\'s sufficient statistics to a JSON file' },
};

const USAGE = `Usage: collapse-lens metrics --features H.npy --labels y.npy [--weights W.npy] [--bias b.npy]
         [--minority 5,6,7|auto] [--global-mean unweighted|weighted] [--ddof 0|1] [--json] [--quiet]
         [--stats a.json,b.json] [--save-stats out.json] [--backend auto|wasm|cpu]
       collapse-lens metrics --stats a.json,b.json [--weights W.npy] [--bias b.npy] [--json]

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
    let merged = given ? given.stats : null;
    const warnings = [...(given?.warnings ?? [])];
    let toSave: MetricsStatistics | null = merged;
    if (source) {
      const choice = await selectBackend({ prefer: backend, searchPaths: [process.cwd()] });
      backendName = choice.name;
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
      if (error instanceof InputError && saveStats) throw new InputError(`${error.message} (the statistics were saved to ${saveStats})`);
      throw error;
    }
    if (warnings.length) result.warnings = [...warnings, ...(result.warnings ?? [])];
    io.stdout(json ? JSON.stringify(result) + '\n' : formatTable(result, backendName));
    return 0;
  } finally {
    bar.finish();
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

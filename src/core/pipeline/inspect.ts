// The pipeline behind `inspect`: a saved tfjs model and its data → (H, y, W, b) → the metrics, with where they came
// from. NC is measured on the training data (the data the model was trained on); NC4 is also
// measured on held-out data against the training class means (theory.md §1.5). A folder of
// checkpoint folders gives a trajectory, one point per checkpoint in natural order.
import { writeFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import type { DataReport, GlobalMeanConvention, InspectResult, TrajectoryPoint } from '../../protocol/result';
import type { Progress } from '../../protocol/progress';
import type { InputSource, Normalization } from '../data/inputs';
import { openInputs } from '../data/openInputs';
import type { RunHooks } from '../runHooks';
import { describeError, fileFault } from '../errors';
import { encodeNpy } from '../io/npy';
import type { MetricsStatistics } from '../metrics/accumulators';
import { collectStatistics, metricsFromStatistics, type MetricsOptions } from '../metrics/compute';
import { resolveMinority } from '../metrics/minority';
import type { Tf } from '../tf';
import { isCheckpointFolder, listCheckpoints, orderNote } from '../model/checkpoints';
import { checkSameArchitecture, checkSameHead, type RunShape } from './checkpoints';
import { openClassifierModel, type ClassifierModel } from '../model/classifierModel';
import { modelFeatureSource, type ModelFeatureSource } from '../model/features';
import type { RunGeometry } from '../report/lpmComparison';
import { feedLosses, LossAccuracyAccumulator, perClassMetrics } from '../metrics/perClass';
import { BINARY_HEAD_NOTE } from '../model/head';
import type { Layout } from '../model/inputShape';
import { oodThroughModel, type OodRun } from './ood';
import { nameList } from '../../protocol/classList';

export interface InspectOptions extends RunHooks {
  /** A model folder, a model.json, or a folder of checkpoint folders. */
  model: string;
  data: string;
  labels?: string;
  testData?: string;
  testLabels?: string;
  /** An out-of-distribution data set for NC5 (same formats as `data`; its labels are not used). */
  oodData?: string;
  featureLayer?: string;
  /** The output to analyse in a model with several classifier outputs. */
  output?: string;
  /** 'nchw': array inputs are channels-first and are transposed to the model's [H, W, C]. */
  layout?: Layout;
  /** Minority classes, or 'auto': classes with at most 1/4 of the largest class's samples. */
  minority?: readonly number[] | 'auto' | null;
  globalMean?: GlobalMeanConvention;
  ddof?: 0 | 1;
  batchSize?: number;
  maxSamples?: number;
  cacheBytes?: number;
  labelColumn?: string;
  normalization?: Normalization;
  resize?: boolean;
  /** Write H, y, W, b to this .npz. */
  saveFeatures?: string;
}

export type InspectOutcome = Omit<InspectResult, 'backend'>;

function prefixed(hooks: RunHooks, prefix: string): RunHooks {
  if (!prefix || !hooks.onProgress) return hooks;
  const forward = hooks.onProgress;
  return { signal: hooks.signal, onProgress: (p: Progress) => forward({ ...p, stage: `${prefix}${p.stage}` }) };
}

function dataReport(inputs: InputSource, samples: number): DataReport {
  return { path: inputs.name, format: inputs.format, samples, classNames: inputs.labelNames ? [...inputs.labelNames] : null };
}

async function saveFeatures(path: string, source: ModelFeatureSource, model: ClassifierModel, signal?: AbortSignal): Promise<void> {
  const { dim: d, classes: k } = model.head;
  const h = new Float32Array(source.rows * d);
  const y = new Int32Array(source.rows);
  let at = 0;
  for await (const batch of source.batches(signal)) {
    h.set(batch.features.subarray(0, batch.rows * d), at * d);
    y.set(batch.labels.subarray(0, batch.rows), at);
    at += batch.rows;
  }
  const members: Record<string, Uint8Array> = {
    'H.npy': encodeNpy(h, [source.rows, d]),
    'y.npy': encodeNpy(y, [source.rows]),
    'W.npy': encodeNpy(model.head.weights, [k, d]),
  };
  if (model.head.bias) members['b.npy'] = encodeNpy(model.head.bias, [k]);
  try {
    writeFileSync(path, zipSync(members));
  } catch (error) {
    throw fileFault(path, `cannot be written (${describeError(error)})`);
  }
}

interface OneRun {
  outcome: InspectOutcome;
  geometry: RunGeometry | null;
}

/** n_k, μ_k and m_k = (1/n_k) Σ‖h_i‖² = (1/n_k) Σ‖h_i − μ_k‖² + ‖μ_k‖² from the two passes' statistics. */
function runGeometry(stats: MetricsStatistics, weights: Float64Array, outcome: InspectOutcome, classNames: readonly string[] | null): RunGeometry | null {
  const { pass1, pass2 } = stats;
  if (!pass1 || !pass2 || !outcome.cosClassifiers) return null;
  const { classes: K, dim: d } = stats;
  const means = new Float64Array(K * d);
  const featureMeanSquaredNorms: number[] = [];
  for (let k = 0; k < K; k++) {
    const n = pass1.counts[k];
    let norm2 = 0;
    for (let t = 0; t < d; t++) {
      const m = pass1.sums[k * d + t] / n;
      means[k * d + t] = m;
      norm2 += m * m;
    }
    featureMeanSquaredNorms.push(pass2.withinSumSquares[k] / n + norm2);
  }
  return {
    counts: Array.from(pass1.counts),
    minority: outcome.minority?.classes ?? [],
    weights,
    means,
    dim: d,
    featureMeanSquaredNorms,
    cosClassifiers: outcome.cosClassifiers,
    cosMeans: outcome.cosMeans,
    classNames: classNames ? [...classNames] : null,
  };
}

async function inspectOne(
  tf: Tf,
  modelPath: string,
  options: InspectOptions,
  stagePrefix: string,
  withTest: boolean,
  savePath: string | undefined,
  run?: { name: string; folder: string; reference?: RunShape },
): Promise<OneRun & { shape: RunShape }> {
  const hooks = prefixed(options, stagePrefix);
  const model = await openClassifierModel(tf, modelPath, { featureLayer: options.featureLayer, output: options.output });
  const sources: ModelFeatureSource[] = [];
  try {
    const { head } = model;
    const shape = run ? checkSameHead(run.folder, run.name, head, run.reference) : { name: modelPath, dim: head.dim, classes: head.classes };
    const K = head.classes;
    if (K < 2) {
      throw fileFault(model.jsonPath, `classifier "${head.classifierLayer}" has ${K} output unit (a binary sigmoid head?); the neural-collapse metrics need K ≥ 2 classes`);
    }
    const modelInput = { shape: model.inputShape, name: model.inputName };
    const train = await openInputs(options.data, modelInput, {
      labelsPath: options.labels,
      labelColumn: options.labelColumn,
      normalization: options.normalization,
      resize: options.resize,
    });
    if (train.labelNames && train.labelNames.length > K) {
      throw fileFault(train.name, `has ${train.labelNames.length} classes (${train.labelNames.join(', ')}) but the model's classifier "${head.classifierLayer}" has ${K} outputs`);
    }
    const source = modelFeatureSource(tf, model, train, { batchSize: options.batchSize, maxSamples: options.maxSamples, cacheBytes: options.cacheBytes, layout: options.layout });
    sources.push(source);
    const metricsOptions: MetricsOptions = {
      weights: Float64Array.from(head.weights),
      bias: head.bias ? Float64Array.from(head.bias) : null,
      classes: K,
      globalMean: options.globalMean,
      ddof: options.ddof,
      signal: hooks.signal,
      onProgress: hooks.onProgress,
    };
    const trainLoss = new LossAccuracyAccumulator(metricsOptions.weights as Float64Array, metricsOptions.bias ?? null, K, head.dim);
    // Large K·d: the loss from pass 2's float32 logits (with their error bound), not K·d float64 JS per row.
    const trainFed = feedLosses(source, trainLoss);
    const stats = await collectStatistics(tf, trainFed.source, { ...metricsOptions, logits: trainFed.logits });
    let testLoss: LossAccuracyAccumulator | null = null;
    const counts = stats.pass1?.counts;
    const empty = counts ? Array.from(counts.keys()).filter((k) => counts[k] === 0) : [];
    if (empty.length) {
      const named = empty.map((k) => (train.labelNames?.[k] ? `${k} ("${train.labelNames[k]}")` : String(k)));
      throw fileFault(train.name, `has no samples of class${empty.length > 1 ? 'es' : ''} ${nameList(named)}; the model has ${K} classes and the metrics need at least one sample of each`);
    }
    const notes: string[] = [];
    const picked = resolveMinority(options.minority, stats.pass1?.counts ?? []);
    if (picked.note) notes.push(picked.note);
    const minority = picked.minority;
    let ood: OodRun | null = null;
    if (withTest && options.oodData) {
      const oodHooks = prefixed(options, `${stagePrefix}out-of-distribution data: `);
      const data = { labelColumn: options.labelColumn, normalization: options.normalization, resize: options.resize };
      ood = await oodThroughModel(tf, model, options.oodData, data, { batchSize: options.batchSize, maxSamples: options.maxSamples, layout: options.layout }, oodHooks);
      stats.ood = ood.stats;
      notes.push(...ood.warnings);
    }
    const metrics = metricsFromStatistics(stats, { ...metricsOptions, minority });

    let test: InspectResult['test'];
    let testReport: DataReport | undefined;
    if (withTest && options.testData) {
      const testInputs = await openInputs(options.testData, modelInput, {
        labelsPath: options.testLabels,
        labelColumn: options.labelColumn,
        normalization: options.normalization,
        resize: options.resize,
        trainClassNames: train.labelNames,
      });
      const testSource = modelFeatureSource(tf, model, testInputs, { batchSize: options.batchSize, maxSamples: options.maxSamples, cacheBytes: 0, layout: options.layout });
      sources.push(testSource);
      // Pass 2 only, against the training class means (theory.md §1.5: NCC uses the train means).
      const trainMeans: MetricsStatistics = { classes: stats.classes, dim: stats.dim, pass1: stats.pass1, pass2: null };
      const testHooks = prefixed(options, `${stagePrefix}test data: `);
      testLoss = new LossAccuracyAccumulator(metricsOptions.weights as Float64Array, metricsOptions.bias ?? null, K, head.dim);
      const testFed = feedLosses(testSource, testLoss);
      const testStats = await collectStatistics(tf, testFed.source, { ...metricsOptions, signal: testHooks.signal, onProgress: testHooks.onProgress, statistics: trainMeans, logits: testFed.logits });
      const p2 = testStats.pass2;
      const n = testSource.rows;
      test = {
        samples: n,
        nccMismatch: typeof p2?.nccMismatch === 'number' ? p2.nccMismatch / n : null,
        nccMismatchNoBias: typeof p2?.nccMismatchNoBias === 'number' ? p2.nccMismatchNoBias / n : null,
        accuracy: typeof p2?.linearCorrect === 'number' ? p2.linearCorrect / n : null,
      };
      testReport = dataReport(testInputs, n);
      notes.push(...testInputs.warnings);
    }
    if (savePath) await saveFeatures(savePath, source, model, hooks.signal);

    if (head.kind === 'binary') notes.unshift(`classifier "${head.classifierLayer}": ${BINARY_HEAD_NOTE}`);
    const warnings = [...model.warnings, ...train.warnings, ...notes, ...(metrics.warnings ?? [])];
    const outcome: InspectOutcome = {
      ...metrics,
      trainLoss: trainLoss.summary().loss,
      perClass: perClassMetrics(trainLoss, testLoss, minority),
      model: {
        format: model.format,
        featureLayer: head.featureLayer,
        classifierLayer: head.classifierLayer,
        dim: head.dim,
        classes: K,
        predictMaxAbsDiff: source.predictMaxAbsDiff,
        head: head.kind,
        ...(head.output !== undefined && options.output !== undefined ? { output: head.output } : {}),
        samplesPerSecond: source.samplesPerSecond,
      },
      data: { train: dataReport(train, source.rows), ...(testReport ? { test: testReport } : {}), ...(ood ? { ood: ood.report } : {}) },
      ...(test ? { test } : {}),
    };
    if (warnings.length) outcome.warnings = warnings;
    else delete outcome.warnings;
    return { outcome, geometry: runGeometry(stats, metricsOptions.weights as Float64Array, outcome, train.labelNames ?? null), shape };
  } finally {
    for (const s of sources) s.dispose();
    model.dispose();
  }
}

function trajectoryPoint(checkpoint: string, epoch: number | null, r: InspectOutcome): TrajectoryPoint {
  return {
    checkpoint,
    epoch,
    nc1: r.nc1,
    equinormClassifiers: r.equinormClassifiers,
    equiangularClassifiers: r.equiangularClassifiers,
    maxAngleClassifiers: r.maxAngleClassifiers,
    selfDuality: r.selfDuality,
    nccMismatch: r.nccMismatch,
    minorityCos: r.minority?.meanCosClassifiers ?? null,
  };
}

/** The metrics of one model, or of every checkpoint of a run (the last one in full, plus the trajectory). */
export async function inspect(tf: Tf, options: InspectOptions): Promise<InspectOutcome> {
  return (await inspectWithGeometry(tf, options)).outcome;
}

/** `inspect`, plus the last model's geometry (W, class means, feature energies) for the LPM comparison. */
export async function inspectWithGeometry(tf: Tf, options: InspectOptions): Promise<OneRun> {
  if (!isCheckpointFolder(options.model)) {
    return inspectOne(tf, options.model, options, '', true, options.saveFeatures);
  }
  const checkpoints = listCheckpoints(options.model);
  const trajectory: TrajectoryPoint[] = [];
  checkSameArchitecture(options.model, checkpoints);
  let last: OneRun | undefined;
  let reference: RunShape | undefined;
  for (let i = 0; i < checkpoints.length; i++) {
    const cp = checkpoints[i];
    const isLast = i === checkpoints.length - 1;
    const run = await inspectOne(tf, cp.path, options, `checkpoint ${i + 1}/${checkpoints.length} (${cp.name}): `, isLast, isLast ? options.saveFeatures : undefined, {
      name: cp.name,
      folder: options.model,
      reference,
    });
    reference ??= run.shape;
    trajectory.push(trajectoryPoint(cp.name, cp.epoch, run.outcome));
    last = run;
  }
  if (!last) throw fileFault(options.model, 'is a checkpoint folder without checkpoints');
  const note = orderNote(checkpoints);
  const outcome: InspectOutcome = { ...last.outcome, trajectory };
  if (note) outcome.warnings = [...(outcome.warnings ?? []), note];
  return { outcome, geometry: last.geometry };
}

// Penultimate features of a model on a data set, as a FeatureSource the metrics can stream.
//
// Each batch: inputs → one forward pass returning both H (the classifier's input) and the model's
// output, inside tf.tidy so no tensor outlives the batch. The output is used to check on every
// batch that act(H Wᵀ + b) reproduces the model (verify.ts); the largest difference is reported.
//
// Re-iteration (the metrics make two passes, theory.md §1.9): when N×d float32 features fit in
// `cacheBytes` (default 256 MiB, i.e. 67M values, e.g. 60 000 × 1024), the first complete pass
// keeps them and later passes replay them from memory; otherwise every pass runs the model again
// (deterministic: inference mode, no dropout), which trades time for memory.
import { basename } from 'node:path';
import type { FeatureBatch, FeatureSource } from '../data/source';
import type { RunHooks } from '../runHooks';
import { throwIfAborted } from '../runHooks';
import type { InputSource } from '../data/inputs';
import { fileFault } from '../errors';
import type { Tf } from '../tf';
import type { ClassifierModel } from './classifierModel';
import { stratifiedSubset } from '../data/subset';
import { sampleInputShape, type Layout } from './inputShape';
import { createOutputCheck, reproductionFailure } from './verify';

export const DEFAULT_BATCH_SIZE = 256;
export const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;

export interface ExtractionOptions extends RunHooks {
  batchSize?: number;
  /** Use only a seeded stratified subset of N samples of the data (data/subset.ts). */
  maxSamples?: number;
  /** Cache features in memory when rows × dim × 4 bytes is at most this. 0 disables the cache. */
  cacheBytes?: number;
  /** Progress stage label, e.g. "train". */
  label?: string;
  /** 'nchw': the samples are channels-first [C, H, W] and are transposed to the model's [H, W, C]. */
  layout?: Layout;
}

export interface ModelFeatureSource extends FeatureSource {
  readonly rows: number;
  readonly inputs: InputSource;
  /** Largest |act(H Wᵀ + b) − model output| seen so far (null before the first batch). */
  readonly predictMaxAbsDiff: number | null;
  /** Whether later passes replay features from memory. */
  readonly cached: boolean;
  /** Passes that ran the model (1 when the cache served the rest). */
  readonly modelPasses: number;
  /** Samples per second of the passes that ran the model (reading, forward pass and check), null before one completed. */
  readonly samplesPerSecond: number | null;
  dispose(): void;
}

function firstNonFinite(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

export function modelFeatureSource(tf: Tf, model: ClassifierModel, allInputs: InputSource, options: ExtractionOptions = {}): ModelFeatureSource {
  const { head } = model;
  const inputs = options.maxSamples === undefined ? allInputs : stratifiedSubset(allInputs, options.maxSamples);
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));
  const rows = Math.min(inputs.rows, options.maxSamples ?? Infinity);
  const { shape, channelsFirst } = sampleInputShape(model.inputShape, inputs.sampleShape, inputs.name, model.inputName, options.layout);
  const width = shape.reduce((a, b) => a * b, 1);
  const d = head.dim;
  const k = head.classes;
  const cacheBytes = options.cacheBytes ?? DEFAULT_CACHE_BYTES;
  const useCache = rows * d * 4 <= cacheBytes;
  const totalBatches = Math.ceil(rows / batchSize);
  const stage = `extracting features${options.label ? ` (${options.label})` : ''}`;
  const check = createOutputCheck(tf, head);

  let cache: FeatureBatch[] | null = null;
  let maxDiff: number | null = null;
  let modelPasses = 0;
  let modelSeconds = 0;
  let modelSamples = 0;

  async function* runModel(signal?: AbortSignal): AsyncGenerator<FeatureBatch> {
    modelPasses++;
    const filling: FeatureBatch[] | null = useCache ? [] : null;
    let seen = 0;
    let done = 0;
    // Time spent here (reading, forward pass, checks), not in the consumer between batches.
    let mark = performance.now();
    for await (const batch of inputs.batches(batchSize, signal)) {
      throwIfAborted(signal ?? options.signal);
      const n = Math.min(batch.rows, rows - seen);
      if (n <= 0) break;
      const values = batch.values.subarray(0, n * width);
      const labels = Int32Array.from(batch.labels.subarray(0, n));
      const bad = firstNonFinite(values);
      if (bad >= 0) {
        throw fileFault(inputs.name, `sample ${seen + Math.floor(bad / width)} (counting from 0) has a non-finite value (${values[bad]}) at position ${bad % width}`);
      }
      for (let i = 0; i < n; i++) {
        if (labels[i] < 0 || labels[i] >= k) {
          const name = inputs.labelNames?.[labels[i]];
          throw fileFault(inputs.labelsFile ?? inputs.name, `label ${labels[i]}${name ? ` ("${name}")` : ''} of sample ${seen + i} (counting from 0) is out of range: the model has ${k} classes (0–${k - 1})`);
        }
      }
      const x = channelsFirst
        ? tf.tidy(() => tf.transpose(tf.tensor(values, [n, ...shape], 'float32'), [0, 2, 3, 1]))
        : tf.tensor(values, [n, ...shape], 'float32');
      let out: Awaited<ReturnType<ClassifierModel['run']>>;
      try {
        out = await model.run(x);
      } finally {
        x.dispose();
      }
      let features: Float32Array;
      let diff: number;
      let maxOut: number;
      try {
        if (out.features.rank !== 2 || out.features.shape[1] !== d) {
          throw fileFault(model.jsonPath, `the feature layer "${head.featureLayer}" gave shape [${out.features.shape.join(', ')}], expected [${n}, ${d}]`);
        }
        diff = check.maxAbsDiff(out.features, out.output);
        maxOut = tf.tidy(() => tf.max(tf.abs(out.output)).dataSync()[0]);
        // A fresh copy: some backends hand out their own storage.
        features = Float32Array.from((await out.features.data()) as Float32Array);
      } finally {
        tf.dispose([out.features, out.output]);
      }
      const badFeature = firstNonFinite(features);
      if (badFeature >= 0) {
        throw fileFault(
          model.jsonPath,
          `features from "${head.featureLayer}" are not finite (${features[badFeature]}) for sample ${seen + Math.floor(badFeature / d)} (counting from 0) of ${basename(inputs.name)}: the model's weights or the inputs produce NaN/Inf`,
        );
      }
      const tolerance = check.tolerance(maxOut);
      if (!(diff <= tolerance)) throw reproductionFailure(model.jsonPath, head, diff, tolerance, `on samples ${seen}–${seen + n - 1}`, inputs.name);
      maxDiff = Math.max(maxDiff ?? 0, diff);
      seen += n;
      done++;
      const batchOut: FeatureBatch = { features, labels, rows: n };
      filling?.push(batchOut);
      options.onProgress?.({ stage, done, total: totalBatches, unit: 'batches', samples: seen });
      modelSeconds += (performance.now() - mark) / 1000;
      yield batchOut;
      mark = performance.now();
      if (seen >= rows) break;
    }
    if (seen < rows) throw fileFault(inputs.name, `yielded ${seen} samples, expected ${rows} (did the file change while reading?)`);
    modelSamples += seen;
    if (filling) cache = filling;
  }

  async function* replay(stored: FeatureBatch[], signal?: AbortSignal): AsyncGenerator<FeatureBatch> {
    let samples = 0;
    for (let i = 0; i < stored.length; i++) {
      throwIfAborted(signal ?? options.signal);
      samples += stored[i].rows;
      options.onProgress?.({ stage: `${stage}, from memory`, done: i + 1, total: stored.length, unit: 'batches', samples });
      yield stored[i];
    }
  }

  return {
    dim: d,
    name: `${model.jsonPath} on ${inputs.name}`,
    rows,
    inputs,
    get predictMaxAbsDiff() {
      return maxDiff;
    },
    get cached() {
      return useCache;
    },
    get modelPasses() {
      return modelPasses;
    },
    get samplesPerSecond() {
      return modelSamples > 0 && modelSeconds > 0 ? modelSamples / modelSeconds : null;
    },
    batches(signal?: AbortSignal) {
      return cache ? replay(cache, signal) : runModel(signal);
    },
    dispose: () => check.dispose(),
  };
}

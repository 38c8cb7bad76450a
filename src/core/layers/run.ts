// `layers`: D_l for every tapped layer of a model (or of every checkpoint of a run) on its data, in
// two passes over the data (pass 1 class means, pass 2 projections; separation.ts), each pass ONE
// forward pass per batch through a model that outputs every chosen layer. Memory: the K×d_l sums and
// the basis per layer plus one batch of every layer's output, whatever N is.
import type { LayerSeparation as LayerRow, LayersCurve, LayersResult } from '../../protocol/layers';
import type { GlobalMeanConvention } from '../../protocol/result';
import type { InputSource, Normalization } from '../data/inputs';
import { openInputs } from '../data/openInputs';
import { throwIfAborted, type RunHooks } from '../runHooks';
import { fileFault } from '../errors';
import { isCheckpointFolder, listCheckpoints, orderNote } from '../model/checkpoints';
import { checkSameArchitecture } from '../pipeline/checkpoints';
import { sampleInputShape } from '../model/inputShape';
import { autoMinority } from '../metrics/minority';
import type { Tensor, Tf } from '../tf';
import { fitSeparation } from './fit';
import { createKernels, DEFAULT_PINV_RTOL, type Kernels } from './metricsKernels';
import { LayerSeparation } from './separation';
import { openTapModel, type TapModel } from './tapModel';
import { indexList } from '../../protocol/classList';

export interface LayersOptions extends RunHooks {
  /** A model folder, a model.json, or a folder of checkpoint folders. */
  model: string;
  data: string;
  labels?: string;
  labelColumn?: string;
  normalization?: Normalization;
  resize?: boolean;
  featureLayer?: string;
  /** Layer names, or 'all' (the default set). */
  layers?: readonly string[] | 'all';
  minority?: readonly number[] | 'auto' | null;
  globalMean?: GlobalMeanConvention;
  batchSize?: number;
  maxSamples?: number;
  /** Fit range (layer indices); default 0 … the penultimate layer. */
  fitFrom?: number;
  fitTo?: number;
  pinvRtol?: number;
  kernels?: 'auto' | 'javascript';
}

export type LayersOutcome = Omit<LayersResult, 'backend'>;

/** At most this many float32 values of layer outputs per batch (64 MiB), whatever the batch size. */
export const MAX_BATCH_VALUES = 2 ** 24;

interface Layer {
  row: Omit<LayerRow, 'separation' | 'separationBalanced' | 'nc1' | 'minority'>;
  acc: LayerSeparation | null;
}

interface Run {
  curve: LayersCurve;
  model: LayersResult['model'];
  data: LayersResult['data'];
  minorityClasses: number[] | null;
  warnings: string[];
}

function firstNonFinite(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

async function runOne(tf: Tf, path: string, options: LayersOptions, kernels: Kernels, stagePrefix: string): Promise<Run> {
  const tap = await openTapModel(tf, path, { layers: options.layers, featureLayer: options.featureLayer });
  const layers: Layer[] = [];
  try {
    const K = tap.classes;
    if (K < 2) throw fileFault(tap.jsonPath, `classifier "${tap.classifierLayer}" has ${K} output unit; separation needs K ≥ 2 classes`);
    const inputs = await openInputs(options.data, { shape: tap.inputShape, name: tap.inputName }, {
      labelsPath: options.labels,
      labelColumn: options.labelColumn,
      normalization: options.normalization,
      resize: options.resize,
    });
    // layers takes no --layout: samples are in the model's own (channels-last) order.
    const { shape } = sampleInputShape(tap.inputShape, inputs.sampleShape, inputs.name, tap.inputName);
    const width = shape.reduce((a, b) => a * b, 1);
    layers.push({ row: { index: 0, name: 'input', className: 'Input', dim: width }, acc: new LayerSeparation(width, K) });
    tap.chosen.forEach((t, i) => layers.push({ row: { index: i + 1, name: t.name, className: t.className, dim: t.dim ?? 0 }, acc: t.dim ? new LayerSeparation(t.dim, K) : null }));
    const rows = Math.min(inputs.rows, options.maxSamples ?? Infinity);
    const known = layers.reduce((s, l) => s + (l.row.dim || width), 0);
    const batchSize = Math.max(1, Math.min(Math.floor(options.batchSize ?? 256), Math.floor(MAX_BATCH_VALUES / known)));
    const rtol = options.pinvRtol ?? DEFAULT_PINV_RTOL;

    await pass(tf, tap, inputs, shape, rows, batchSize, layers, 1, kernels, options, stagePrefix);
    const counts = (layers[0].acc as LayerSeparation).pass1.counts;
    const empty = Array.from(counts.keys()).filter((k) => counts[k] === 0);
    if (empty.length) throw fileFault(inputs.name, `has no samples of class${empty.length > 1 ? 'es' : ''} ${indexList(empty)}; the model has ${K} classes and D_l needs at least one sample of each`);
    const warnings = [...tap.warnings, ...inputs.warnings];
    let minorityClasses: number[] | null = null;
    if (options.minority === 'auto') {
      const picked = autoMinority(counts);
      if (picked.length > 0 && picked.length < K) minorityClasses = picked;
      else warnings.push('--minority auto: no class has at most 1/4 of the largest class\'s samples, so no majority/minority curves');
    } else if (options.minority && options.minority.length) {
      const bad = options.minority.find((k) => !(Number.isInteger(k) && k >= 0 && k < K));
      if (bad !== undefined) throw fileFault(tap.jsonPath, `--minority class ${bad} is out of range: the model has ${K} classes (0–${K - 1})`);
      minorityClasses = [...options.minority];
    }
    for (const l of layers) l.acc?.startPass2(tf, minorityClasses, rtol);
    await pass(tf, tap, inputs, shape, rows, batchSize, layers, 2, kernels, options, stagePrefix);

    const convention = options.globalMean ?? 'unweighted';
    const rowsOut: LayerRow[] = layers.map((l) => ({ ...l.row, ...(l.acc as LayerSeparation).finish(convention) })).map(({ reason, ...row }) => (void reason, row));
    const penultimate = tap.penultimate + 1;
    const from = options.fitFrom ?? 0;
    const to = options.fitTo ?? penultimate;
    if (!(from >= 0 && to < rowsOut.length && from < to)) throw fileFault(tap.jsonPath, `fit range ${from}…${to} is not within the ${rowsOut.length} layers 0…${rowsOut.length - 1} (from < to)`);
    const fit = fitSeparation(rowsOut.map((r) => r.separation), from, to);
    const skippedDefault = tap.available.filter((t) => t.passThrough && !tap.chosen.some((c) => c.name === t.name)).map((t) => t.name);
    if (skippedDefault.length && !Array.isArray(options.layers)) warnings.push(`not tapped by default, same values as their input at inference: ${skippedDefault.join(', ')} (name them in --layers to include them)`);
    return {
      curve: { checkpoint: null, epoch: null, layers: rowsOut, fit, penultimate },
      model: { path: tap.jsonPath, format: tap.format, featureLayer: tap.featureLayer, classifierLayer: tap.classifierLayer, classes: K },
      data: { path: inputs.name, samples: rows, counts: Array.from(counts), classNames: inputs.labelNames ? [...inputs.labelNames] : null },
      minorityClasses,
      warnings,
    };
  } finally {
    for (const l of layers) l.acc?.dispose();
    tap.dispose();
  }
}

/** One pass over the data: a forward pass per batch, every layer's output into its accumulator. */
async function pass(tf: Tf, tap: TapModel, inputs: InputSource, shape: number[], rows: number, batchSize: number, layers: Layer[], which: 1 | 2, kernels: Kernels, hooks: RunHooks, prefix: string): Promise<void> {
  const K = tap.classes;
  const width = shape.reduce((a, b) => a * b, 1);
  const stage = `${prefix}pass ${which}/2: ${which === 1 ? 'class means' : 'projections'} of ${layers.length} layers`;
  let seen = 0;
  hooks.onProgress?.({ stage, done: 0, total: rows, unit: 'samples', samples: 0 });
  for await (const batch of inputs.batches(batchSize, hooks.signal)) {
    throwIfAborted(hooks.signal);
    const n = Math.min(batch.rows, rows - seen);
    if (n <= 0) break;
    const values = batch.values.subarray(0, n * width);
    const labels = batch.labels.subarray(0, n);
    for (let i = 0; i < n; i++) {
      if (!(labels[i] >= 0 && labels[i] < K)) throw fileFault(inputs.labelsFile ?? inputs.name, `label ${labels[i]} of sample ${seen + i} (counting from 0) is out of range: the model has ${K} classes (0–${K - 1})`);
    }
    const bad = firstNonFinite(values);
    if (bad >= 0) throw fileFault(inputs.name, `sample ${seen + Math.floor(bad / width)} (counting from 0) has a non-finite value (${values[bad]})`);
    await add(tf, layers[0], values, labels, n, which, kernels);
    const x = tf.tensor(values, [n, ...shape], 'float32');
    let outs: Tensor[];
    try {
      outs = await tap.run(x);
    } finally {
      x.dispose();
    }
    try {
      for (let t = 0; t < outs.length; t++) {
        const layer = layers[t + 1];
        const out = outs[t];
        const dim = out.shape.slice(1).reduce((a, b) => a * b, 1);
        if (out.shape[0] !== n) throw fileFault(tap.jsonPath, `layer "${layer.row.name}" gave shape [${out.shape.join(', ')}] for a batch of ${n}: not one vector per sample (leave it out of --layers)`);
        if (!layer.acc) {
          layer.row.dim = dim;
          layer.acc = new LayerSeparation(dim, K);
        } else if (dim !== layer.row.dim) throw fileFault(tap.jsonPath, `layer "${layer.row.name}" gave ${dim} values per sample, expected ${layer.row.dim}`);
        const data = (await out.data()) as Float32Array;
        const badOut = firstNonFinite(data);
        if (badOut >= 0) throw fileFault(tap.jsonPath, `layer "${layer.row.name}" is not finite (${data[badOut]}) for sample ${seen + Math.floor(badOut / dim)} (counting from 0) of ${inputs.name}`);
        await add(tf, layer, data, labels, n, which, kernels);
      }
    } finally {
      tf.dispose(outs);
    }
    seen += n;
    hooks.onProgress?.({ stage, done: seen, total: rows, unit: 'samples', samples: seen });
    if (seen >= rows) break;
  }
  if (seen < rows) throw fileFault(inputs.name, `yielded ${seen} samples, expected ${rows} (did the file change while reading?)`);
}

async function add(tf: Tf, layer: Layer, x: Float32Array, labels: Int32Array, n: number, which: 1 | 2, kernels: Kernels): Promise<void> {
  const acc = layer.acc as LayerSeparation;
  if (which === 1) acc.addPass1(x, labels, n, kernels);
  else await acc.addPass2(tf, x, labels, n, kernels);
}

/** D_l by layer for one model, or one curve per checkpoint (the top-level curve is the last one). */
export async function separationAcrossLayers(tf: Tf, options: LayersOptions): Promise<LayersOutcome> {
  const kernels = createKernels(options.kernels ?? 'auto');
  const conventions = { separation: 'count-weighted', separationBalanced: 'balanced', globalMean: options.globalMean ?? 'unweighted', pinvRtol: options.pinvRtol ?? DEFAULT_PINV_RTOL, flatten: 'row-major' } as const;
  const finish = (run: Run, checkpoints?: LayersCurve[]): LayersOutcome => ({
    ...run.curve,
    conventions,
    model: run.model,
    data: run.data,
    minorityClasses: run.minorityClasses,
    ...(checkpoints ? { checkpoints } : {}),
    ...(run.warnings.length ? { warnings: run.warnings } : {}),
  });
  if (!isCheckpointFolder(options.model)) return finish(await runOne(tf, options.model, options, kernels, ''));
  const list = listCheckpoints(options.model);
  checkSameArchitecture(options.model, list);
  const curves: LayersCurve[] = [];
  let last: Run | undefined;
  for (let i = 0; i < list.length; i++) {
    const cp = list[i];
    last = await runOne(tf, cp.path, options, kernels, `checkpoint ${i + 1}/${list.length} (${cp.name}): `);
    curves.push({ ...last.curve, checkpoint: cp.name, epoch: cp.epoch });
  }
  if (!last) throw fileFault(options.model, 'is a checkpoint folder without checkpoints');
  const note = orderNote(list);
  return finish({ ...last, curve: curves[curves.length - 1], warnings: note ? [...last.warnings, note] : last.warnings }, curves);
}

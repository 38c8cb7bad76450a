// Model inputs from NumPy files: x.npy (+ labels .npy given with --labels or found by name:
// x.npy → y.npy, *images* → *labels*, *features* → *labels*), or one .npz holding both (inputs
// under x/X/inputs/images/data/features, labels under y/Y/labels/label/targets/target).
// .npy inputs stream row ranges from disk (io/npy.ts NpyFile); .npz archives are read whole.
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { NpyFile, readNpy, type NpyArray } from '../io/npy';
import { readNpz } from '../io/npz';
import { fileFault } from '../errors';
import { AUTO_NORMALIZATION, normalize, type InputBatch, type InputSource, type Normalization } from './inputs';
import { throwIfAborted } from '../runHooks';

export interface NpyInputOptions {
  labelsPath?: string;
  normalization?: Normalization;
  /** Unlabelled data (an out-of-distribution set): without a labels file every label is 0. */
  optionalLabels?: boolean;
}

const INPUT_KEYS = ['x', 'X', 'inputs', 'images', 'data', 'features'];
const LABEL_KEYS = ['y', 'Y', 'labels', 'label', 'targets', 'target'];

/** The labels file the usual names pair with an inputs .npy, if it exists. */
export function companionNpyLabels(path: string): string | undefined {
  const dir = dirname(path);
  const base = basename(path);
  const candidates = [
    base.replace(/^x(?=[._-])/i, (m) => (m === 'X' ? 'Y' : 'y')),
    base.replace(/(?<=[._-])x(?=\.npy$)/i, 'y'),
    base.replace(/images/i, 'labels'),
    base.replace(/inputs/i, 'labels'),
    base.replace(/features/i, 'labels'),
  ].filter((c) => c !== base);
  return candidates.map((c) => join(dir, c)).find((p) => existsSync(p));
}

/** Labels as class indices from a decoded array; every value must be a non-negative integer. */
function labelsFrom(array: NpyArray, rows: number, what: string): { labels: Int32Array; labelCount: number } {
  const { shape, data } = array;
  if (!(shape.length === 1 || (shape.length === 2 && shape[1] === 1))) {
    throw fileFault(what, `has shape [${shape.join(', ')}]; labels must be one integer per sample (shape [${rows}])`);
  }
  if (shape[0] !== rows) throw fileFault(what, `has ${shape[0]} labels but the inputs have ${rows} samples`);
  const labels = new Int32Array(rows);
  let labelCount = 0;
  for (let i = 0; i < rows; i++) {
    const v = data[i];
    if (!(Number.isInteger(v) && v >= 0 && v < 2 ** 31)) throw fileFault(what, `label ${v} at index ${i} is not a non-negative integer class index`);
    labels[i] = v;
    labelCount = Math.max(labelCount, v + 1);
  }
  return { labels, labelCount };
}

async function readLabels(path: string, rows: number): Promise<{ labels: Int32Array; labelCount: number }> {
  if (extname(path).toLowerCase() === '.npz') {
    const arrays = await readNpz(path);
    const key = LABEL_KEYS.find((k) => arrays.has(k)) ?? (arrays.size === 1 ? [...arrays.keys()][0] : undefined);
    if (!key) throw fileFault(path, `has no labels array (looked for ${LABEL_KEYS.join(', ')}; it holds ${[...arrays.keys()].join(', ')})`);
    return labelsFrom(arrays.get(key)!, rows, `${path}:${key}`);
  }
  return labelsFrom(await readNpy(path, 'float64'), rows, path);
}

function checkInputShape(shape: readonly number[], what: string): number[] {
  if (shape.length < 2) throw fileFault(what, `has shape [${shape.join(', ')}]: inputs need a sample dimension and at least one value per sample (is this a labels file?)`);
  if (shape[0] === 0) throw fileFault(what, 'holds no samples');
  return shape.slice(1);
}

export async function openNpyInputs(path: string, options: NpyInputOptions = {}): Promise<InputSource> {
  const normalization = options.normalization ?? AUTO_NORMALIZATION;
  const base = { name: path, labelNames: null, warnings: [] as string[] };

  if (extname(path).toLowerCase() === '.npz') {
    const arrays = await readNpz(path);
    const keys = [...arrays.keys()];
    const inputKey = INPUT_KEYS.find((k) => arrays.has(k)) ?? keys.filter((k) => !LABEL_KEYS.includes(k)).at(0);
    if (!inputKey) throw fileFault(path, `has no inputs array (looked for ${INPUT_KEYS.join(', ')}; it holds ${keys.join(', ')})`);
    const inputs = arrays.get(inputKey)!;
    const sampleShape = checkInputShape(inputs.shape, `${path}:${inputKey}`);
    const rows = inputs.shape[0];
    const width = sampleShape.reduce((a, b) => a * b, 1);
    let labelled: { labels: Int32Array; labelCount: number };
    if (options.labelsPath) labelled = await readLabels(options.labelsPath, rows);
    else {
      const labelKey = LABEL_KEYS.find((k) => arrays.has(k));
      if (!labelKey && options.optionalLabels) labelled = { labels: new Int32Array(rows), labelCount: 1 };
      else if (!labelKey) throw fileFault(path, `holds inputs "${inputKey}" but no labels array (${LABEL_KEYS.join(', ')}); add one or give --labels`);
      else labelled = labelsFrom(arrays.get(labelKey)!, rows, `${path}:${labelKey}`);
    }
    const eightBit = inputs.header.dtype === 'uint8';
    const channels = sampleShape.length >= 3 ? sampleShape[sampleShape.length - 1] : 1;
    return {
      ...base,
      format: 'npz',
      rows,
      sampleShape,
      labelsFile: options.labelsPath,
      labelCount: labelled.labelCount,
      async *batches(batchSize: number, signal?: AbortSignal): AsyncIterable<InputBatch> {
        for (let start = 0; start < rows; start += batchSize) {
          throwIfAborted(signal);
          const n = Math.min(batchSize, rows - start);
          const values = Float32Array.from(inputs.data.subarray(start * width, (start + n) * width));
          normalize(values, channels, normalization, eightBit);
          yield { values, labels: labelled.labels.subarray(start, start + n), rows: n };
        }
      },
    };
  }

  const probe = await NpyFile.open(path);
  const { header } = probe;
  await probe.close();
  const sampleShape = checkInputShape(header.shape, path);
  const rows = header.shape[0];
  const labelsPath = options.labelsPath ?? companionNpyLabels(path);
  if (!labelsPath && !options.optionalLabels) throw fileFault(path, 'has no labels: give the labels .npy with --labels (or name them y.npy / *labels*.npy next to it)');
  const { labels, labelCount } = labelsPath ? await readLabels(labelsPath, rows) : { labels: new Int32Array(rows), labelCount: 1 };
  const width = sampleShape.reduce((a, b) => a * b, 1);
  const eightBit = header.dtype === 'uint8';
  const channels = sampleShape.length >= 3 ? sampleShape[sampleShape.length - 1] : 1;
  if (!options.labelsPath && labelsPath) base.warnings.push(`${path}: labels read from ${labelsPath}`);
  return {
    ...base,
    format: 'npy',
    rows,
    sampleShape,
    labelsFile: labelsPath,
    labelCount,
    async *batches(batchSize: number, signal?: AbortSignal): AsyncIterable<InputBatch> {
      const file = await NpyFile.open(path);
      try {
        for (let start = 0; start < rows; start += batchSize) {
          throwIfAborted(signal);
          const n = Math.min(batchSize, rows - start);
          const values = new Float32Array(n * width);
          await file.readRows(start, n, values);
          normalize(values, channels, normalization, eightBit);
          yield { values, labels: labels.subarray(start, start + n), rows: n };
        }
      } finally {
        await file.close();
      }
    },
  };
}

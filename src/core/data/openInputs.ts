// Picks the reader for a data path: a folder is an image folder (root/<class>/*.png|jpg), .csv/.tsv/
// .txt is CSV, a file starting with an IDX magic is IDX (MNIST), .npy/.npz are NumPy arrays.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { fileFault } from '../errors';
import { openCsv } from './csv';
import { openIdx } from './idx';
import { openImageFolder, type ImageTarget } from './imageFolder';
import type { InputSource, Normalization } from './inputs';
import type { LabelMapping } from './labels';
import { openNpyInputs } from './npyInputs';
import { inputLabel } from '../model/inputShape';

export interface DataOptions {
  /** Labels file (IDX labels; .npy labels). */
  labelsPath?: string;
  /** CSV label column (name or 0-based index). */
  labelColumn?: string;
  normalization?: Normalization;
  /** Image folders: resize images to the model's input size (default true). */
  resize?: boolean;
  /** Class names of the training set, for a test set (null: integer labels). */
  trainClassNames?: readonly string[] | null;
  /** Unlabelled data (an out-of-distribution set): .npy/.npz/IDX inputs need no labels file. */
  optionalLabels?: boolean;
}

export const DATA_FORMATS = 'an image folder (root/<class>/*.png|jpg), a .csv file, IDX files (MNIST) or .npy/.npz files';

function startsWithIdxMagic(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(4);
    const n = readSync(fd, b, 0, 4, 0);
    return n === 4 && b[0] === 0 && b[1] === 0 && [0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e].includes(b[2]) && b[3] >= 1 && b[3] <= 8;
  } finally {
    closeSync(fd);
  }
}

/** The image size and channels a model's per-sample input shape asks for. */
export function imageTarget(inputShape: readonly (number | null)[], dataPath: string, inputName: string): ImageTarget {
  const show = `[${inputShape.map((d) => d ?? '?').join(', ')}]`;
  if (inputShape.length !== 3) throw fileFault(dataPath, `is an image folder but ${inputLabel(inputName)} has shape ${show}, not [height, width, channels]`);
  const [height, width, channels] = inputShape;
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw fileFault(dataPath, `is an image folder but ${inputLabel(inputName)} has ${channels ?? 'an unknown number of'} channels (shape ${show}); images give 1, 3 or 4`);
  }
  return { height, width, channels };
}

export async function openInputs(path: string, modelInput: { shape: readonly (number | null)[]; name: string }, options: DataOptions = {}): Promise<InputSource> {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw fileFault(path, 'does not exist');
  }
  const train = options.trainClassNames;
  if (stat.isDirectory()) {
    return openImageFolder(path, {
      target: imageTarget(modelInput.shape, path, modelInput.name),
      resize: options.resize,
      classNames: train ?? undefined,
      normalization: options.normalization,
    });
  }
  const ext = extname(path).toLowerCase();
  if (stat.size === 0) throw fileFault(path, 'is empty (0 bytes)');
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') {
    const labels: LabelMapping | undefined = train === undefined ? undefined : train === null ? { kind: 'indices' } : { kind: 'names', names: train };
    return openCsv(path, { labelColumn: options.labelColumn, labels, normalization: options.normalization });
  }
  if (ext === '.npy' || ext === '.npz') return openNpyInputs(path, { labelsPath: options.labelsPath, normalization: options.normalization, optionalLabels: options.optionalLabels });
  if (ext === '.gz' || /idx\d/i.test(basename(path)) || startsWithIdxMagic(path)) return openIdx(path, { labelsPath: options.labelsPath, normalization: options.normalization, optionalLabels: options.optionalLabels });
  throw fileFault(path, `is not a data format Collapse Lens reads (expected ${DATA_FORMATS})`);
}

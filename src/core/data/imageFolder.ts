// An image folder: root/<class>/*.png|jpg|jpeg. Classes are the sub-folder names in sorted order
// (Keras's image_dataset_from_directory convention), files sorted by name inside each class.
// Images are decoded per batch, converted to the model's channel count (grayscale by ITU-R 601
// luma, as tf.image.rgbToGrayscale), resized bilinearly to the model's height × width unless
// resizing is off, and normalised (default scale 1/255 → [0, 1]).
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileFault } from '../errors';
import { decodeImage, IMAGE_EXTENSIONS } from './image';
import { AUTO_NORMALIZATION, normalize, type InputBatch, type InputSource, type Normalization } from './inputs';
import { resizeBilinear } from './resize';
import { throwIfAborted } from '../runHooks';

export interface ImageTarget {
  /** null: take the size of the images (they must then all have the same size). */
  height: number | null;
  width: number | null;
  channels: 1 | 3 | 4;
}

export interface ImageFolderOptions {
  target: ImageTarget;
  /** Resize images whose size differs from the target (default true); false makes that an error. */
  resize?: boolean;
  /** The training set's class names (for a test folder). */
  classNames?: readonly string[];
  normalization?: Normalization;
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path).filter((n) => !n.startsWith('.'));
  } catch {
    throw fileFault(path, 'cannot be listed');
  }
}

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** True when `path` looks like an image folder (it has sub-folders holding images). */
export function looksLikeImageFolder(path: string): boolean {
  if (!isDir(path)) return false;
  return listDir(path).some((c) => isDir(join(path, c)) && listDir(join(path, c)).some((f) => IMAGE_EXTENSIONS.includes(extname(f).toLowerCase())));
}

function toChannels(rgba: Uint8Array, pixels: number, channels: number): Float32Array {
  const out = new Float32Array(pixels * channels);
  for (let p = 0; p < pixels; p++) {
    const r = rgba[4 * p];
    const g = rgba[4 * p + 1];
    const b = rgba[4 * p + 2];
    if (channels === 1) out[p] = 0.299 * r + 0.587 * g + 0.114 * b;
    else for (let k = 0; k < channels; k++) out[p * channels + k] = rgba[4 * p + k];
  }
  return out;
}

export function openImageFolder(root: string, options: ImageFolderOptions): InputSource {
  if (!isDir(root)) throw fileFault(root, 'is not a folder');
  const classes = listDir(root)
    .filter((c) => isDir(join(root, c)))
    .sort();
  if (classes.length === 0) throw fileFault(root, 'has no class folders (expected root/<class>/*.png|jpg)');
  const names = options.classNames ?? classes;
  const files: { path: string; label: number }[] = [];
  for (const c of classes) {
    const label = names.indexOf(c);
    if (label < 0) throw fileFault(join(root, c), `class folder "${c}" is not one of the training classes (${names.join(', ')})`);
    const images = listDir(join(root, c))
      .filter((f) => IMAGE_EXTENSIONS.includes(extname(f).toLowerCase()))
      .sort();
    if (images.length === 0) throw fileFault(join(root, c), `class folder "${c}" has no .png/.jpg/.jpeg images`);
    for (const f of images) files.push({ path: join(root, c, f), label });
  }

  const { target } = options;
  let height = target.height;
  let width = target.width;
  if (height === null || width === null) {
    const first = decodeImage(files[0].path);
    height ??= first.height;
    width ??= first.width;
  }
  const h = height;
  const w = width;
  const c = target.channels;
  const resize = options.resize ?? true;
  const normalization = options.normalization ?? AUTO_NORMALIZATION;
  const warnings: string[] = [];
  const resizedFrom = new Set<string>();

  return {
    name: root,
    format: 'image-folder',
    rows: files.length,
    sampleShape: [h, w, c],
    labelNames: names,
    warnings,
    labelCount: names.length,
    async *batches(batchSize: number, signal?: AbortSignal): AsyncIterable<InputBatch> {
      for (let start = 0; start < files.length; start += batchSize) {
        throwIfAborted(signal);
        const n = Math.min(batchSize, files.length - start);
        const values = new Float32Array(n * h * w * c);
        const labels = new Int32Array(n);
        for (let i = 0; i < n; i++) {
          const file = files[start + i];
          const img = decodeImage(file.path);
          let pixels = toChannels(img.rgba, img.width * img.height, c);
          if (img.width !== w || img.height !== h) {
            if (!resize) throw fileFault(file.path, `is ${img.width}×${img.height} but the model takes ${w}×${h} images (resizing is off)`);
            const size = `${img.width}×${img.height}`;
            if (!resizedFrom.has(size)) {
              resizedFrom.add(size);
              warnings.push(`${root}: images of ${size} (first: ${file.path}) resized to ${w}×${h} (bilinear, half-pixel centres)`);
            }
            pixels = resizeBilinear(pixels, img.height, img.width, c, h, w);
          }
          values.set(pixels, i * h * w * c);
          labels[i] = file.label;
        }
        normalize(values, c, normalization, true);
        yield { values, labels, rows: n };
      }
    },
  };
}

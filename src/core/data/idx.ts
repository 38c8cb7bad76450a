// IDX files (the MNIST format, LeCun et al.): a 4-byte magic [0, 0, type, ndim], ndim big-endian
// uint32 dimensions, then the values big-endian. Images are read batch by batch with positional
// reads; a .gz file is inflated into memory first. Labels come from a second IDX file (--labels),
// found automatically for MNIST names (train-images-idx3-ubyte → train-labels-idx1-ubyte).
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describeError, fileFault, nonEmptyFileSize } from '../errors';
import { AUTO_NORMALIZATION, normalize, type InputBatch, type InputSource, type Normalization } from './inputs';
import { throwIfAborted } from '../runHooks';

interface IdxType {
  name: string;
  bytes: number;
  read: (b: Buffer, offset: number) => number;
}

const TYPES: Record<number, IdxType> = {
  0x08: { name: 'unsigned byte', bytes: 1, read: (b, o) => b[o] },
  0x09: { name: 'signed byte', bytes: 1, read: (b, o) => b.readInt8(o) },
  0x0b: { name: 'int16', bytes: 2, read: (b, o) => b.readInt16BE(o) },
  0x0c: { name: 'int32', bytes: 4, read: (b, o) => b.readInt32BE(o) },
  0x0d: { name: 'float32', bytes: 4, read: (b, o) => b.readFloatBE(o) },
  0x0e: { name: 'float64', bytes: 8, read: (b, o) => b.readDoubleBE(o) },
};

interface IdxHeader {
  type: IdxType;
  typeCode: number;
  dims: number[];
  dataOffset: number;
}

/** Random access to an IDX file's bytes: positional reads, or an inflated buffer for .gz. */
interface ByteSource {
  size: number;
  read(offset: number, length: number): Buffer;
  close(): void;
}

function openBytes(path: string): ByteSource {
  const size = nonEmptyFileSize(path);
  if (path.endsWith('.gz')) {
    let data: Buffer;
    try {
      data = gunzipSync(readFileSync(path));
    } catch (error) {
      throw fileFault(path, `is not a valid gzip file (${describeError(error)})`);
    }
    return { size: data.length, read: (o, n) => data.subarray(o, o + n), close: () => undefined };
  }
  const fd = openSync(path, 'r');
  return {
    size,
    read(offset, length) {
      const out = Buffer.alloc(length);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, out, done, length - done, offset + done);
        if (n === 0) break;
        done += n;
      }
      return out.subarray(0, done);
    },
    close: () => closeSync(fd),
  };
}

function readHeader(path: string, bytes: ByteSource): IdxHeader {
  const magic = bytes.read(0, 4);
  if (magic.length < 4) throw fileFault(path, `is too short for an IDX header (${bytes.size} bytes)`);
  const typeCode = magic[2];
  const type = TYPES[typeCode];
  const ndim = magic[3];
  if (magic[0] !== 0 || magic[1] !== 0 || !type || ndim === 0) {
    throw fileFault(path, `is not an IDX file (magic bytes ${[...magic].map((b) => b.toString(16).padStart(2, '0')).join(' ')}; expected 00 00 <type 08/09/0b/0c/0d/0e> <number of dimensions>)`);
  }
  const dimBytes = bytes.read(4, 4 * ndim);
  if (dimBytes.length < 4 * ndim) throw fileFault(path, `is truncated inside its header (${ndim} dimensions declared)`);
  const dims = Array.from({ length: ndim }, (_, i) => dimBytes.readUInt32BE(4 * i));
  const dataOffset = 4 + 4 * ndim;
  const expected = dataOffset + dims.reduce((a, b) => a * b, 1) * type.bytes;
  if (bytes.size !== expected) {
    throw fileFault(
      path,
      `${bytes.size < expected ? 'is truncated' : 'is longer than its header says'}: ${bytes.size} bytes, but a ${dims.join('×')} array of ${type.name} needs ${expected} bytes`,
    );
  }
  return { type, typeCode, dims, dataOffset };
}

/** The labels file MNIST names pair with an images file, if it exists. */
export function companionLabels(imagesPath: string): string | undefined {
  const name = basename(imagesPath);
  if (!/images/.test(name)) return undefined;
  const candidate = join(dirname(imagesPath), name.replace('images', 'labels').replace(/idx\d/, 'idx1'));
  return existsSync(candidate) ? candidate : undefined;
}

export interface IdxOptions {
  labelsPath?: string;
  normalization?: Normalization;
  /** Unlabelled data (an out-of-distribution set): without a labels file every label is 0. */
  optionalLabels?: boolean;
}

export function readIdxLabels(path: string, rows: number): { labels: Int32Array; labelCount: number } {
  const bytes = openBytes(path);
  try {
    const header = readHeader(path, bytes);
    const n = header.dims[0];
    if (header.dims.length > 2 || (header.dims.length === 2 && header.dims[1] !== 1)) {
      throw fileFault(path, `holds a ${header.dims.join('×')} array; labels must be one value per sample`);
    }
    if (n !== rows) throw fileFault(path, `has ${n} labels but the data has ${rows} samples`);
    const data = bytes.read(header.dataOffset, n * header.type.bytes);
    const labels = new Int32Array(n);
    let labelCount = 0;
    for (let i = 0; i < n; i++) {
      const v = header.type.read(data, i * header.type.bytes);
      if (!Number.isInteger(v) || v < 0) throw fileFault(path, `label ${v} at index ${i} is not a non-negative integer class index`);
      labels[i] = v;
      labelCount = Math.max(labelCount, v + 1);
    }
    return { labels, labelCount };
  } finally {
    bytes.close();
  }
}

export function openIdx(path: string, options: IdxOptions = {}): InputSource {
  const probe = openBytes(path);
  let header: IdxHeader;
  try {
    header = readHeader(path, probe);
  } finally {
    probe.close();
  }
  if (header.dims.length < 2) throw fileFault(path, `holds a 1-D array of ${header.dims[0]} values: that looks like a labels file, not samples`);
  const rows = header.dims[0];
  if (rows === 0) throw fileFault(path, 'holds no samples');
  const labelsPath = options.labelsPath ?? companionLabels(path);
  if (!labelsPath && !options.optionalLabels) throw fileFault(path, 'has no labels: give the labels IDX file with --labels');
  const { labels, labelCount } = labelsPath ? readIdxLabels(labelsPath, rows) : { labels: new Int32Array(rows), labelCount: 1 };
  const sampleShape = header.dims.slice(1);
  const width = sampleShape.reduce((a, b) => a * b, 1);
  const channels = sampleShape.length >= 3 ? sampleShape[sampleShape.length - 1] : 1;
  const eightBit = header.typeCode === 0x08;
  const normalization = options.normalization ?? AUTO_NORMALIZATION;
  const { type, dataOffset } = header;

  return {
    name: path,
    format: 'idx',
    rows,
    sampleShape,
    labelNames: null,
    warnings: [],
    labelsFile: labelsPath,
    labelCount,
    async *batches(batchSize: number, signal?: AbortSignal): AsyncIterable<InputBatch> {
      const bytes = openBytes(path);
      try {
        for (let start = 0; start < rows; start += batchSize) {
          throwIfAborted(signal);
          const n = Math.min(batchSize, rows - start);
          const raw = bytes.read(dataOffset + start * width * type.bytes, n * width * type.bytes);
          const values = new Float32Array(n * width);
          if (eightBit) values.set(raw);
          else for (let i = 0; i < values.length; i++) values[i] = type.read(raw, i * type.bytes);
          normalize(values, channels, normalization, eightBit);
          yield { values, labels: labels.subarray(start, start + n), rows: n };
        }
      } finally {
        bytes.close();
      }
    },
  };
}

// Writer for .npy (v1.0, C order, little-endian): features, labels and test fixtures.
import { open, writeFile, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { HOST_LITTLE_ENDIAN } from './npyDecode';
import { formatShape, MAGIC } from './npyHeader';


export type NpyWritableDtype = 'float32' | 'float64' | 'int32' | 'uint8';
type WritableArray = Float32Array | Float64Array | Int32Array | Uint8Array;

const WRITE_DESCR: Record<NpyWritableDtype, string> = { float32: '<f4', float64: '<f8', int32: '<i4', uint8: '|u1' };

function dtypeOf(data: WritableArray): NpyWritableDtype {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  return 'uint8';
}

/** The prelude and header of a v1.0 C-order .npy, padded so the data starts at a multiple of 64. */
export function npyHeaderBytes(dtype: NpyWritableDtype, shape: readonly number[]): Uint8Array {
  const dict = `{'descr': '${WRITE_DESCR[dtype]}', 'fortran_order': False, 'shape': ${formatShape(shape)}, }`;
  const unpadded = 10 + dict.length + 1;
  const total = Math.ceil(unpadded / 64) * 64;
  const headerLength = total - 10;
  if (headerLength > 0xffff) throw new RangeError(`shape ${formatShape(shape)} is too long for a v1.0 header`);
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, headerLength, true);
  const text = dict.padEnd(headerLength - 1, ' ') + '\n';
  for (let i = 0; i < text.length; i++) out[10 + i] = text.charCodeAt(i);
  return out;
}

function littleEndianBytes(data: WritableArray): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (HOST_LITTLE_ENDIAN || data.BYTES_PER_ELEMENT === 1) return bytes;
  const copy = new Uint8Array(bytes);
  const size = data.BYTES_PER_ELEMENT;
  for (let i = 0; i < copy.length; i += size) copy.subarray(i, i + size).reverse();
  return copy;
}

function checkShape(data: WritableArray, shape: readonly number[]): void {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== data.length) throw new RangeError(`shape ${formatShape(shape)} holds ${size} elements but the data has ${data.length}`);
}

/** Encodes a whole array as .npy bytes (v1.0, C order, little-endian). */
export function encodeNpy(data: WritableArray, shape: readonly number[]): Uint8Array {
  checkShape(data, shape);
  const header = npyHeaderBytes(dtypeOf(data), shape);
  const out = new Uint8Array(header.length + data.byteLength);
  out.set(header, 0);
  out.set(littleEndianBytes(data), header.length);
  return out;
}

export async function writeNpy(path: string, data: WritableArray, shape: readonly number[]): Promise<void> {
  await writeFile(path, encodeNpy(data, shape));
}

/** Writes a large .npy in chunks of rows (e.g. features while they are extracted). */
export class NpyWriter {
  private written = 0;

  private constructor(
    readonly path: string,
    readonly dtype: NpyWritableDtype,
    readonly shape: readonly number[],
    private readonly handle: FileHandle,
    private position: number,
  ) {}

  static async create(path: string, dtype: NpyWritableDtype, shape: readonly number[]): Promise<NpyWriter> {
    const header = npyHeaderBytes(dtype, shape);
    const handle = await open(path, 'w');
    await handle.write(header, 0, header.length, 0);
    return new NpyWriter(path, dtype, shape, handle, header.length);
  }

  /** Appends elements in C order; the typed array must match the writer's dtype. */
  async write(chunk: WritableArray): Promise<void> {
    if (dtypeOf(chunk) !== this.dtype) throw new TypeError(`${basename(this.path)}: writing ${dtypeOf(chunk)} into a ${this.dtype} .npy`);
    const size = this.shape.reduce((a, b) => a * b, 1);
    if (this.written + chunk.length > size) throw new RangeError(`${basename(this.path)}: more data than shape ${formatShape(this.shape)} holds`);
    const bytes = littleEndianBytes(chunk);
    await this.handle.write(bytes, 0, bytes.length, this.position);
    this.position += bytes.length;
    this.written += chunk.length;
  }

  /** Closes the file; throws if fewer elements were written than the shape declares. */
  async close(): Promise<void> {
    await this.handle.close();
    const size = this.shape.reduce((a, b) => a * b, 1);
    if (this.written !== size) throw new RangeError(`${basename(this.path)}: wrote ${this.written} of the ${size} elements of shape ${formatShape(this.shape)}`);
  }
}

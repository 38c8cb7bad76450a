// .npy elements of every numeric dtype → float32/float64 in C order, and whole small files (W, b,
// labels) read and decoded at once.
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors';
import { fault, formatShape, ITEM_SIZE, parseNpyHeader, type FloatArray, type NpyArray, type NpyDtype, type NpyHeader } from './npyHeader';


export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function float16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // subnormal (or ±0)
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/**
 * Decodes `count` elements from `src` into `out[outOffset + k * outStride]`, converting to float.
 * int64/uint64 values beyond 2^53 are rounded to the nearest double (as numpy's astype(float64)).
 */
export function decodeElements(
  src: Uint8Array,
  dtype: NpyDtype,
  littleEndian: boolean,
  count: number,
  out: FloatArray,
  outOffset = 0,
  outStride = 1,
): void {
  const size = ITEM_SIZE[dtype];
  if (src.length < count * size) throw new RangeError(`decodeElements: ${src.length} bytes cannot hold ${count} ${dtype} elements`);
  const native = littleEndian === HOST_LITTLE_ENDIAN || size === 1;
  // Fast path: same float type, native byte order, contiguous — a plain byte copy.
  if (native && outStride === 1 && ((dtype === 'float32' && out instanceof Float32Array) || (dtype === 'float64' && out instanceof Float64Array))) {
    new Uint8Array(out.buffer, out.byteOffset + outOffset * size, count * size).set(src.subarray(0, count * size));
    return;
  }
  const v = new DataView(src.buffer, src.byteOffset, count * size);
  const le = littleEndian;
  let o = outOffset;
  switch (dtype) {
    case 'bool':
    case 'uint8':
      for (let k = 0; k < count; k++, o += outStride) out[o] = src[k];
      break;
    case 'int8':
      for (let k = 0; k < count; k++, o += outStride) out[o] = v.getInt8(k);
      break;
    case 'int16':
      for (let k = 0; k < count; k++, o += outStride) out[o] = v.getInt16(2 * k, le);
      break;
    case 'uint16':
      for (let k = 0; k < count; k++, o += outStride) out[o] = v.getUint16(2 * k, le);
      break;
    case 'int32':
      for (let k = 0; k < count; k++, o += outStride) out[o] = v.getInt32(4 * k, le);
      break;
    case 'uint32':
      for (let k = 0; k < count; k++, o += outStride) out[o] = v.getUint32(4 * k, le);
      break;
    case 'int64':
      for (let k = 0; k < count; k++, o += outStride) {
        const lo = v.getUint32(8 * k + (le ? 0 : 4), le);
        const hi = v.getInt32(8 * k + (le ? 4 : 0), le);
        out[o] = hi * 4294967296 + lo;
      }
      break;
    case 'uint64':
      for (let k = 0; k < count; k++, o += outStride) {
        const lo = v.getUint32(8 * k + (le ? 0 : 4), le);
        const hi = v.getUint32(8 * k + (le ? 4 : 0), le);
        out[o] = hi * 4294967296 + lo;
      }
      break;
    case 'float16':
      for (let k = 0; k < count; k++, o += outStride) out[o] = float16(v.getUint16(2 * k, le));
      break;
    case 'float32':
      for (let k = 0; k < count; k++, o += outStride) out[o] = v.getFloat32(4 * k, le);
      break;
    case 'float64':
      for (let k = 0; k < count; k++, o += outStride) out[o] = v.getFloat64(8 * k, le);
      break;
  }
}

/** Element count of one row: the product of every dimension after the first (1 for a 1-D array). */
export function rowLength(shape: readonly number[]): number {
  return shape.slice(1).reduce((a, b) => a * b, 1);
}

/**
 * For a Fortran-order array of shape (N, d1, …, dm), the offset (in elements) at which the column
 * for C-flattened trailing index j starts: element (i, j1…jm) sits at i + N·(j1 + d1·(j2 + …)).
 */
export function fortranColumnStart(shape: readonly number[], j: number): number {
  let offset = 0;
  let stride = shape[0];
  // Decompose the C-order flat index j into (j1..jm): the last dimension varies fastest.
  const dims = shape.slice(1);
  const index: number[] = new Array(dims.length);
  for (let a = dims.length - 1; a >= 0; a--) {
    index[a] = j % dims[a];
    j = Math.floor(j / dims[a]);
  }
  for (let a = 0; a < dims.length; a++) {
    offset += index[a] * stride;
    stride *= dims[a];
  }
  return offset;
}

export function allocate(as: 'float32' | 'float64', n: number): FloatArray {
  return as === 'float32' ? new Float32Array(n) : new Float64Array(n);
}

/** Decodes a whole .npy held in memory (a small file or an .npz member) into C order. */
export function decodeNpy(bytes: Uint8Array, name: string, as: 'float32'): NpyArray<Float32Array>;
export function decodeNpy(bytes: Uint8Array, name: string, as?: 'float64'): NpyArray<Float64Array>;
export function decodeNpy(bytes: Uint8Array, name: string, as: 'float32' | 'float64' = 'float64'): NpyArray {
  const header = parseNpyHeader(bytes, name);
  const need = header.size * header.itemSize;
  const have = bytes.length - header.dataOffset;
  checkDataLength(name, header, have);
  const src = bytes.subarray(header.dataOffset, header.dataOffset + need);
  const data = allocate(as, header.size);
  if (!header.fortranOrder || header.shape.length < 2) {
    decodeElements(src, header.dtype, header.littleEndian, header.size, data);
  } else {
    const n = header.shape[0];
    const cols = rowLength(header.shape);
    for (let j = 0; j < cols; j++) {
      const start = fortranColumnStart(header.shape, j) * header.itemSize;
      decodeElements(src.subarray(start, start + n * header.itemSize), header.dtype, header.littleEndian, n, data, j, cols);
    }
  }
  return { name, header, shape: header.shape, data };
}

export function checkDataLength(name: string, header: NpyHeader, have: number): void {
  const need = header.size * header.itemSize;
  if (have < need) {
    throw fault(name, `truncated: the header says shape ${formatShape(header.shape)} of ${header.dtype} (${need} bytes of data) but the file holds only ${have} bytes after the header`);
  }
  if (have > need) {
    throw fault(name, `size mismatch: the header says shape ${formatShape(header.shape)} of ${header.dtype} (${need} bytes of data) but the file holds ${have} bytes after the header`);
  }
}

/** Reads a whole .npy file. Meant for small arrays (W, b, labels); stream large ones with NpyFile. */
export async function readNpy(path: string, as: 'float32'): Promise<NpyArray<Float32Array>>;
export async function readNpy(path: string, as?: 'float64'): Promise<NpyArray<Float64Array>>;
export async function readNpy(path: string, as: 'float32' | 'float64' = 'float64'): Promise<NpyArray> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw fileError(path, error);
  }
  return as === 'float32' ? decodeNpy(bytes, path, 'float32') : decodeNpy(bytes, path, 'float64');
}

export function fileError(path: string, error: unknown): InputError {
  const code = (error as { code?: string } | null)?.code;
  if (code === 'ENOENT') return new InputError(`${path}: no such file`);
  if (code === 'EISDIR') return new InputError(`${path}: is a directory, not a file`);
  if (code === 'EACCES') return new InputError(`${path}: permission denied`);
  return new InputError(`${path}: cannot read (${error instanceof Error ? error.message : String(error)})`);
}

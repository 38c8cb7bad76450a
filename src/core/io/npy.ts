// Reader and writer for NumPy's .npy format (numpy/lib/format.py, "NPY format" versions 1.0–3.0):
//   bytes 0–5  magic "\x93NUMPY"      byte 6  major version      byte 7  minor version
//   v1.0: uint16 LE header length at 8; v2.0 and v3.0: uint32 LE at 8. v1/v2 headers are latin-1,
//   v3 headers UTF-8. The header is a Python dict literal {'descr': '<f4', 'fortran_order': False,
//   'shape': (N, d), } padded with spaces and ended by '\n'; the raw array data follows it.
//
// Two ways to read: `readNpy` decodes a whole (small) file — W, b, labels. `NpyFile` keeps a file
// handle and reads row ranges on demand, so a 1M×512 feature file is never fully in memory. Both
// convert every numeric dtype to float32 or float64 and return C (row-major) order.
//
// Fortran-order files stream too: a row range of a column-major array is one contiguous segment per
// column, so `readRows` issues one positional read per column (d reads per batch) and scatters the
// values into row-major order. That is correct at any size; it is slower than C order only by the
// extra system calls, which large batches amortise.
import { open, readFile, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError } from '../errors';

export type NpyDtype =
  | 'bool'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'float16'
  | 'float32'
  | 'float64';

const DTYPE_CODES: Record<string, NpyDtype> = {
  b1: 'bool',
  i1: 'int8',
  u1: 'uint8',
  i2: 'int16',
  u2: 'uint16',
  i4: 'int32',
  u4: 'uint32',
  i8: 'int64',
  u8: 'uint64',
  f2: 'float16',
  f4: 'float32',
  f8: 'float64',
};

export const ITEM_SIZE: Record<NpyDtype, number> = {
  bool: 1,
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
  float16: 2,
  float32: 4,
  float64: 8,
};

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

export interface NpyHeader {
  /** Format version [major, minor] as written in the file. */
  version: [number, number];
  dtype: NpyDtype;
  /** The descr string as written, e.g. "<f4", ">i8", "|u1". */
  descr: string;
  littleEndian: boolean;
  itemSize: number;
  fortranOrder: boolean;
  shape: number[];
  /** Number of elements (product of the shape; 1 for a 0-d array). */
  size: number;
  /** Byte offset of the first element, counted from the start of the .npy data. */
  dataOffset: number;
}

export type FloatArray = Float32Array | Float64Array;

export interface NpyArray<T extends FloatArray = FloatArray> {
  /** File (or archive member) name, for messages. */
  name: string;
  header: NpyHeader;
  shape: number[];
  /** Every element converted to float, in C (row-major) order. */
  data: T;
}

function fault(name: string, what: string): InputError {
  return new InputError(`${name}: ${what}`);
}

// ---------------------------------------------------------------------------------------------
// Header

/** Length of the fixed prelude (magic, version, header length) for a format major version. */
function preludeLength(major: number): number {
  return major === 1 ? 10 : 12;
}

/**
 * Parses the prelude and header dict. `bytes` must start at the magic string and hold at least the
 * whole header; `name` is used in error messages.
 */
export function parseNpyHeader(bytes: Uint8Array, name: string): NpyHeader {
  if (bytes.length < 8) {
    if (bytes.length === 0) throw fault(name, 'the file is empty, not a .npy file');
    if (!MAGIC.slice(0, bytes.length).every((b, i) => bytes[i] === b)) throw fault(name, 'not a .npy file (bad magic string; expected "\\x93NUMPY")');
    throw fault(name, `truncated: the file ends after ${bytes.length} bytes, inside the .npy prelude`);
  }
  if (!MAGIC.every((b, i) => bytes[i] === b)) throw fault(name, 'not a .npy file (bad magic string; expected "\\x93NUMPY")');
  const major = bytes[6];
  const minor = bytes[7];
  if (!(major >= 1 && major <= 3) || minor !== 0) {
    throw fault(name, `unsupported .npy format version ${major}.${minor} (this reader supports 1.0, 2.0 and 3.0)`);
  }
  const prelude = preludeLength(major);
  if (bytes.length < prelude) throw fault(name, `truncated: the file ends after ${bytes.length} bytes, inside the .npy prelude`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = prelude + headerLength;
  if (bytes.length < dataOffset) {
    throw fault(name, `truncated: the header says it is ${headerLength} bytes long but the file ends ${bytes.length - prelude} bytes into it`);
  }
  const raw = bytes.subarray(prelude, dataOffset);
  const text = major === 3 ? new TextDecoder('utf-8').decode(raw) : latin1(raw);

  let dict: PyValue;
  try {
    dict = parsePythonLiteral(text);
  } catch (error) {
    throw fault(name, `malformed .npy header (${error instanceof Error ? error.message : String(error)}): ${JSON.stringify(text.trim())}`);
  }
  if (!isDict(dict)) throw fault(name, `malformed .npy header: expected a dict, got ${JSON.stringify(text.trim())}`);
  for (const key of ['descr', 'fortran_order', 'shape']) {
    if (!(key in dict)) throw fault(name, `malformed .npy header: the key '${key}' is missing`);
  }

  const descr = dict.descr;
  if (typeof descr !== 'string') throw fault(name, 'unsupported dtype: structured arrays (a list of fields) are not supported; save one numeric array per file');
  const { dtype, littleEndian } = parseDescr(descr, name);

  const fortran = dict.fortran_order;
  if (typeof fortran !== 'boolean') throw fault(name, `malformed .npy header: 'fortran_order' must be True or False, got ${JSON.stringify(fortran)}`);

  const shapeValue = dict.shape;
  if (!Array.isArray(shapeValue) || !shapeValue.every((n) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0)) {
    throw fault(name, `malformed .npy header: 'shape' must be a tuple of non-negative integers, got ${JSON.stringify(shapeValue)}`);
  }
  const shape = shapeValue as number[];
  const size = shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(size * ITEM_SIZE[dtype])) throw fault(name, `shape ${formatShape(shape)} is too large`);
  return { version: [major, minor], dtype, descr, littleEndian, itemSize: ITEM_SIZE[dtype], fortranOrder: fortran, shape, size, dataOffset };
}

function parseDescr(descr: string, name: string): { dtype: NpyDtype; littleEndian: boolean } {
  const match = /^([<>|=]?)([a-zA-Z?])(\d*)$/.exec(descr);
  const kind = match?.[2];
  const explain: Record<string, string> = {
    c: 'complex numbers',
    O: 'Python objects (pickled; never loaded, for safety)',
    U: 'unicode strings',
    S: 'byte strings',
    a: 'byte strings',
    V: 'raw void records',
    M: 'datetimes',
    m: 'timedeltas',
    g: 'long double',
  };
  if (!match || kind === undefined) throw fault(name, `unsupported dtype '${descr}'`);
  const code = `${kind}${match[3]}`;
  const dtype = DTYPE_CODES[code];
  if (!dtype) {
    const why = explain[kind] ?? (kind === 'f' ? `${Number(match[3]) * 8}-bit floats` : `type code '${code}'`);
    throw fault(name, `unsupported dtype '${descr}' (${why}); supported: bool, int8–int64, uint8–uint64, float16, float32, float64`);
  }
  const order = match[1];
  // '=' is "native": every writer we know of runs little-endian, and numpy itself writes '<'.
  return { dtype, littleEndian: order !== '>' };
}

type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

function isDict(v: PyValue): v is { [key: string]: PyValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A tiny parser for the Python literals .npy headers contain: dicts, tuples, lists, str, int, bool, None. */
function parsePythonLiteral(text: string): PyValue {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const expect = (c: string) => {
    ws();
    if (text[i] !== c) throw new Error(`expected '${c}' at character ${i}`);
    i++;
  };
  const sequence = (close: string): PyValue[] => {
    const items: PyValue[] = [];
    for (;;) {
      ws();
      if (text[i] === close) {
        i++;
        return items;
      }
      items.push(value());
      ws();
      if (text[i] === ',') i++;
      else if (text[i] !== close) throw new Error(`expected ',' or '${close}' at character ${i}`);
    }
  };
  const value = (): PyValue => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const out: { [key: string]: PyValue } = {};
      for (;;) {
        ws();
        if (text[i] === '}') {
          i++;
          return out;
        }
        const key = value();
        if (typeof key !== 'string') throw new Error(`dict keys must be strings (character ${i})`);
        expect(':');
        out[key] = value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') throw new Error(`expected ',' or '}' at character ${i}`);
      }
    }
    if (c === '(') {
      i++;
      return sequence(')');
    }
    if (c === '[') {
      i++;
      return sequence(']');
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new Error('unterminated string');
      const s = text.slice(i + 1, end);
      i = end + 1;
      return s;
    }
    const word = /^(True|False|None|-?\d+L?)/.exec(text.slice(i));
    if (!word) throw new Error(`unexpected character ${JSON.stringify(c ?? 'end of header')} at ${i}`);
    i += word[0].length;
    if (word[0] === 'True') return true;
    if (word[0] === 'False') return false;
    if (word[0] === 'None') return null;
    return Number(word[0].replace('L', '')); // Python 2 writers emit long ints as "3L"
  };
  const result = value();
  ws();
  if (i !== text.length) throw new Error(`unexpected text after the dict at character ${i}`);
  return result;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

// ---------------------------------------------------------------------------------------------
// Element decoding

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

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
function fortranColumnStart(shape: readonly number[], j: number): number {
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

function allocate(as: 'float32' | 'float64', n: number): FloatArray {
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

function checkDataLength(name: string, header: NpyHeader, have: number): void {
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

// ---------------------------------------------------------------------------------------------
// Streaming reader

/** A .npy file kept open for reading row ranges; rows are the first dimension. */
export class NpyFile {
  private scratch = new Uint8Array(0);

  private constructor(
    readonly path: string,
    readonly header: NpyHeader,
    private readonly handle: FileHandle,
  ) {}

  /** Opens the file, parses and validates the header and checks the file size against the shape. */
  static async open(path: string): Promise<NpyFile> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      throw fileError(path, error);
    }
    try {
      const { size: fileSize, isFile } = await handle.stat().then((s) => ({ size: s.size, isFile: s.isFile() }));
      if (!isFile) throw new InputError(`${path}: not a regular file`);
      const prelude = new Uint8Array(Math.min(12, fileSize));
      await readFully(handle, prelude, 0);
      let headerBytes = prelude;
      if (prelude.length >= 8 && MAGIC.every((b, i) => prelude[i] === b) && prelude[6] >= 1 && prelude[6] <= 3 && prelude.length >= preludeLength(prelude[6])) {
        const view = new DataView(prelude.buffer);
        const headerLength = prelude[6] === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
        headerBytes = new Uint8Array(Math.min(fileSize, preludeLength(prelude[6]) + headerLength));
        await readFully(handle, headerBytes, 0);
      }
      const header = parseNpyHeader(headerBytes, path);
      checkDataLength(path, header, fileSize - header.dataOffset);
      if (header.shape.length === 0) throw new InputError(`${path}: holds a 0-d scalar, expected an array with a sample dimension`);
      return new NpyFile(path, header, handle);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  get shape(): number[] {
    return this.header.shape;
  }

  /** The first dimension. */
  get rows(): number {
    return this.header.shape[0];
  }

  /** Elements per row (product of the other dimensions; 1 for a 1-D array). */
  get rowLength(): number {
    return rowLength(this.header.shape);
  }

  /**
   * Reads rows [start, start + count) into `out` (row-major, starting at element `outOffset`),
   * converting to the float type of `out`.
   */
  async readRows(start: number, count: number, out: FloatArray, outOffset = 0): Promise<void> {
    const { itemSize, dtype, littleEndian, dataOffset } = this.header;
    const rows = this.rows;
    const cols = this.rowLength;
    if (!(Number.isInteger(start) && Number.isInteger(count) && start >= 0 && count >= 0 && start + count <= rows)) {
      throw new RangeError(`${this.path}: rows [${start}, ${start + count}) are outside 0..${rows}`);
    }
    if (out.length < outOffset + count * cols) throw new RangeError(`${this.path}: output buffer too small for ${count} rows of ${cols}`);
    if (count === 0 || cols === 0) return;
    const direct =
      (!this.header.fortranOrder || this.header.shape.length < 2) &&
      (littleEndian === HOST_LITTLE_ENDIAN || itemSize === 1) &&
      ((dtype === 'float32' && out instanceof Float32Array) || (dtype === 'float64' && out instanceof Float64Array));
    if (!this.header.fortranOrder || this.header.shape.length < 2) {
      const bytes = count * cols * itemSize;
      const position = dataOffset + start * cols * itemSize;
      if (direct) {
        // Same dtype and byte order as the output: read straight into it, no copy.
        await readFully(this.handle, new Uint8Array(out.buffer, out.byteOffset + outOffset * itemSize, bytes), position, this.path);
        return;
      }
      const buf = this.buffer(bytes);
      await readFully(this.handle, buf, position, this.path);
      decodeElements(buf, dtype, littleEndian, count * cols, out, outOffset);
      return;
    }
    // Fortran order: one contiguous segment per column, scattered with stride `cols`.
    const bytes = count * itemSize;
    const buf = this.buffer(bytes);
    for (let j = 0; j < cols; j++) {
      const position = dataOffset + (fortranColumnStart(this.header.shape, j) + start) * itemSize;
      await readFully(this.handle, buf, position, this.path);
      decodeElements(buf, dtype, littleEndian, count, out, outOffset + j, cols);
    }
  }

  /** Reads every element into C order. */
  async readAll(as: 'float32' | 'float64' = 'float64'): Promise<FloatArray> {
    const out = allocate(as, this.header.size);
    await this.readRows(0, this.rows, out);
    return out;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private buffer(bytes: number): Uint8Array {
    if (this.scratch.length < bytes) this.scratch = new Uint8Array(bytes);
    return this.scratch.subarray(0, bytes);
  }
}

async function readFully(handle: FileHandle, target: Uint8Array, position: number, name = 'file'): Promise<void> {
  let done = 0;
  while (done < target.length) {
    const { bytesRead } = await handle.read(target, done, target.length - done, position + done);
    if (bytesRead === 0) throw new InputError(`${name}: truncated: the file ended while reading (it changed while being read?)`);
    done += bytesRead;
  }
}

// ---------------------------------------------------------------------------------------------
// Writer (v1.0, C order, little-endian): features, labels and test fixtures.

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


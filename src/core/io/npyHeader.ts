// The .npy prelude and header dict (numpy/lib/format.py, versions 1.0–3.0), parsed and checked;
// the format itself is described in npy.ts.
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

export const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

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

export function fault(name: string, what: string): InputError {
  return new InputError(`${name}: ${what}`);
}

// ---------------------------------------------------------------------------------------------
// Header

/** Length of the fixed prelude (magic, version, header length) for a format major version. */
export function preludeLength(major: number): number {
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

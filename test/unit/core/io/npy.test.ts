// .npy reader/writer against bytes built by hand from the NPY format spec (numpy/lib/format.py),
// plus two files written by numpy itself (base64 below, with the Python that produced them).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { InputError } from '../../../../src/core/errors';
import { NpyFile, NpyWriter, decodeNpy, encodeNpy, parseNpyHeader, readNpy } from '../../../../src/core/io/npy';
import type { NpyDtype } from '../../../../src/core/io/npy';

const dir = mkdtempSync(join(tmpdir(), 'npy-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Assembles a .npy from its parts exactly as the spec lays them out. */
function npyBytes(opts: { major?: number; minor?: number; header: string; data: Uint8Array; pad?: boolean }): Uint8Array {
  const major = opts.major ?? 1;
  const prelude = major === 1 ? 10 : 12;
  let header = opts.header;
  if (opts.pad !== false) {
    const total = Math.ceil((prelude + header.length + 1) / 64) * 64;
    header = header.padEnd(total - prelude - 1, ' ') + '\n';
  }
  const headerBytes = major === 3 ? new TextEncoder().encode(header) : Uint8Array.from(header, (c) => c.charCodeAt(0));
  const out = new Uint8Array(prelude + headerBytes.length + opts.data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, opts.minor ?? 0]);
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, headerBytes.length, true);
  else view.setUint32(8, headerBytes.length, true);
  out.set(headerBytes, prelude);
  out.set(opts.data, prelude + headerBytes.length);
  return out;
}

function dictText(descr: string, fortran: boolean, shape: number[]): string {
  const s = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  return `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${s}, }`;
}

const SIZE: Record<NpyDtype, number> = { bool: 1, int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, int64: 8, uint64: 8, float16: 2, float32: 4, float64: 8 };
const CODE: Record<NpyDtype, string> = { bool: 'b1', int8: 'i1', uint8: 'u1', int16: 'i2', uint16: 'u2', int32: 'i4', uint32: 'u4', int64: 'i8', uint64: 'u8', float16: 'f2', float32: 'f4', float64: 'f8' };

// Float16 bit patterns from IEEE 754 binary16, with their exact values.
const HALF: Array<[number, number]> = [
  [0x3c00, 1],
  [0xc000, -2],
  [0x3555, 0.333251953125],
  [0x7bff, 65504],
  [0x0001, 2 ** -24],
  [0x7c00, Infinity],
];

/** Six values per dtype (a 2×3 array in C order), chosen to exercise sign, range and extremes. */
const VALUES: Record<NpyDtype, number[]> = {
  bool: [1, 0, 0, 1, 1, 0],
  int8: [-128, -1, 0, 1, 2, 127],
  uint8: [0, 1, 2, 128, 254, 255],
  int16: [-32768, -300, 0, 7, 300, 32767],
  uint16: [0, 1, 255, 256, 40000, 65535],
  int32: [-2147483648, -70000, 0, 1, 70000, 2147483647],
  uint32: [0, 1, 65536, 3000000000, 4294967294, 4294967295],
  int64: [-(2 ** 40) - 3, -1, 0, 1, 2 ** 33 + 5, 2 ** 53 - 1],
  uint64: [0, 1, 2 ** 32, 2 ** 32 + 7, 2 ** 52, 2 ** 53 - 1],
  float16: HALF.map(([, v]) => v),
  float32: [1.5, -0.25, 3.4028234663852886e38, 1.401298464324817e-45, -7, Math.fround(0.1)],
  float64: [0.1, -1e300, 5e-324, 2 / 3, -0, 1e-7],
};

function encodeValue(view: DataView, offset: number, dtype: NpyDtype, value: number, le: boolean): void {
  switch (dtype) {
    case 'bool':
    case 'uint8':
      return view.setUint8(offset, value);
    case 'int8':
      return view.setInt8(offset, value);
    case 'int16':
      return view.setInt16(offset, value, le);
    case 'uint16':
      return view.setUint16(offset, value, le);
    case 'int32':
      return view.setInt32(offset, value, le);
    case 'uint32':
      return view.setUint32(offset, value, le);
    case 'int64':
      return view.setBigInt64(offset, BigInt(value), le);
    case 'uint64':
      return view.setBigUint64(offset, BigInt(value), le);
    case 'float16':
      return view.setUint16(offset, HALF.find(([, v]) => Object.is(v, value))![0], le);
    case 'float32':
      return view.setFloat32(offset, value, le);
    case 'float64':
      return view.setFloat64(offset, value, le);
  }
}

/** Encodes a rows×cols array given in C order, writing it in C or Fortran order. */
function encodeArray(dtype: NpyDtype, le: boolean, values: number[], rows: number, cols: number, fortran: boolean): Uint8Array {
  const size = SIZE[dtype];
  const bytes = new Uint8Array(values.length * size);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const position = fortran ? j * rows + i : i * cols + j;
      encodeValue(view, position * size, dtype, values[i * cols + j], le);
    }
  }
  return bytes;
}

function expected(values: number[], as: 'float32' | 'float64'): number[] {
  return as === 'float32' ? Array.from(Float32Array.from(values)) : values;
}

describe('.npy reading: every dtype × byte order × memory order × header version', () => {
  const dtypes = Object.keys(SIZE) as NpyDtype[];
  for (const dtype of dtypes) {
    for (const le of [true, false]) {
      for (const fortran of [false, true]) {
        for (const major of [1, 2, 3]) {
          const order = SIZE[dtype] === 1 ? '|' : le ? '<' : '>';
          const name = `${order}${CODE[dtype]} ${fortran ? 'Fortran' : 'C'} v${major}.0`;
          it(`decodes ${name}, whole and streamed`, async () => {
            const values = VALUES[dtype];
            const bytes = npyBytes({ major, header: dictText(`${order}${CODE[dtype]}`, fortran, [2, 3]), data: encodeArray(dtype, le, values, 2, 3, fortran) });
            const whole = decodeNpy(bytes, 'x.npy', 'float64');
            assert.deepEqual(whole.shape, [2, 3]);
            assert.equal(whole.header.dtype, dtype);
            assert.equal(whole.header.fortranOrder, fortran);
            assert.deepEqual(whole.header.version, [major, 0]);
            assert.deepEqual(Array.from(whole.data), values);

            const path = join(dir, `${dtype}-${le}-${fortran}-${major}.npy`);
            writeFileSync(path, bytes);
            const file = await NpyFile.open(path);
            try {
              assert.equal(file.rows, 2);
              assert.equal(file.rowLength, 3);
              for (const as of ['float32', 'float64'] as const) {
                const out = as === 'float32' ? new Float32Array(4 + 3) : new Float64Array(4 + 3);
                await file.readRows(1, 1, out, 4); // the second row, written at an offset
                assert.deepEqual(Array.from(out.subarray(4)), expected(values.slice(3), as));
                const all = await file.readAll(as);
                assert.deepEqual(Array.from(all), expected(values, as));
              }
            } finally {
              await file.close();
            }
          });
        }
      }
    }
  }

  it('decodes float16 NaN and subnormals', () => {
    const data = new Uint8Array([0x00, 0x7e, 0xff, 0x03]); // 0x7e00 (NaN), 0x03ff (largest subnormal)
    const arr = decodeNpy(npyBytes({ header: dictText('<f2', false, [2]), data }), 'h.npy');
    assert.ok(Number.isNaN(arr.data[0]));
    assert.equal(arr.data[1], 1023 * 2 ** -24);
  });

  it('streams a 3-D Fortran-order array in row-major order of the trailing dimensions', async () => {
    // Shape (2, 2, 3): element (i, a, b) has value 100 i + 10 a + b. Fortran offset = i + 2 (a + 2 b).
    const shape = [2, 2, 3];
    const data = new Uint8Array(12 * 4);
    const view = new DataView(data.buffer);
    for (let i = 0; i < 2; i++) for (let a = 0; a < 2; a++) for (let b = 0; b < 3; b++) view.setInt32((i + 2 * (a + 2 * b)) * 4, 100 * i + 10 * a + b, true);
    const path = join(dir, 'f3.npy');
    writeFileSync(path, npyBytes({ header: dictText('<i4', true, shape), data }));
    const file = await NpyFile.open(path);
    const out = new Float64Array(6);
    await file.readRows(1, 1, out);
    await file.close();
    assert.deepEqual(Array.from(out), [100, 101, 102, 110, 111, 112]);
  });

  it('reads headers numpy wrote (v2.0 big-endian Fortran float64; v3.0 int16)', () => {
    // np.lib.format.write_array(f, np.asfortranarray(np.array([[1.5,-2,3.25],[4,5.5,-6.75]], '>f8')), version=(2,0))
    const f8 = Buffer.from(
      'k05VTVBZAgB0AAAAeydkZXNjcic6ICc+ZjgnLCAnZm9ydHJhbl9vcmRlcic6IFRydWUsICdzaGFwZSc6ICgyLCAzKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/+AAAAAAAAEAQAAAAAAAAwAAAAAAAAABAFgAAAAAAAEAKAAAAAAAAwBsAAAAAAAA=',
      'base64',
    );
    const a = decodeNpy(f8, 'numpy-v2.npy');
    assert.deepEqual(a.header.version, [2, 0]);
    assert.deepEqual(Array.from(a.data), [1.5, -2, 3.25, 4, 5.5, -6.75]);
    // np.lib.format.write_array(f, np.array([[-1,2],[3,-4],[5,6]], '<i2'), version=(3,0))
    const i2 = Buffer.from(
      'k05VTVBZAwB0AAAAeydkZXNjcic6ICc8aTInLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMywgMiksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr//wIAAwD8/wUABgA=',
      'base64',
    );
    const b = decodeNpy(i2, 'numpy-v3.npy');
    assert.deepEqual(b.shape, [3, 2]);
    assert.deepEqual(Array.from(b.data), [-1, 2, 3, -4, 5, 6]);
  });

  it('accepts Python 2 long integers and unpadded headers', () => {
    const data = new Uint8Array(new Float32Array([1, 2]).buffer);
    const a = decodeNpy(npyBytes({ header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2L,), }\n", data, pad: false }), 'py2.npy');
    assert.deepEqual(Array.from(a.data), [1, 2]);
  });
});

describe('.npy errors name the file and the fault', () => {
  const good = () => npyBytes({ header: dictText('<f4', false, [2, 2]), data: new Uint8Array(16) });
  const dataStart = good().length - 16; // 128: the 10-byte prelude and a 118-byte padded header
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['bad magic', Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0]), /bad\.npy: not a \.npy file \(bad magic string/],
    ['empty file', new Uint8Array(0), /bad\.npy: the file is empty/],
    ['truncated prelude', good().subarray(0, 9), /bad\.npy: truncated: the file ends after 9 bytes, inside the \.npy prelude/],
    ['truncated header', good().subarray(0, 40), /bad\.npy: truncated: the header says it is 118 bytes long but the file ends 30 bytes into it/],
    ['truncated data', good().subarray(0, dataStart + 10), /bad\.npy: truncated: the header says shape \(2, 2\) of float32 \(16 bytes of data\) but the file holds only 10 bytes/],
    ['extra data', Uint8Array.from([...good(), 1, 2, 3, 4]), /bad\.npy: size mismatch: .*holds 20 bytes after the header/],
    ['version 4.0', npyBytes({ major: 4, header: dictText('<f4', false, [1]), data: new Uint8Array(4) }), /unsupported \.npy format version 4\.0/],
    ['complex', npyBytes({ header: dictText('<c8', false, [1]), data: new Uint8Array(8) }), /bad\.npy: unsupported dtype '<c8' \(complex numbers\)/],
    ['object', npyBytes({ header: dictText('|O', false, [1]), data: new Uint8Array(8) }), /unsupported dtype '\|O' \(Python objects/],
    ['unicode', npyBytes({ header: dictText('<U4', false, [1]), data: new Uint8Array(16) }), /unsupported dtype '<U4' \(unicode strings\)/],
    ['float128', npyBytes({ header: dictText('<f16', false, [1]), data: new Uint8Array(16) }), /unsupported dtype '<f16' \(128-bit floats\)/],
    ['structured', npyBytes({ header: "{'descr': [('x', '<f4'), ('y', '<i4')], 'fortran_order': False, 'shape': (1,), }", data: new Uint8Array(8) }), /structured arrays/],
    ['missing shape', npyBytes({ header: "{'descr': '<f4', 'fortran_order': False, }", data: new Uint8Array(0) }), /the key 'shape' is missing/],
    ['malformed dict', npyBytes({ header: "{'descr': '<f4', 'fortran_order': Flase, 'shape': (1,), }", data: new Uint8Array(4) }), /malformed \.npy header/],
    ['negative shape', npyBytes({ header: dictText('<f4', false, [-1]), data: new Uint8Array(0) }), /'shape' must be a tuple of non-negative integers/],
  ];
  for (const [what, bytes, message] of cases) {
    it(`${what}: decodeNpy and NpyFile.open both fail with a clear InputError`, async () => {
      assert.throws(() => decodeNpy(bytes, 'bad.npy'), (e: unknown) => e instanceof InputError && message.test(e.message));
      const path = join(dir, 'bad.npy');
      writeFileSync(path, bytes);
      const pathMessage = new RegExp(message.source.replace('bad\\.npy', path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
      await assert.rejects(NpyFile.open(path), (e: unknown) => e instanceof InputError && pathMessage.test(e.message));
    });
  }

  it('a missing file', async () => {
    await assert.rejects(readNpy(join(dir, 'nope.npy')), /nope\.npy: no such file/);
    await assert.rejects(NpyFile.open(join(dir, 'nope.npy')), /nope\.npy: no such file/);
  });

  it('a 0-d scalar cannot be streamed by rows', async () => {
    const path = join(dir, 'scalar.npy');
    writeFileSync(path, npyBytes({ header: "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", data: new Uint8Array(8) }));
    assert.equal(decodeNpy(npyBytes({ header: "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", data: new Uint8Array(8) }), 's').data.length, 1);
    await assert.rejects(NpyFile.open(path), /0-d scalar/);
  });
});

describe('.npy writing (v1.0, C order, little-endian)', () => {
  it('writes the header byte for byte as the spec describes', () => {
    const bytes = encodeNpy(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
    // 10-byte prelude + 59-character dict + '\n' = 70, padded to the next multiple of 64.
    assert.equal(bytes.length, 128 + 24);
    assert.deepEqual(Array.from(bytes.subarray(0, 8)), [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    assert.equal(new DataView(bytes.buffer).getUint16(8, true), 118);
    const text = Buffer.from(bytes.subarray(10, 128)).toString('latin1');
    assert.equal(text, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }".padEnd(117, ' ') + '\n');
    assert.equal(new DataView(bytes.buffer).getFloat32(128 + 4 * 5, true), 6);
  });

  it('round-trips float32, float64, int32 and uint8, including 1-D shapes', () => {
    const cases = [
      [new Float32Array([0.5, -1e30, 3]), [3]],
      [new Float64Array([Math.PI, -0, 1e-300, 2]), [2, 2]],
      [new Int32Array([-5, 0, 2147483647, -2147483648]), [4, 1]],
      [new Uint8Array([0, 255, 7]), [1, 3]],
    ] as const;
    for (const [data, shape] of cases) {
      const back = decodeNpy(encodeNpy(data, shape), 'w.npy');
      assert.deepEqual(back.shape, shape);
      assert.deepEqual(Array.from(back.data), Array.from(data));
    }
    assert.throws(() => encodeNpy(new Float32Array(5), [2, 3]), /holds 6 elements but the data has 5/);
  });

  it('NpyWriter writes chunks and refuses a short or overlong file', async () => {
    const path = join(dir, 'chunks.npy');
    const writer = await NpyWriter.create(path, 'float32', [3, 2]);
    await writer.write(new Float32Array([1, 2, 3, 4]));
    await writer.write(new Float32Array([5, 6]));
    await assert.rejects(writer.write(new Float32Array([7])), /more data than shape \(3, 2\) holds/);
    await writer.close();
    const read = await readNpy(path, 'float32');
    assert.deepEqual(Array.from(read.data), [1, 2, 3, 4, 5, 6]);
    const short = await NpyWriter.create(join(dir, 'short.npy'), 'int32', [4]);
    await short.write(new Int32Array([1]));
    await assert.rejects(short.close(), /wrote 1 of the 4 elements/);
  });

  it('parseNpyHeader reports the data offset of a 64-byte aligned header', () => {
    const h = parseNpyHeader(encodeNpy(new Uint8Array(3), [3]), 'u.npy');
    assert.equal(h.dataOffset, 128); // 10 + 57 characters + '\n' = 68, padded to 128
    assert.equal(h.descr, '|u1');
  });
});

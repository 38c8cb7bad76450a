// A .npy file kept open for reading row ranges on demand (C and Fortran order; see npy.ts), so a
// 1M×512 feature file is never fully in memory.
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { InputError } from '../errors';
import { allocate, checkDataLength, decodeElements, fileError, fortranColumnStart, HOST_LITTLE_ENDIAN, rowLength } from './npyDecode';
import { MAGIC, parseNpyHeader, preludeLength, type FloatArray, type NpyHeader } from './npyHeader';


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

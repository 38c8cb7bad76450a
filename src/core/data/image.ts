// Decodes one PNG or JPEG file into RGBA bytes (pngjs, jpeg-js: pure JS, no native code).
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describeError, fileFault } from '../errors';

export interface DecodedImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, RGBA. */
  rgba: Uint8Array;
}

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg'];

/** jpeg-js refuses to allocate more than this (a corrupt header can claim a huge image). */
const MAX_DECODE_MB = 256;

export function decodeImage(path: string): DecodedImage {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw fileFault(path, `cannot be read (${describeError(error)})`);
  }
  if (bytes.length === 0) throw fileFault(path, 'is empty (0 bytes)');
  const ext = extname(path).toLowerCase();
  const isPng = bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47;
  const isJpeg = bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (!isPng && !isJpeg) throw fileFault(path, `is not a PNG or JPEG image (its first bytes are not an image signature; extension ${ext})`);
  try {
    if (isPng) {
      const png = PNG.sync.read(bytes);
      return { width: png.width, height: png.height, rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
    }
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: MAX_DECODE_MB });
    return { width: img.width, height: img.height, rgba: img.data };
  } catch (error) {
    throw fileFault(path, `is not a valid ${isPng ? 'PNG' : 'JPEG'} (${describeError(error)})`);
  }
}

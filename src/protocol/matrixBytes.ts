// The bytes of a packed-matrix block (protocol/packedMatrices.ts) as they are compressed: float64
// little-endian whatever the machine's order, byte-shuffled. Shared by the standalone HTML (core/report/html.ts
// writes, webview/standalone.ts reads) and the panel's saved state (webview/panelState.ts, extension/panel.ts).

/**
 * Byte j of every value, then byte j + 1 (the sign/exponent bytes of values of one scale repeat, which gzip then
 * finds). Measured: a 1000-class model report's block 7.65 → 6.99 MB gzipped, a two-level LPM report's 3.08 → 2.38 MB.
 */
export function shuffledLittleEndianBytes(block: Float64Array): Uint8Array {
  const view = new DataView(new ArrayBuffer(block.byteLength));
  block.forEach((x, i) => view.setFloat64(8 * i, x, true));
  const bytes = new Uint8Array(view.buffer);
  const n = block.length;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < n; i++) for (let j = 0; j < 8; j++) out[j * n + i] = bytes[8 * i + j];
  return out;
}

/** The inverse of shuffledLittleEndianBytes; throws when the bytes are not whole float64 values. */
export function float64FromShuffled(shuffled: Uint8Array): Float64Array {
  if (shuffled.length % 8 !== 0) throw new Error(`the data block holds ${shuffled.length} bytes, not whole float64 values`);
  const n = shuffled.length / 8;
  const ordered = new Uint8Array(shuffled.length);
  for (let i = 0; i < n; i++) for (let j = 0; j < 8; j++) ordered[8 * i + j] = shuffled[j * n + i];
  const view = new DataView(ordered.buffer);
  return Float64Array.from({ length: n }, (_, i) => view.getFloat64(8 * i, true));
}

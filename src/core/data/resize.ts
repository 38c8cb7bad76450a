// Bilinear resize of one interleaved image (h × w × c floats) with half-pixel centres, the
// convention of tf.image.resize in TensorFlow 2 (what Keras's image_dataset_from_directory uses).
export function resizeBilinear(src: Float32Array, h: number, w: number, c: number, outH: number, outW: number): Float32Array {
  if (h === outH && w === outW) return src;
  const out = new Float32Array(outH * outW * c);
  const sy = h / outH;
  const sx = w / outW;
  for (let y = 0; y < outH; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), h - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, h - 1);
    const dy = fy - y0;
    for (let x = 0; x < outW; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), w - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, w - 1);
      const dx = fx - x0;
      for (let k = 0; k < c; k++) {
        const a = src[(y0 * w + x0) * c + k];
        const b = src[(y0 * w + x1) * c + k];
        const d = src[(y1 * w + x0) * c + k];
        const e = src[(y1 * w + x1) * c + k];
        out[(y * outW + x) * c + k] = (a * (1 - dx) + b * dx) * (1 - dy) + (d * (1 - dx) + e * dx) * dy;
      }
    }
  }
  return out;
}

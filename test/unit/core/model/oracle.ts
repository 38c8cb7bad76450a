// Independent oracles for the model tests: weights decoded straight from the shard bytes by the
// tfjs weights-manifest rules (not through tfjs), and forward passes in float64 plain loops.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures');
export const MODELS = join(FIXTURES, 'models');
export const DATA = join(FIXTURES, 'data');
export const BAD = join(FIXTURES, 'bad');

export interface Weight {
  shape: number[];
  values: Float64Array;
}

/** IEEE half → number (for float16-quantized manifests). */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Every weight of a saved model, decoded from its shards in manifest order. */
export function readWeights(dir: string): Map<string, Weight> {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const out = new Map<string, Weight>();
  for (const group of json.weightsManifest) {
    const bytes = Buffer.concat(group.paths.map((p: string) => readFileSync(join(dir, p))));
    let at = 0;
    for (const spec of group.weights) {
      const size = spec.shape.reduce((a: number, b: number) => a * b, 1);
      const values = new Float64Array(size);
      const q = spec.quantization;
      for (let i = 0; i < size; i++) {
        if (!q) values[i] = bytes.readFloatLE(at + 4 * i);
        else if (q.dtype === 'uint8') values[i] = bytes[at + i] * q.scale + q.min;
        else if (q.dtype === 'uint16') values[i] = bytes.readUInt16LE(at + 2 * i) * q.scale + q.min;
        else values[i] = halfToNumber(bytes.readUInt16LE(at + 2 * i));
      }
      at += size * (!q ? 4 : q.dtype === 'uint8' ? 1 : 2);
      out.set(spec.name, { shape: spec.shape, values });
    }
  }
  return out;
}

export function readCsv(path: string): { rows: number[][]; labels: string[] } {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const start = /[a-z]/i.test(lines[0].split(',')[0]) ? 1 : 0;
  const rows: number[][] = [];
  const labels: string[] = [];
  for (const line of lines.slice(start)) {
    const cells = line.split(',');
    rows.push(cells.slice(0, -1).map(Number));
    labels.push(cells[cells.length - 1]);
  }
  return { rows, labels };
}

/** y = act(x · kernel + bias) for one row; kernel [in, out] row-major. */
export function dense(x: readonly number[], kernel: Weight, bias: Weight | undefined, act: (v: number) => number = (v) => v): number[] {
  const [nIn, nOut] = kernel.shape;
  const y: number[] = [];
  for (let j = 0; j < nOut; j++) {
    let s = bias ? bias.values[j] : 0;
    for (let i = 0; i < nIn; i++) s += x[i] * kernel.values[i * nOut + j];
    y.push(act(s));
  }
  return y;
}

export const relu = (v: number) => Math.max(0, v);

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

import { wasmMultiplyTransposed, wasmSquaredDistances } from './src/core/linalg/wasmProducts';
const n = 1000, m = 512, p = 1000;
const a = Float64Array.from({ length: n * m }, () => Math.random());
const b = Float64Array.from({ length: p * m }, () => Math.random());
for (const f of [wasmMultiplyTransposed, wasmSquaredDistances]) {
  f(a, b, n, m, p);
  const t = performance.now();
  for (let r = 0; r < 5; r++) f(a, b, n, m, p);
  console.log(f.name, ((performance.now() - t) / 5).toFixed(0), 'ms');
}

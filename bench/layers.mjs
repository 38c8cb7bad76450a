// npm run bench:layers — `collapse-lens layers` against a plain `collapse-lens inspect` of the same
// model and data in the same run (whole processes, interleaved), then peak RSS of `layers` at two
// sizes N to show that memory does not grow with N.
//
//   node bench/layers.mjs [--repeats 5] [--rss-rows 10000,100000] [--conv-rows 1000,4000] [--no-conv] [--keep]
//
// Part 1: the bundled R = 1 sample (10 000 Fashion-MNIST images, 14×14, MLP 196-128-128-64-10).
// Reported: median and min–max of wall time and CPU time (user + system) per command, and the ratio
// layers / inspect of the medians (the budget is ≤ 2).
// Part 2: the same model on the sample's images tiled to each of --rss-rows samples, and a conv net
// (24×24×1 → conv 32 3×3 same = 18 432 values per sample → pool → conv 8 → dense 16 → K = 3; seeded
// initialisers, untrained) on seeded bar images at --conv-rows samples; peak RSS (getrusage) of each run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mulberry32 } from '../scripts/lib/random.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const flag = (name) => argv.includes(`--${name}`);
const repeats = Number(opt('repeats', '5'));
const rssRows = opt('rss-rows', '10000,100000').split(',').map(Number);
const convRows = opt('conv-rows', '1000,4000').split(',').map(Number);
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.error('dist/cli.js is missing: run `node esbuild.mjs` first (npm run bench:layers does)');
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'cl-bench-layers-'));
const samples = join(root, 'media', 'samples');
const model = join(samples, 'fashion-r1');
const images = join(samples, 'data', 'train-r1-images.npy');
const labels = join(samples, 'data', 'train-r1-labels.npy');

function run(args, nodeFlags = []) {
  const rss = join(dir, `rss-${Math.random().toString(36).slice(2)}.json`);
  const t0 = performance.now();
  const p = spawnSync(process.execPath, [...nodeFlags, '--import', pathToFileURL(join(root, 'bench', 'maxrss.mjs')).href, cli, ...args, '--quiet', '--backend', 'wasm'], {
    env: { ...process.env, COLLAPSE_LENS_BENCH_RSS: rss },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const wall = (performance.now() - t0) / 1000;
  if (p.status !== 0) throw new Error(`${args[0]} failed (${p.status}): ${p.stderr}`);
  const usage = JSON.parse(readFileSync(rss, 'utf8'));
  return { wall, cpu: usage.cpuSeconds, rssMb: usage.maxRssKb / 1024, stdout: p.stdout };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const span = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;

// --- Part 1: layers vs inspect, interleaved -----------------------------------------------------
const data = ['--data', images, '--labels', labels];
const times = { inspect: [], layers: [] };
run(['inspect', model, ...data]); // warm the file cache once
for (let i = 0; i < repeats; i++) {
  for (const command of ['inspect', 'layers']) times[command].push(run([command, model, ...data]));
}
console.log(`Part 1: the R = 1 sample (${model}), ${repeats} interleaved runs each, whole process, wasm backend`);
console.log('command   wall median (min–max) s   CPU median (min–max) s   peak RSS MB');
for (const c of ['inspect', 'layers']) {
  const w = times[c].map((t) => t.wall);
  const u = times[c].map((t) => t.cpu);
  console.log(`${c.padEnd(8)}  ${median(w).toFixed(2)} (${span(w)})`.padEnd(36) + `${median(u).toFixed(2)} (${span(u)})`.padEnd(25) + median(times[c].map((t) => t.rssMb)).toFixed(0));
}
const ratioWall = median(times.layers.map((t) => t.wall)) / median(times.inspect.map((t) => t.wall));
const ratioCpu = median(times.layers.map((t) => t.cpu)) / median(times.inspect.map((t) => t.cpu));
console.log(`ratio layers / inspect: wall ${ratioWall.toFixed(2)}, CPU ${ratioCpu.toFixed(2)} (budget ≤ 2)`);

// --- Part 2: peak RSS at two sizes --------------------------------------------------------------
function npyHeader(descr, shape) {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const out = Buffer.alloc(total, 0x20);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  out.writeUInt16LE(total - 10, 8);
  out.write(dict, 10, 'latin1');
  out[total - 1] = 0x0a;
  return out;
}

/** The body of a .npy file (after its header). */
function npyBody(path) {
  const b = readFileSync(path);
  return b.subarray(10 + b.readUInt16LE(8));
}

function tiled(n) {
  const x = npyBody(images);
  const y = npyBody(labels);
  const per = x.length / 10000;
  const perY = y.length / 10000;
  const xs = Buffer.alloc(n * per);
  const ys = Buffer.alloc(n * perY);
  for (let i = 0; i < n; i += 10000) {
    const m = Math.min(10000, n - i);
    x.copy(xs, i * per, 0, m * per);
    y.copy(ys, i * perY, 0, m * perY);
  }
  const xd = readFileSync(images);
  const descr = /'descr': '([^']+)'/.exec(xd.subarray(0, 128).toString('latin1'))[1];
  const yd = /'descr': '([^']+)'/.exec(readFileSync(labels).subarray(0, 128).toString('latin1'))[1];
  const px = join(dir, `x-${n}.npy`);
  const py = join(dir, `y-${n}.npy`);
  writeFileSync(px, Buffer.concat([npyHeader(descr, [n, 14, 14]), xs]));
  writeFileSync(py, Buffer.concat([npyHeader(yd, [n]), ys]));
  return [px, py];
}

// V8 collects lazily, so with default flags the peak RSS also reflects how much garbage piles up
// before a collection (more batches, more garbage). The capped run (old space 48 MB, semi-space 2 MB)
// would fail or grow if the memory kept alive grew with N; its peak RSS is the retained memory.
const CAPPED = ['--max-old-space-size=48', '--max-semi-space-size=2'];
console.log('\nPart 2: peak RSS of `layers` at two sizes N (default V8 heap | heap capped at 48 MB old space)');
console.log('model                         N        wall s   peak RSS MB   capped: wall s   peak RSS MB');
const part2 = (label, n, args) => {
  const r = run(args);
  const c = run(args, CAPPED);
  console.log(`${label.padEnd(30)}${String(n).padEnd(9)}${r.wall.toFixed(2).padEnd(9)}${r.rssMb.toFixed(0).padEnd(22)}${c.wall.toFixed(2).padEnd(9)}${c.rssMb.toFixed(0)}`);
};
for (const n of rssRows) {
  const [px, py] = tiled(n);
  part2('fashion-r1 MLP (d ≤ 196)', n, ['layers', model, '--data', px, '--labels', py]);
}

if (!flag('no-conv')) {
  const require = createRequire(import.meta.url);
  const tf = require('@tensorflow/tfjs');
  const K = 3;
  const init = (seed) => ({ kernelInitializer: tf.initializers.glorotUniform({ seed }) });
  const m = tf.sequential({ name: 'bigconv' });
  m.add(tf.layers.conv2d({ inputShape: [24, 24, 1], filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv1', ...init(1) }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }));
  m.add(tf.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', name: 'conv2', ...init(2) }));
  m.add(tf.layers.flatten({ name: 'flatten' }));
  m.add(tf.layers.dense({ units: 16, activation: 'relu', name: 'hidden', ...init(3) }));
  m.add(tf.layers.dense({ units: K, activation: 'softmax', name: 'classifier', ...init(4) }));
  const convDir = join(dir, 'conv');
  mkdirSync(convDir, { recursive: true });
  await m.save(
    tf.io.withSaveHandler(async (a) => {
      writeFileSync(join(convDir, 'weights.bin'), new Uint8Array(tf.io.CompositeArrayBuffer.join(a.weightData)));
      writeFileSync(join(convDir, 'model.json'), JSON.stringify({ modelTopology: a.modelTopology, format: 'layers-model', weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }] }));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  for (const n of convRows) {
    const rand = mulberry32(17);
    const x = new Float32Array(n * 576);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const k = i % K;
      y[i] = k;
      for (let r = 0; r < 24; r++) for (let c = 0; c < 24; c++) x[i * 576 + r * 24 + c] = (Math.abs(r - (4 * k + 2)) <= 1 ? 0.8 : 0.1) + 0.2 * rand();
    }
    const px = join(dir, `bars-${n}.npy`);
    const py = join(dir, `bars-y-${n}.npy`);
    writeFileSync(px, Buffer.concat([npyHeader('<f4', [n, 24, 24, 1]), Buffer.from(x.buffer)]));
    writeFileSync(py, Buffer.concat([npyHeader('<i4', [n]), Buffer.from(y.buffer)]));
    part2('conv net (d_1 = 18 432)', n, ['layers', join(convDir, 'model.json'), '--data', px, '--labels', py]);
  }
}
if (!flag('keep')) rmSync(dir, { recursive: true, force: true });
else console.log(`files kept in ${dir}`);

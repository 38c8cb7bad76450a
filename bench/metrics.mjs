// npm run bench:metrics — the metrics engine (dist/cli.js) against the numpy reference pipeline
// (bench/reference_nc.py: d×d Σ_W, pinv of Σ_B, after tding1/Neural-Collapse validate_NC.py) on the
// same .npy files in the same run, then a streaming check on a 1M×512 file.
//
//   node bench/metrics.mjs [--repeats 3] [--sizes 512,2048 | none] [--rows 60000] [--stream-rows 1000000]
//                          [--per-sample] [--no-stream] [--stream-only] [--no-reference]
//                          [--no-many] [--no-imagenet]   (--no-many: skip the K = 100 and K = 1000 rows)
//                          [--dir /tmp/x] [--keep]
//
// The reference forms Σ_W with one sgemm per batch of rows (the fastest numpy form). --per-sample
// also runs it once per size the way validate_NC.py itself does (a Python loop adding one d×d outer
// product per sample), which takes minutes at d = 2048.
//
// Data: K = 10 classes, fixed seed (mulberry32), features h = μ_y + noise with approximately
// Gaussian noise (Irwin–Hall sum of 4 uniforms), float32 C-order .npy, labels int64 (numpy's
// default), W (K×d float32) near the class means, b (K float32). Both programs run end to end as
// separate processes (start-up, imports and file reading included), interleaved; we report the
// median and min–max over --repeats runs of wall time and of CPU time (user + system, all threads,
// which varies less than wall time when other work shares the machine), and the peak RSS each
// process reports for itself (getrusage). numpy's BLAS may use every core; our engine uses one
// thread for compute plus libuv's file-reading threads.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../scripts/lib/random.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const flag = (name) => argv.includes(`--${name}`);
const repeats = Number(opt('repeats', '3'));
const sizes = flag('stream-only') || opt('sizes') === 'none' ? [] : opt('sizes', '512,2048').split(',').map(Number);
const rows = Number(opt('rows', '60000'));
const streamRows = Number(opt('stream-rows', '1000000'));
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.error('dist/cli.js is missing: run `node esbuild.mjs` first (npm run bench:metrics does)');
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// Data


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

/** Long-tailed class counts: round(head · (tail/head)^(k/(K−1))), k = 0..K−1 (100 → 5 gives N = 31 733 at K = 1000). */
function longTailCounts(K, head, tail) {
  return Array.from({ length: K }, (_, k) => Math.round(head * Math.pow(tail / head, k / (K - 1))));
}

/**
 * Writes H (N×d float32), y (N int64), W (K×d float32), b (K float32); returns their paths. Labels are
 * uniform over K classes, or, with `counts`, exactly counts[k] rows of class k in a seeded random order
 * (then N = Σ counts).
 */
function generate(dir, n, d, seed, K = 10, counts = null) {
  const rand = mulberry32(seed);
  let order = null;
  if (counts) {
    order = new Int32Array(counts.reduce((a, b) => a + b, 0));
    let o = 0;
    counts.forEach((c, k) => order.fill(k, o, (o += c)));
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    n = order.length;
  }
  const noise = () => (rand() + rand() + rand() + rand() - 2) * 1.7320508; // ≈ N(0, 1)
  const means = new Float32Array(K * d);
  for (let i = 0; i < means.length; i++) means[i] = 0.25 * noise() + 0.5;
  const paths = { H: join(dir, `H_${n}x${d}_${K}.npy`), y: join(dir, `y_${n}_${d}_${K}.npy`), W: join(dir, `W_${d}_${K}.npy`), b: join(dir, `b_${d}_${K}.npy`) };
  const fh = openSync(paths.H, 'w');
  const fy = openSync(paths.y, 'w');
  writeSync(fh, npyHeader('<f4', [n, d]));
  writeSync(fy, npyHeader('<i8', [n]));
  const chunk = 4096;
  const buf = new Float32Array(chunk * d);
  const lab = new BigInt64Array(chunk);
  for (let start = 0; start < n; start += chunk) {
    const m = Math.min(chunk, n - start);
    for (let i = 0; i < m; i++) {
      const y = order ? order[start + i] : Math.floor(rand() * K);
      lab[i] = BigInt(y);
      const o = i * d;
      const base = y * d;
      for (let j = 0; j < d; j++) buf[o + j] = means[base + j] + 2 * noise();
    }
    writeSync(fh, new Uint8Array(buf.buffer, 0, m * d * 4));
    writeSync(fy, new Uint8Array(lab.buffer, 0, m * 8));
  }
  closeSync(fh);
  closeSync(fy);
  const W = new Float32Array(K * d);
  for (let i = 0; i < W.length; i++) W[i] = means[i] - 0.5 + 0.05 * noise();
  const b = Float32Array.from({ length: K }, () => 0.3 * noise());
  for (const [path, arr, shape] of [
    [paths.W, W, [K, d]],
    [paths.b, b, [K]],
  ]) {
    const f = openSync(path, 'w');
    writeSync(f, npyHeader('<f4', shape));
    writeSync(f, new Uint8Array(arr.buffer));
    closeSync(f);
  }
  return paths;
}

// ---------------------------------------------------------------------------------------------
// Runs

function runOurs(paths, rssFile, extra = []) {
  const args = ['-r', join(root, 'bench', 'maxrss.cjs'), cli, 'metrics', '--features', paths.H, '--labels', paths.y, '--weights', paths.W, '--bias', paths.b, '--global-mean', 'weighted', '--json', ...extra];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, COLLAPSE_LENS_BENCH_RSS: rssFile }, maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`collapse-lens failed (${r.status}): ${r.stderr}`);
  const usage = JSON.parse(readFileSync(rssFile, 'utf8'));
  return { seconds, result: JSON.parse(r.stdout), rssKb: usage.maxRssKb, cpuSeconds: usage.cpuSeconds };
}

function pythonWithNumpy() {
  const r = spawnSync('python3', ['-c', 'import numpy, sys; print(numpy.__version__, sys.executable)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function runReference(paths, extra = []) {
  const t0 = performance.now();
  const r = spawnSync('python3', [join(root, 'bench', 'reference_nc.py'), paths.H, paths.y, paths.W, paths.b, ...extra], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`reference failed (${r.status}): ${r.stderr}`);
  const result = JSON.parse(r.stdout);
  return { seconds, result, rssKb: result.maxRssKb, cpuSeconds: result.cpuSeconds };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmtS = (xs) => `${median(xs).toFixed(2)} s (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;

// ---------------------------------------------------------------------------------------------

const dir = opt('dir') ?? mkdtempSync(join(tmpdir(), 'collapse-lens-bench-'));
mkdirSync(dir, { recursive: true });
const rssFile = join(dir, 'rss.txt');
const python = flag('no-reference') ? null : pythonWithNumpy();
console.log(`collapse-lens metrics benchmark — node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(python ? `reference: python3 with numpy ${python}` : 'reference: skipped (python3 with numpy not found, or --no-reference)');
console.log(`${repeats} runs each, median (min–max); float32 features, int64 labels\n`);

/** One timed comparison of both programs on generated data. */
function compare(label, paths) {
  // Interleave the two programs so that background load affects both alike.
  const ours = [];
  const ref = [];
  for (let r = 0; r < repeats; r++) {
    ours.push(runOurs(paths, rssFile));
    if (python) ref.push(runReference(paths));
  }
  const o = ours[0].result;
  console.log(`  collapse-lens  ${fmtS(ours.map((x) => x.seconds))}   CPU ${fmtS(ours.map((x) => x.cpuSeconds))}   peak RSS ${mb(Math.max(...ours.map((x) => x.rssKb)))}   NC1 ${o.nc1.toPrecision(8)}  NCC mismatch ${o.nccMismatch}`);
  if (!python) return;
  const p = ref[0].result;
  const parts = Object.entries(p.seconds)
    .filter(([k]) => k !== 'total')
    .map(([k]) => `${k} ${median(ref.map((x) => x.result.seconds[k])).toFixed(2)}`)
    .join(', ');
  console.log(`  numpy ref.     ${fmtS(ref.map((x) => x.seconds))}   CPU ${fmtS(ref.map((x) => x.cpuSeconds))}   peak RSS ${mb(Math.max(...ref.map((x) => x.rssKb)))}   NC1 ${p.nc1.toPrecision(8)}  NCC mismatch ${p.nccMismatch}`);
  console.log(`                 (in-script medians: ${parts} s; ${p.pinv})`);
  const ratio = median(ref.map((x) => x.seconds)) / median(ours.map((x) => x.seconds));
  const cpuRatio = median(ref.map((x) => x.cpuSeconds)) / median(ours.map((x) => x.cpuSeconds));
  const rel = Math.abs(o.nc1 - p.nc1) / Math.abs(o.nc1);
  console.log(`  ${label}: speed-up ${ratio.toFixed(2)}× wall time, ${cpuRatio.toFixed(2)}× CPU time (reference median / ours median)`);
  console.log(`  NC1 relative difference ${rel.toExponential(2)} (the reference accumulates Σ_W in float32); NCC mismatch ${o.nccMismatch === p.nccMismatch ? 'identical' : `differs (${Math.abs(o.nccMismatch - p.nccMismatch) * o.samples} of ${o.samples} rows; the reference decides in float32)`}`);
  if (flag('per-sample')) {
    const slow = runReference(paths, ['--per-sample']);
    const t = slow.result.seconds;
    console.log(`  numpy ref., per-sample Σ_W as in validate_NC.py (1 run): ${slow.seconds.toFixed(2)} s, CPU ${slow.cpuSeconds.toFixed(2)} s (Σ_W ${t.sigmaW.toFixed(2)} s, pinv ${t.pinvNc1.toFixed(2)} s), NC1 ${slow.result.nc1.toPrecision(8)}`);
    console.log(`  speed-up against it ${(slow.seconds / median(ours.map((x) => x.seconds))).toFixed(1)}× wall time`);
  }
}

const removeAll = (paths) => {
  if (!flag('keep')) for (const p of Object.values(paths)) rmSync(p, { force: true });
};

/** ImageNet-LT-like counts: n_k = max(tail, round(head·(k+1)^−a)) with a fitted so that Σ n_k ≈ total; the rest goes to class 0. */
function powerLawCounts(K, head, tail, total) {
  const make = (a) => Array.from({ length: K }, (_, k) => Math.max(tail, Math.round(head * Math.pow(k + 1, -a))));
  let lo = 0;
  let hi = 4;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (make(mid).reduce((a, b) => a + b, 0) > total) lo = mid;
    else hi = mid;
  }
  const counts = make(hi);
  counts[0] += total - counts.reduce((a, b) => a + b, 0);
  return counts;
}

try {
  for (const d of sizes) {
    const t0 = performance.now();
    const paths = generate(dir, rows, d, 20240601 + d);
    console.log(`K = 10, N = ${rows}, d = ${d}: generated ${(statSync(paths.H).size / 2 ** 20).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    compare(`K = 10, d = ${d}`, paths);
    console.log('');
    removeAll(paths);
  }

  if (!flag('no-many') && !flag('stream-only')) {
    // Long-tailed many-class rows: CIFAR-100-LT-like K = 100 (counts 500 → 5) and ImageNet-LT-like
    // K = 1000 (counts 100 → 5, N = 31 733), d = 512.
    const d = 512;
    for (const [K, head, tail] of [
      [100, 500, 5],
      [1000, 100, 5],
    ]) {
      const counts = longTailCounts(K, head, tail);
      const t0 = performance.now();
      const paths = generate(dir, 0, d, K, K, counts);
      console.log(`K = ${K} long-tailed (counts ${head} → ${tail}), N = ${counts.reduce((a, b) => a + b, 0)}, d = ${d}: generated ${(statSync(paths.H).size / 2 ** 20).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      compare(`K = ${K}`, paths);
      console.log('');
      removeAll(paths);
    }
  }

  if (!flag('no-stream')) {
    const d = 512;
    const t0 = performance.now();
    const paths = generate(dir, streamRows, d, 7);
    const size = statSync(paths.H).size;
    console.log(`streaming check: ${streamRows}×${d} float32 (${(size / 2 ** 30).toFixed(2)} GiB) generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const run = runOurs(paths, rssFile);
    console.log(`  collapse-lens  ${run.seconds.toFixed(2)} s   CPU ${run.cpuSeconds.toFixed(2)} s   peak RSS ${mb(run.rssKb)} (the file is ${(size / 2 ** 20).toFixed(0)} MB)   NC1 ${run.result.nc1.toPrecision(8)}  samples ${run.result.samples}`);
    removeAll(paths);
  }

  if (!flag('no-imagenet')) {
    // ImageNet-LT size, streamed: 115 846 × 2048, K = 1000 (1280 → 5), and the same profile at a quarter
    // of the rows; the peak RSS must not grow with N (the engine holds a few batches plus O(K·d + d²)).
    const d = 2048;
    for (const total of [Math.round(115846 / 4), 115846]) {
      const counts = powerLawCounts(1000, total === 115846 ? 1280 : 320, total === 115846 ? 5 : 2, total);
      const t0 = performance.now();
      const paths = generate(dir, 0, d, 2048, 1000, counts);
      const size = statSync(paths.H).size;
      console.log(`ImageNet-LT size, streamed: ${total}×${d}, K = 1000 (counts ${Math.max(...counts)} → ${Math.min(...counts)}), ${(size / 2 ** 20).toFixed(0)} MB generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      const run = runOurs(paths, rssFile);
      console.log(`  collapse-lens  ${run.seconds.toFixed(2)} s   CPU ${run.cpuSeconds.toFixed(2)} s   peak RSS ${mb(run.rssKb)} (the file is ${(size / 2 ** 20).toFixed(0)} MB)   NC1 ${run.result.nc1.toPrecision(8)}  samples ${run.result.samples}`);
      removeAll(paths);
    }
  }
} finally {
  if (!flag('keep') && !opt('dir')) rmSync(dir, { recursive: true, force: true });
}

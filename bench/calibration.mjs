// npm run bench:calibration — the whole `report` process on the bundled R = 1000 sample (issue 12): with both
// LPM calibrations (norm- and loss-matched, the default) against the single-calibration report
// (`--calibrations norms`), interleaved in one run, as whole processes (start-up, inspect, LPM, JSON).
// Prints the median and min–max wall time of each, the ratio of the medians (goal ≤ 1.5×), and how many
// LPM solves the loss-matched bisection took in the last run (from the report's own numbers).
//
//   node bench/calibration.mjs [--repeats 7]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const i = argv.indexOf('--repeats');
const repeats = i >= 0 ? Number(argv[i + 1]) : 7;
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.error('dist/cli.js is missing: run `node esbuild.mjs` first (npm run bench:calibration does)');
  process.exit(1);
}
const samples = join(root, 'media', 'samples');
const data = join(samples, 'data');
// As `collapse-lens sample` runs it: training and test data, classes 5–9 the minority.
const base = [
  cli, 'report', join(samples, 'fashion-r1000'),
  '--data', join(data, 'train-r1000-images.npy'), '--labels', join(data, 'train-r1000-labels.npy'),
  '--test-data', join(data, 'test-images.npy'), '--test-labels', join(data, 'test-labels.npy'),
  '--minority', '5,6,7,8,9', '--json', '--quiet',
];

function run(extra) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...base, ...extra], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`report ${extra.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { seconds, report: JSON.parse(r.stdout) };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (xs) => `${median(xs).toFixed(3)} s (${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)})`;

console.log(`report of the R = 1000 sample, whole process — node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; ${repeats} runs each, interleaved`);
const cases = [
  ['both calibrations (default)', []],
  ['--calibrations norms', ['--calibrations', 'norms']],
];
const times = cases.map(() => []);
let last;
run([]); // warm the file cache
for (let r = 0; r < repeats; r++) {
  cases.forEach(([, extra], k) => {
    const x = run(extra);
    times[k].push(x.seconds);
    if (k === 0) last = x.report;
  });
}
cases.forEach(([name], k) => console.log(`${name.padEnd(30)}${fmt(times[k])}`));
const ratio = median(times[0]) / median(times[1]);
console.log(`ratio of medians: ${ratio.toFixed(2)}× (goal ≤ 1.5×: ${ratio <= 1.5 ? 'met' : 'NOT met'})`);
const loss = last.calibrations?.find((c) => c.kind === 'loss');
if (loss) {
  console.log(
    `loss-matched entry of the last run: E_H·E_W = ${loss.ehew?.toPrecision(6)}, LPM loss ${loss.objective?.toPrecision(6)} (model's train loss ${last.inspect.trainLoss?.toPrecision(6)}), R* = ${loss.threshold?.toPrecision(6) ?? loss.reason}`,
  );
}
console.log(`load average at end ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);

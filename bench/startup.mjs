// npm run bench:startup — start-up cost of the CLI: `collapse-lens version` (no tfjs) against bare
// `node -e 0`, `collapse-lens seli` (no tfjs either) and `collapse-lens metrics` on a 40×4 file (loads
// dist/tfjs.js and starts the wasm backend), as whole processes; median and min–max of wall time and of
// CPU time (user + system of the child as /usr/bin/time reports it). No --import preload here: it routes
// the CommonJS entry through Node's ESM loader, which itself costs ≈0.1 s. Then one run of each command
// with a CommonJS preload that reports whether dist/tfjs.js was loaded.
//
//   node bench/startup.mjs [--repeats 15]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const i = argv.indexOf('--repeats');
const repeats = i >= 0 ? Number(argv[i + 1]) : 15;
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.error('dist/cli.js is missing: run `node esbuild.mjs` first (npm run bench:startup does)');
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'collapse-lens-startup-'));
const timeFile = join(dir, 'time.txt');

/** A tiny float32 .npy (rows×cols) and int32 labels (two classes) for the metrics case. */
function npy(path, descr, shape, bytes) {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const head = Buffer.alloc(total, 0x20);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  head.writeUInt16LE(total - 10, 8);
  head.write(dict, 10, 'latin1');
  head[total - 1] = 0x0a;
  writeFileSync(path, Buffer.concat([head, Buffer.from(bytes.buffer)]));
}
const features = join(dir, 'H.npy');
const labels = join(dir, 'y.npy');
npy(features, '<f4', [40, 4], Float32Array.from({ length: 160 }, (_, i) => Math.sin(i) + (Math.floor(i / 4) % 2) * 3));
npy(labels, '<i4', [40], Int32Array.from({ length: 40 }, (_, i) => i % 2));
const probe = join(dir, 'probe.cjs');
const probeOut = join(dir, 'probe.txt');
writeFileSync(probe, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(probeOut)}, String(Object.keys(require.cache).some((p) => p.endsWith('tfjs.js')))));\n`);
const haveTime = existsSync('/usr/bin/time');

function run(args) {
  const [cmd, full] = haveTime ? ['/usr/bin/time', ['-o', timeFile, '-f', '%U %S', process.execPath, ...args]] : [process.execPath, args];
  const t0 = performance.now();
  const r = spawnSync(cmd, full, { encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const cpu = haveTime ? readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number).reduce((a, b) => a + b, 0) : NaN;
  return { seconds, cpu };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (xs) => `${median(xs).toFixed(3)} s (${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)})`;

console.log(`collapse-lens start-up — node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; ${repeats} runs each, interleaved`);
const cases = [
  ['node -e 0', ['-e', '0']],
  ['collapse-lens version', [cli, 'version']],
  ['collapse-lens seli --counts 10,1', [cli, 'seli', '--counts', '10,1', '--json']],
  ['collapse-lens metrics (40×4)', [cli, 'metrics', '--features', features, '--labels', labels, '--json']],
];
const results = cases.map(() => ({ wall: [], cpu: [] }));
try {
  for (let r = 0; r < repeats; r++) {
    cases.forEach(([, args], k) => {
      const x = run(args);
      results[k].wall.push(x.seconds);
      results[k].cpu.push(x.cpu);
    });
  }
  cases.forEach(([, args], k) => {
    if (k === 0) return;
    spawnSync(process.execPath, ['-r', probe, ...args], { encoding: 'utf8' });
    results[k].tfjs = readFileSync(probeOut, 'utf8') === 'true';
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
cases.forEach(([name], k) => console.log(`  ${name.padEnd(34)} wall ${fmt(results[k].wall)}   CPU ${fmt(results[k].cpu)}${k ? `   loads tfjs: ${results[k].tfjs ? 'yes' : 'no'}` : ''}`));
const extra = median(results[1].wall) - median(results[0].wall);
console.log(`  version costs ${extra.toFixed(3)} s of wall time above bare node (goal: version ≤ 0.12 s in all); loading tfjs and the wasm backend (metrics on 40×4) ${(median(results[3].wall) - median(results[1].wall)).toFixed(3)} s more`);

// `npm run bench:lpm [goals|rules|cutoff]`: bundles bench/lpm.bench.ts with esbuild and runs it.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';

await esbuild.build({
  entryPoints: ['bench/lpm.bench.ts'],
  outfile: 'out/bench/lpm.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  external: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'],
});
const run = spawnSync(process.execPath, ['out/bench/lpm.cjs', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exitCode = run.status ?? 1;

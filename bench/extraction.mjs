// Feature-extraction throughput (samples/s) per backend available here, through the real loader
// (model.json + shard on disk → openClassifierModel → modelFeatureSource), models at realistic
// sizes with random weights and inputs. Prints the median of 3 passes per backend and the ratio
// to wasm measured in the same run.
//
//   node bench/extraction.mjs            (bundles bench/extraction-run.ts with esbuild, then runs it)
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';

await esbuild.build({
  entryPoints: ['bench/extraction-run.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: 'out/bench/extraction-run.js',
  external: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'],
  logLevel: 'warning',
});
const { status } = spawnSync(process.execPath, ['out/bench/extraction-run.js', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(status ?? 1);

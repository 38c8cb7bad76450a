// Feature-extraction throughput (samples/s) per backend available here, through the real loader
// (model.json + shard on disk → openClassifierModel → modelFeatureSource), models at realistic
// sizes with random weights and inputs. Prints the median of 3 passes per backend and the ratio
// to wasm measured in the same run.
//
//   node bench/extraction.mjs            (bundles bench/extraction-run.ts with esbuild, then runs it)
//   node bench/extraction.mjs --real     (bench/extraction-real.ts: nsfwjs mobilenet_v2 vs a bare predict loop)
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';

const real = process.argv.includes('--real');
const entry = real ? 'extraction-real' : 'extraction-run';
await esbuild.build({
  entryPoints: [`bench/${entry}.ts`],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: `out/bench/${entry}.js`,
  external: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'],
  logLevel: 'warning',
});
const { status } = spawnSync(process.execPath, [`out/bench/${entry}.js`, ...process.argv.slice(2).filter((a) => a !== '--real')], { stdio: 'inherit' });
process.exit(status ?? 1);

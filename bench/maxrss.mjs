// Preloaded by bench/metrics.mjs (node --import): writes this process's peak RSS (getrusage, KB)
// to the file named by COLLAPSE_LENS_BENCH_RSS when the process exits.
import { writeFileSync } from 'node:fs';

const target = process.env.COLLAPSE_LENS_BENCH_RSS;
if (target) process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));

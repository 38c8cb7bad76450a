// Preloaded by bench/metrics.mjs (node -r, CommonJS): when the process exits, writes its peak RSS
// (getrusage, KB) and CPU time (user + system over all threads, seconds) as JSON to the file named by
// COLLAPSE_LENS_BENCH_RSS. A CommonJS preload keeps the CLI on Node's CommonJS loader: an ESM preload
// (--import, bench/maxrss.mjs) routes dist/cli.js and dist/tfjs.js through the ESM loader, whose
// CommonJS export scan of the 4.7 MB tfjs bundle costs the measured process ≈0.1–0.2 s.
/* global process */
'use strict';
const { writeFileSync } = process.getBuiltinModule('node:fs');

const target = process.env.COLLAPSE_LENS_BENCH_RSS;
if (target) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    writeFileSync(target, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
  });
}

// Preloaded by bench/metrics.mjs (node --import): when the process exits, writes its peak RSS
// (getrusage, KB) and CPU time (user + system over all threads, seconds) as JSON to the file named
// by COLLAPSE_LENS_BENCH_RSS.
import { writeFileSync } from 'node:fs';

const target = process.env.COLLAPSE_LENS_BENCH_RSS;
if (target) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    writeFileSync(target, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
  });
}

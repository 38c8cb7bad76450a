// `npm test`: every stage in order, stopping at the first failure, with the time each took.
//   type-check → lint → unit (node:test) → integration (real VS Code) → UI (real Chromium)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { preflight } from './preflight.mjs';
import { codeServerInstalled } from './vscode/install.mjs';

const stages = [
  ['type-check', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['build', 'node', ['esbuild.mjs', '--tests']],
  ['unit', 'node', ['--test', '--test-reporter=spec', 'out/test/unit/']],
  ['integration', 'node', ['test/integration/run.mjs']],
  ['ui', 'node', ['--test', '--test-concurrency=1', '--test-reporter=spec', 'test/ui/']],
];

const only = process.argv.slice(2);
const selected = (name) => !only.length || only.includes(name);
// Chromium (and, before code-server's first install, ripgrep and libkrb5-dev) are checked first, so a
// machine without them stops now with the install line instead of failing late in the integration stage.
if ((selected('integration') || selected('ui')) && !preflight({ needCodeServerInstall: !codeServerInstalled() })) {
  process.exit(1);
}
const timings = [];
for (const [name, cmd, args] of stages) {
  if (only.length && !only.includes(name)) continue;
  if (name === 'integration' && !existsSync('test/integration/run.mjs')) continue;
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const { status, signal } = spawnSync(cmd, args, { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  timings.push(`${name} ${seconds} s`);
  if (status !== 0) {
    console.error(`\n${name} failed (${signal ?? `exit ${status}`}) after ${seconds} s`);
    process.exit(status || 1);
  }
}
console.log(`\nAll stages passed: ${timings.join(', ')}`);

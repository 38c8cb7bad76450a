// What `npm test` needs beyond npm, checked before any stage runs (a few file look-ups, no processes):
// Chromium for the integration and UI stages; ripgrep and libkrb5-dev only while code-server 4.100.3 is
// not yet installed in .vscode-test/ (its install seeds ripgrep's download cache with the system `rg`
// and builds the kerberos module against gssapi.h). As root on Debian/Ubuntu the missing packages are
// installed with apt-get; otherwise the run stops at once with the exact line to run.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const GSSAPI_HEADER = '/usr/include/gssapi/gssapi.h';

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** First executable `name` on PATH (no shell, no process). */
export function onPath(name, env = process.env, isExecutable = executable) {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * The Chromium the tests launch: $CHROMIUM_PATH when set (it must then exist), else `chromium` or
 * `chromium-browser` on PATH, else /usr/bin/chromium. Undefined when there is none.
 */
export function findChromium(env = process.env, isExecutable = executable) {
  if (env.CHROMIUM_PATH) return isExecutable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  return onPath('chromium', env, isExecutable) ?? onPath('chromium-browser', env, isExecutable) ?? (isExecutable('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
}

/** `debian`, `ubuntu`, or undefined, from the text of /etc/os-release. */
export function aptFamily(osRelease) {
  const field = (key) => new RegExp(`^${key}=["']?([^"'\\n]*)`, 'm').exec(osRelease ?? '')?.[1] ?? '';
  const ids = `${field('ID')} ${field('ID_LIKE')}`.split(/\s+/);
  if (field('ID') === 'ubuntu' || ids.includes('ubuntu')) return 'ubuntu';
  if (ids.includes('debian')) return 'debian';
  return undefined;
}

/**
 * Pure decision. `found` says which prerequisites are present; returns what is missing, the apt
 * packages for it, the exact install line, and whether this process may install them itself.
 */
export function planPreflight({ found, needCodeServerInstall, isRoot, family, chromiumPath }) {
  // A CHROMIUM_PATH that points nowhere is a mistake to fix, not a package to install.
  if (chromiumPath && !found.chromium) return { action: 'stop', missing: ['chromium'], packages: [], line: '', badChromiumPath: chromiumPath };
  const missing = [];
  if (!found.chromium) missing.push('chromium');
  if (needCodeServerInstall && !found.ripgrep) missing.push('ripgrep');
  if (needCodeServerInstall && !found.gssapi) missing.push('libkrb5-dev');
  // Ubuntu ships Chromium as `chromium-browser`; Debian as `chromium`.
  const packages = missing.map((m) => (m === 'chromium' && family === 'ubuntu' ? 'chromium-browser' : m));
  const sudo = isRoot ? '' : 'sudo ';
  const line = packages.length ? `${sudo}apt-get update && ${sudo}apt-get install -y ${packages.join(' ')}` : '';
  const action = !missing.length ? 'ok' : isRoot && family ? 'install' : 'stop';
  return { action, missing, packages, line };
}

function readOsRelease() {
  try {
    return readFileSync('/etc/os-release', 'utf8');
  } catch {
    return '';
  }
}

function currentPlan(needCodeServerInstall) {
  return planPreflight({
    found: { chromium: Boolean(findChromium()), ripgrep: Boolean(onPath('rg')), gssapi: existsSync(GSSAPI_HEADER) },
    needCodeServerInstall,
    isRoot: process.getuid?.() === 0,
    family: aptFamily(readOsRelease()),
    chromiumPath: process.env.CHROMIUM_PATH,
  });
}

/**
 * Makes sure the stages that drive VS Code and Chromium can run. Returns true when they can; prints
 * the reason and the install line and returns false when not.
 */
export function preflight({ needCodeServerInstall, log = console.log, error = console.error } = {}) {
  const plan = currentPlan(needCodeServerInstall);
  if (plan.action === 'ok') return true;
  if (plan.badChromiumPath) {
    error(`CHROMIUM_PATH=${plan.badChromiumPath} is not an executable file: fix it, or unset it to use chromium from PATH.`);
    return false;
  }
  if (plan.action === 'stop') {
    error(`npm test needs ${plan.missing.join(', ')} (for the VS Code and Chromium stages), which this machine lacks.`);
    error(`Install with:\n  ${plan.line}`);
    if (plan.missing.includes('chromium')) error('or point CHROMIUM_PATH at a Chromium executable.');
    return false;
  }
  log(`Installing Debian packages: ${plan.packages.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...plan.packages]]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (r.status !== 0) {
      error(`apt-get ${args[0]} failed (${r.signal ?? `exit ${r.status}`}). Install by hand:\n  ${plan.line}`);
      return false;
    }
  }
  const after = currentPlan(needCodeServerInstall);
  if (after.action !== 'ok') {
    error(`Still missing after apt-get: ${after.missing.join(', ')}. Install by hand:\n  ${after.line}`);
    return false;
  }
  return true;
}

// Installs code-server 4.100.3 (= VS Code 1.100.3, the newest that runs on Node 20) from npm into a
// git-ignored cache folder on first use, the way @vscode/test-electron caches its VS Code download.
// Offline workarounds (platform-notes §4.3): npm_config_unsafe_perm (root), npm_config_yes (node-pty's
// npx node-gyp), a seeded ripgrep cache (its postinstall would download from GitHub), libkrb5-dev (apt).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const VSCODE_VERSION = '1.100.3';
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheDir = join(root, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
export const codeServerBin = join(cacheDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

const rgInstalled = join(cacheDir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');

/** True when code-server and its ripgrep are already in the cache (no install, no rg/libkrb5-dev needed). */
export function codeServerInstalled() {
  return existsSync(codeServerBin) && existsSync(rgInstalled);
}

export function ensureCodeServer({ log = console.error } = {}) {
  if (codeServerInstalled()) return codeServerBin;
  const rg = which('rg');
  if (!rg) throw new Error('ripgrep (rg) is required to install code-server offline: apt-get install ripgrep');
  log(`Installing code-server ${CODE_SERVER_VERSION} into ${cacheDir} (first run only)…`);
  const started = Date.now();
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(join(cacheDir, 'package.json'), JSON.stringify({ private: true, name: 'collapse-lens-test-vscode' }));
  const tmp = mkdtempSync(join(cacheDir, 'tmp-'));
  const seed = join(tmp, RIPGREP_CACHE);
  mkdirSync(seed, { recursive: true });
  const stage = mkdtempSync(join(tmp, 'rg-'));
  copyFileSync(rg, join(stage, 'rg'));
  execFileSync('tar', ['-czf', join(seed, RIPGREP_ASSET), '-C', stage, 'rg']);
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: cacheDir,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, TMPDIR: tmp, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' },
  });
  rmSync(tmp, { recursive: true, force: true });
  if (result.status !== 0 || !existsSync(codeServerBin) || !existsSync(rgInstalled)) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} installation failed (exit ${result.status}); is libkrb5-dev installed?`);
  }
  log(`code-server installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return codeServerBin;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureCodeServer();

// npm test's preflight (test/preflight.mjs): where Chromium is found, which apt packages are missing,
// and whether it installs them or stops with the exact line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { test } from 'node:test';
// @ts-expect-error plain ES module without types
import { aptFamily, findChromium, planPreflight } from '../../../test/preflight.mjs';

const none = { chromium: false, ripgrep: false, gssapi: false };
const all = { chromium: true, ripgrep: true, gssapi: true };

test('nothing missing: ok', () => {
  assert.equal(planPreflight({ found: all, needCodeServerInstall: true, isRoot: false, family: undefined }).action, 'ok');
});

test('ripgrep and libkrb5-dev only matter before code-server is installed', () => {
  const p = planPreflight({ found: { ...none, chromium: true }, needCodeServerInstall: false, isRoot: false, family: 'debian' });
  assert.equal(p.action, 'ok');
  const q = planPreflight({ found: { ...none, chromium: true }, needCodeServerInstall: true, isRoot: false, family: 'debian' });
  assert.deepEqual(q.packages, ['ripgrep', 'libkrb5-dev']);
});

test('not root: stop with the sudo install line', () => {
  const p = planPreflight({ found: none, needCodeServerInstall: true, isRoot: false, family: 'debian' });
  assert.equal(p.action, 'stop');
  assert.equal(p.line, 'sudo apt-get update && sudo apt-get install -y chromium ripgrep libkrb5-dev');
});

test('root on Debian or Ubuntu: install; Ubuntu names Chromium chromium-browser', () => {
  const d = planPreflight({ found: none, needCodeServerInstall: true, isRoot: true, family: 'debian' });
  assert.equal(d.action, 'install');
  assert.equal(d.line, 'apt-get update && apt-get install -y chromium ripgrep libkrb5-dev');
  const u = planPreflight({ found: { ...all, chromium: false }, needCodeServerInstall: true, isRoot: true, family: 'ubuntu' });
  assert.deepEqual(u.packages, ['chromium-browser']);
});

test('root elsewhere (no apt): stop', () => {
  assert.equal(planPreflight({ found: none, needCodeServerInstall: false, isRoot: true, family: undefined }).action, 'stop');
});

test('a CHROMIUM_PATH that points nowhere stops the run, even as root on Debian', () => {
  const p = planPreflight({ found: { ...all, chromium: false }, needCodeServerInstall: false, isRoot: true, family: 'debian', chromiumPath: '/nope/chromium' });
  assert.equal(p.action, 'stop');
  assert.equal(p.badChromiumPath, '/nope/chromium');
});

test('apt family from /etc/os-release', () => {
  assert.equal(aptFamily('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n'), 'debian');
  assert.equal(aptFamily('ID=ubuntu\nID_LIKE=debian\n'), 'ubuntu');
  assert.equal(aptFamily('ID=linuxmint\nID_LIKE="ubuntu debian"\n'), 'ubuntu');
  assert.equal(aptFamily('ID=raspbian\nID_LIKE=debian\n'), 'debian');
  assert.equal(aptFamily('ID="fedora"\n'), undefined);
  assert.equal(aptFamily(''), undefined);
});

test('Chromium: CHROMIUM_PATH first, then chromium / chromium-browser on PATH, then /usr/bin/chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-'));
  try {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    mkdirSync(a);
    mkdirSync(b);
    const exe = (path: string) => {
      writeFileSync(path, '#!/bin/sh\n');
      chmodSync(path, 0o755);
      return path;
    };
    const browser = exe(join(b, 'chromium-browser'));
    const own = exe(join(dir, 'my-chromium'));
    const noUsrBin = (p: string) => !p.startsWith('/usr/bin/') && spawnSync('test', ['-x', p]).status === 0;
    assert.equal(findChromium({ PATH: [a, b].join(delimiter) }, noUsrBin), browser);
    const plain = exe(join(a, 'chromium'));
    assert.equal(findChromium({ PATH: [b, a].join(delimiter) }, noUsrBin), plain, 'chromium is preferred to chromium-browser');
    assert.equal(findChromium({ PATH: a, CHROMIUM_PATH: own }, noUsrBin), own);
    assert.equal(findChromium({ PATH: a, CHROMIUM_PATH: join(dir, 'absent') }, noUsrBin), undefined, 'a wrong CHROMIUM_PATH is not silently replaced');
    assert.equal(findChromium({ PATH: '' }, noUsrBin), undefined);
    assert.equal(findChromium({ PATH: '' }, (p: string) => p === '/usr/bin/chromium'), '/usr/bin/chromium');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// require() of one large CommonJS file through a V8 code cache (Node 20 has no module.enableCompileCache).
// dist/tfjs.js is 4.7 MB; compiling it costs ≈0.1 s on every tfjs command, ≈0.04 s with the cache
// (bench/startup.mjs). The cache lives in the user's cache directory ($XDG_CACHE_HOME or ~/.cache,
// collapse-lens/, mode 0700), is keyed by Node version, path, size and mtime of the file, and V8 itself
// rejects data that does not match the source (then it is rewritten). Any failure falls back to plain
// require(). COLLAPSE_LENS_NO_CODE_CACHE=1 turns it off.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

function cacheFile(file: string): string {
  const stat = statSync(file);
  const key = createHash('sha256').update(`${process.version} ${process.arch} ${file} ${stat.size} ${stat.mtimeMs}`).digest('hex').slice(0, 24);
  const root = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(root, 'collapse-lens', `v8-${key}.bin`);
}

/** The exports of the CommonJS `file` (an absolute path), compiled with a V8 code cache when possible. */
export function requireWithCodeCache(file: string): unknown {
  const localRequire = createRequire(file);
  const already = localRequire.cache[file];
  if (already) return already.exports;
  if (process.env.COLLAPSE_LENS_NO_CODE_CACHE === '1') return localRequire(file);
  let source: string;
  let cachePath: string;
  try {
    source = readFileSync(file, 'utf8');
    cachePath = cacheFile(file);
  } catch {
    return localRequire(file);
  }
  let cached: Buffer | undefined;
  try {
    cached = readFileSync(cachePath);
  } catch {
    cached = undefined;
  }
  const script = new Script(Module.wrap(source), { filename: file, cachedData: cached });
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  localRequire.cache[file] = mod;
  try {
    const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
    wrapper.call(mod.exports, mod.exports, localRequire, mod, file, dirname(file));
    mod.loaded = true;
  } catch (error) {
    delete localRequire.cache[file];
    throw error;
  }
  if (!cached || script.cachedDataRejected) {
    // Created after the module ran, so the functions it compiled lazily while loading are included.
    try {
      mkdirSync(dirname(cachePath), { recursive: true, mode: 0o700 });
      const temp = `${cachePath}.${process.pid}.tmp`;
      writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
      renameSync(temp, cachePath);
    } catch {
      // A read-only or missing cache directory only costs the compile time.
    }
  }
  return mod.exports;
}

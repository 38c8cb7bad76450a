// Resolves a --features / --labels argument to an ordered list of .npy files:
//   "H.npy"                 one file
//   "shards/"               every *.npy in the folder
//   "shards/H_*.npy"        a glob (* and ? in the file name; the folder part is literal)
//   "a.npy,b.npy"           a comma-separated list (each item may itself be a folder or glob)
// Files are ordered by natural sort (H_2 before H_10), the order the shards are processed in.
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors';

const naturalOrder = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${escaped}$`);
}

async function listDir(dir: string, spec: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    throw new InputError(`${spec}: the folder ${dir} does not exist or cannot be read`);
  }
}

async function resolveOne(spec: string): Promise<string[]> {
  const name = basename(spec);
  if (/[*?]/.test(name)) {
    const dir = dirname(spec);
    if (/[*?]/.test(dir)) throw new InputError(`${spec}: wildcards are supported in the file name only, not in folder names`);
    const re = globToRegExp(name);
    const files = (await listDir(dir, spec)).filter((f) => re.test(f)).sort(naturalOrder);
    if (files.length === 0) throw new InputError(`${spec}: no files match`);
    return files.map((f) => join(dir, f));
  }
  let isDir = false;
  try {
    isDir = (await stat(spec)).isDirectory();
  } catch {
    throw new InputError(`${spec}: no such file or folder`);
  }
  if (!isDir) return [spec];
  const files = (await listDir(spec, spec)).filter((f) => f.toLowerCase().endsWith('.npy')).sort(naturalOrder);
  if (files.length === 0) throw new InputError(`${spec}: the folder holds no .npy files`);
  return files.map((f) => join(spec, f));
}

export async function resolveShards(spec: string): Promise<string[]> {
  const parts = spec.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new InputError('an empty file list');
  const out: string[] = [];
  for (const part of parts) out.push(...(await resolveOne(part)));
  return out;
}

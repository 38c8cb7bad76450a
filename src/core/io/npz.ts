// Reader for NumPy .npz archives (np.savez: zip, members stored; np.savez_compressed: deflated).
// Each member "<key>.npy" is a .npy file. Archives are read whole (fflate), so .npz is meant for
// small arrays — W, b, labels, small feature sets. Stream large features from .npy files instead.
import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { InputError } from '../errors';
import { decodeNpy, fileError } from './npy';
import type { NpyArray } from './npy';

/** Member names of an .npz without the ".npy" suffix, e.g. ["W", "b"]. */
export type NpzArrays = Map<string, NpyArray<Float64Array>>;

/** Decodes every array of an .npz held in memory; `name` is used in messages. */
export function decodeNpz(bytes: Uint8Array, name: string): NpzArrays {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new InputError(`${name}: not an .npz file (no zip signature "PK")`);
  }
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes);
  } catch (error) {
    throw new InputError(`${name}: corrupt or truncated .npz archive (${error instanceof Error ? error.message : String(error)})`);
  }
  const arrays: NpzArrays = new Map();
  for (const [member, data] of Object.entries(members)) {
    if (member.endsWith('/')) continue; // a directory entry
    if (!member.endsWith('.npy')) throw new InputError(`${name}: member "${member}" is not a .npy array`);
    arrays.set(member.slice(0, -4), decodeNpy(data, `${name}:${member}`, 'float64'));
  }
  if (arrays.size === 0) throw new InputError(`${name}: the .npz archive holds no arrays`);
  return arrays;
}

export async function readNpz(path: string): Promise<NpzArrays> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw fileError(path, error);
  }
  return decodeNpz(bytes, path);
}

/**
 * One array of an .npz: `key` names the member; without a key the archive must hold exactly one.
 */
export async function readNpzArray(path: string, key?: string): Promise<NpyArray<Float64Array>> {
  const arrays = await readNpz(path);
  const keys = [...arrays.keys()];
  if (key === undefined) {
    if (arrays.size !== 1) throw new InputError(`${path}: holds ${arrays.size} arrays (${keys.join(', ')}); name one as ${path}:<key>`);
    return arrays.values().next().value as NpyArray<Float64Array>;
  }
  const found = arrays.get(key);
  if (!found) throw new InputError(`${path}: has no array "${key}" (it holds ${keys.join(', ')})`);
  return found;
}

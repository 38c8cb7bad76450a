// A training run saved as a folder of model folders (epoch-1/, epoch-2/, …, epoch-10/): listed in
// natural order (epoch-2 before epoch-10, which a plain string sort gets wrong). The epoch comes
// only from an epoch-like name (EPOCH_PATTERN: epoch_12, ep12, e-12, step-300, ckpt-5, cp-0005, a bare 010); when a
// folder's name is not one ("mnv2" is not epoch 2), no checkpoint gets an epoch and the order is
// by name, which the report says.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileFault } from '../errors';

export interface Checkpoint {
  /** Folder name, e.g. "epoch-010". */
  name: string;
  /** Path of its model.json. */
  path: string;
  epoch: number | null;
}

const natural = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** A name that states an epoch/step: a keyword then the number at the end, or only digits. */
export const EPOCH_PATTERN = /^(?:.*[^a-z])?(?:epochs?|ep|e|cp|ckpt|checkpoint|steps?|iter|iteration)[-_.= ]?(\d+)$|^(\d+)$/i;

export function epochOf(name: string): number | null {
  const m = EPOCH_PATTERN.exec(name);
  return m ? Number(m[1] ?? m[2]) : null;
}

/** The note for the report when the epochs could not be read from the names, else null. */
export function orderNote(checkpoints: readonly Checkpoint[]): string | null {
  const odd = checkpoints.filter((c) => epochOf(c.name) === null).map((c) => `"${c.name}"`);
  if (odd.length === 0) return null;
  return `no epoch in the checkpoint folder name${odd.length > 1 ? 's' : ''} ${odd.slice(0, 3).join(', ')}${odd.length > 3 ? ', …' : ''} (expected e.g. epoch_12, ep12, e-12, step-300, ckpt-5 or a bare number): the checkpoints are ordered by name and have no epoch numbers`;
}

const isFile = (p: string) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/** True when `dir` is a folder without its own model.json whose sub-folders hold model.json files. */
export function isCheckpointFolder(dir: string): boolean {
  try {
    if (!statSync(dir).isDirectory() || isFile(join(dir, 'model.json'))) return false;
    return readdirSync(dir).some((n) => isFile(join(dir, n, 'model.json')));
  } catch {
    return false;
  }
}

export function listCheckpoints(dir: string): Checkpoint[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw fileFault(dir, 'cannot be listed');
  }
  let found: Checkpoint[] = names
    .filter((n) => !n.startsWith('.') && isFile(join(dir, n, 'model.json')))
    .sort(natural.compare)
    .map((name) => ({ name, path: join(dir, name, 'model.json'), epoch: epochOf(name) }));
  if (found.length === 0) throw fileFault(dir, 'has no checkpoint folders (sub-folders with a model.json)');
  if (found.some((c) => c.epoch === null)) found = found.map((c) => ({ ...c, epoch: null }));
  else found.sort((a, b) => a.epoch! - b.epoch! || natural.compare(a.name, b.name));
  return found;
}

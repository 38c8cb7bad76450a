// A training run saved as a folder of model folders (epoch-1/, epoch-2/, …, epoch-10/): listed in
// natural order (epoch-2 before epoch-10, which a plain string sort gets wrong), each with the
// epoch number taken from the last integer in its name.
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
  const found = names
    .filter((n) => !n.startsWith('.') && isFile(join(dir, n, 'model.json')))
    .sort(natural.compare)
    .map((name) => {
      const numbers = name.match(/\d+/g);
      return { name, path: join(dir, name, 'model.json'), epoch: numbers ? Number(numbers[numbers.length - 1]) : null };
    });
  if (found.length === 0) throw fileFault(dir, 'has no checkpoint folders (sub-folders with a model.json)');
  return found;
}

// A folder of checkpoints must be one model along its training: the same architecture (checked on
// every model.json before any data is read) and the same feature dimension and class count
// (checked as each checkpoint is opened). A refusal names the folder, the two checkpoints and what
// differs.
import { fileFault } from '../errors';
import { architectureDifference, readArchitecture } from '../model/architecture';
import type { Checkpoint } from '../model/checkpoints';
import type { ClassifierHead } from '../model/head';

const NEXT = 'a checkpoint folder must hold saves of one model along its training';

function refuse(folder: string, a: string, b: string, what: string): never {
  throw fileFault(folder, `checkpoints "${a}" and "${b}" are not saves of one model (${what}); ${NEXT}`);
}

/** Refuses a checkpoint whose architecture differs from the first checkpoint's. */
export function checkSameArchitecture(folder: string, checkpoints: readonly Checkpoint[]): void {
  if (checkpoints.length < 2) return;
  const first = readArchitecture(checkpoints[0].path);
  for (const cp of checkpoints.slice(1)) {
    const differs = architectureDifference(first, readArchitecture(cp.path));
    if (differs) refuse(folder, checkpoints[0].name, cp.name, differs);
  }
}

export interface RunShape {
  name: string;
  dim: number;
  classes: number;
}

/** Refuses a head whose feature dimension or class count differs from the reference's. */
export function checkSameHead(folder: string, name: string, head: ClassifierHead, reference: RunShape | undefined): RunShape {
  const here = { name, dim: head.dim, classes: head.classes };
  if (!reference) return here;
  if (head.dim !== reference.dim) refuse(folder, reference.name, name, `feature dimension d = ${reference.dim} vs ${head.dim}`);
  if (head.classes !== reference.classes) refuse(folder, reference.name, name, `K = ${reference.classes} classes vs ${head.classes}`);
  return here;
}

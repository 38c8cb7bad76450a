// One small array from a file given on the command line: "W.npy", "model.npz" (a single array) or
// "model.npz:W" (a named member).
import { readNpy } from './npy';
import type { NpyArray } from './npy';
import { readNpzArray } from './npz';

export async function readArrayFile(spec: string): Promise<NpyArray<Float64Array>> {
  const npz = /^(.*\.npz)(?::([^:/\\]+))?$/i.exec(spec);
  if (npz) return readNpzArray(npz[1], npz[2]);
  return readNpy(spec, 'float64');
}

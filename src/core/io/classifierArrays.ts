// The classifier the user gives beside saved features (`metrics --weights W.npy --bias b.npy`): W as a
// K×d matrix and b as K values, read from .npy or file.npz:key, checked for shape and finite values.
import { InputError } from '../errors';
import { readArrayFile } from './arrayFile';
import { formatShape } from './npy';

/** W (K×d, row-major) for features of dimension `dim`; says so when the file holds the d×K Dense kernel. */
export async function readClassifierMatrix(spec: string, what: string, dim: number): Promise<Float64Array> {
  const a = await readArrayFile(spec);
  const shape = a.shape;
  if (shape.length !== 2) throw new InputError(`${spec}: ${what} must be a 2-D array K×d, got shape ${formatShape(shape)}`);
  if (shape[1] !== dim) {
    const hint = shape[0] === dim ? `; it looks like d×K (a Dense kernel) — transpose it to K×d = (${shape[1]}, ${dim})` : '';
    throw new InputError(`${spec}: ${what} has shape ${formatShape(shape)} but the features have d = ${dim}, so W must be K×${dim}${hint}`);
  }
  checkFinite(a.data, spec, shape[1]);
  return a.data;
}

/** A vector of K values (shape (K,), (1, K) or (K, 1)). */
export async function readClassifierVector(spec: string, what: string): Promise<Float64Array> {
  const a = await readArrayFile(spec);
  const shape = a.shape;
  if (!(shape.length === 1 || (shape.length === 2 && (shape[0] === 1 || shape[1] === 1)))) {
    throw new InputError(`${spec}: ${what} must be a 1-D array of K values, got shape ${formatShape(shape)}`);
  }
  checkFinite(a.data, spec, 1);
  return a.data;
}

function checkFinite(data: Float64Array, spec: string, cols: number): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const at = cols > 1 ? `row ${Math.floor(i / cols)}, column ${i % cols}` : `index ${i}`;
      throw new InputError(`${spec}: non-finite value ${data[i]} at ${at}`);
    }
  }
}

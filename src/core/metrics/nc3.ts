// NC3, self-duality of classifiers and centred class means (theory.md §1.4). Both use W as given
// (uncentred) and Mc centred by the chosen global mean; row k of each belongs to class k.
import type { Maybe } from './nc2';
import { distanceToSimplex } from './nc2';
import { frobeniusNorm, multiplyTransposed } from '../linalg';

/** Papyan20 Fig. 5: ‖ W/‖W‖_F − Mc/‖Mc‖_F ‖_F², squared. */
export function selfDuality(weights: Float64Array, centred: Float64Array): Maybe {
  const nw = frobeniusNorm(weights);
  const nm = frobeniusNorm(centred);
  if (!(nw > 0)) return { value: null, reason: 'W is 0' };
  if (!(nm > 0)) return { value: null, reason: 'all class means coincide' };
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (weights[i] / nw - centred[i] / nm) ** 2;
  return { value: sum };
}

/** Zhu21 structure form: ‖ W Mcᵀ/‖W Mcᵀ‖_F − P_K/sqrt(K−1) ‖_F. */
export function selfDualityZhu(weights: Float64Array, centred: Float64Array, classes: number, dim: number): Maybe {
  const wm = multiplyTransposed(weights, centred, classes, dim, classes);
  const norm = frobeniusNorm(wm);
  if (!(norm > 0)) return { value: null, reason: 'W Mcᵀ = 0' };
  return { value: distanceToSimplex(wm, norm, classes) };
}

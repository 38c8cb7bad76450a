// How imbalanced the training classes are, in words true of the counts: R = largest count / smallest
// count (the imbalance ratio of theory.md §2), "balanced" only when every class has the same count.
import { formatNumber } from './format';

/** R = max_k n_k / min_k n_k (1 for balanced counts; Infinity when a class is empty). */
export function imbalanceRatio(counts: readonly number[]): number {
  return Math.max(...counts) / Math.min(...counts);
}

/** "balanced (50 each)" or "imbalanced: R = largest/smallest = 98/30 ≈ 3.27". */
export function balanceText(counts: readonly number[]): string {
  const max = Math.max(...counts);
  const min = Math.min(...counts);
  if (max === min) return `balanced (${max} each)`;
  const r = max / min;
  return `imbalanced: R = largest/smallest = ${max}/${min} ${Number.isInteger(r) ? '=' : '≈'} ${formatNumber(r, 3)}`;
}

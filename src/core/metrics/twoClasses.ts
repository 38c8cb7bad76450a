// K = 2: the centred class means are not free. With the unweighted global mean μ_G = (μ₀ + μ₁)/2 they
// are ±(μ₀ − μ₁)/2; with the sample mean μ_G = (n₀μ₀ + n₁μ₁)/N they are (n₁/N)(μ₀ − μ₁) and
// −(n₀/N)(μ₀ − μ₁). Either way they are antiparallel (cos = −1 = −1/(K−1)) whatever the features, and
// their norms are equal or in the ratio n₁ : n₀. So every class-mean NC2 value below follows from the
// counts alone: 0 ("perfect collapse") under the unweighted mean, a function of n₀, n₁ under the
// weighted one. Such a value is reported as null with this reason, never as a measurement.
import type { GlobalMeanConvention, MetricsResult } from '../../protocol/result';

/** The class-mean geometry keys fixed by K = 2 (gnc2: one pair, kernel −log 2, variance 0). */
export const TWO_CLASS_FIXED_KEYS = ['equinormMeans', 'equiangularMeans', 'maxAngleMeans', 'etfDistanceMeans', 'equinormLogMeans', 'gnc2'] as const satisfies readonly (keyof MetricsResult)[];

export function twoClassReason(convention: GlobalMeanConvention): string {
  const fixed =
    convention === 'unweighted'
      ? 'the two centred class means are ±(μ₀ − μ₁)/2, antiparallel and of equal norm whatever the features, so this would be 0 by construction'
      : 'the two centred class means are (n₁/N)(μ₀ − μ₁) and −(n₀/N)(μ₀ − μ₁), antiparallel with norms in the ratio n₁ : n₀ whatever the features, so this would follow from the counts alone';
  return `not informative for K = 2: ${fixed}`;
}

/** Sets the class-mean NC2 values of a two-class result to null, with the reason. */
export function markTwoClassMeans(result: MetricsResult, reasons: Record<string, string>, convention: GlobalMeanConvention): void {
  if (result.classes !== 2) return;
  const why = twoClassReason(convention);
  for (const key of TWO_CLASS_FIXED_KEYS) {
    result[key] = null;
    reasons[key] = why;
  }
}

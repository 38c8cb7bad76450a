// Every metric of MetricsResult from (merged) sufficient statistics and the classifier.
import type { MetricsResult } from '../../protocol/result';
import { InputError } from '../errors';
import type { MetricsStatistics } from './accumulators';
import { classifierFingerprint, pass1Fingerprint, totalCount, widenPass1 } from './accumulators';
import { classVariability, equinormLog, gnc2, nc1Weak, oodOrthogonality, uniformDuality } from './further';
import { centredMeans, classMeans, globalMean } from './means';
import { minorityMetrics } from './minority';
import { cdnv, nc1FromScatter, nc1Quotient } from './nc1';
import type { Maybe } from './nc2';
import { markTwoClassMeans } from './twoClasses';
import { equiangularity, equinorm, etfDistance, maxAngle, rowCosines } from './nc2';
import { selfDuality, selfDualityZhu } from './nc3';
import { biasRelation } from './nc4';
import type { MetricsOptions } from './options';
import { checkClassifier, DEFAULT_PINV_RTOL, DEFAULT_ZERO_NORM_RTOL } from './options';
import { pass1Problem } from './pass1';
import { cachedBasis } from './pass2';
import { indexList } from '../../protocol/classList';

/** Why nc5 is null when no out-of-distribution set was given. */
export const NO_OOD = 'no out-of-distribution set given (metrics --ood-features, inspect/report --ood-data)';

/** Every metric of MetricsResult from (merged) statistics and the classifier. */
export function metricsFromStatistics(stats: MetricsStatistics, options: MetricsOptions = {}): MetricsResult {
  const d = stats.dim;
  const { weights, bias, classes: wClasses } = checkClassifier(options, d);
  const convention = options.globalMean ?? 'unweighted';
  const ddof = options.ddof ?? 0;
  const zeroRtol = options.zeroNormRtol ?? DEFAULT_ZERO_NORM_RTOL;
  const pinvRtol = options.pinvRtol ?? DEFAULT_PINV_RTOL;
  if (!stats.pass1) throw new InputError('no pass-1 statistics (class counts and sums): include the statistics file of pass 1');
  let pass1 = stats.pass1;
  if (wClasses !== undefined) {
    if (pass1.classes > wClasses) throw new InputError(`labels go up to ${pass1.classes - 1} but W has only ${wClasses} rows (K = ${wClasses})`);
    pass1 = widenPass1(pass1, wClasses);
  }
  const problem = pass1Problem(pass1, 'metrics');
  if (problem) throw new InputError(problem.replace(/^metrics: /, ''));
  const K = pass1.classes;
  const warnings: string[] = [];
  const reasons: Record<string, string> = {};
  if (d < K - 1) warnings.push(`d = ${d} < K − 1 = ${K - 1}: the class means span at most ${d} dimensions, so a simplex ETF (which needs K − 1) is impossible`);

  const m = classMeans(pass1);
  const centre = globalMean(m, convention);
  const centred = centredMeans(m, centre);
  const note = (key: string, x: Maybe): number | null => {
    if (x.value === null && x.reason) reasons[key] = x.reason;
    return x.value;
  };

  const meansCos = rowCosines(centred, K, d, zeroRtol);
  const result: MetricsResult = {
    classes: K,
    samples: m.samples,
    dim: d,
    counts: Array.from(m.counts),
    conventions: { globalMean: convention, ddof, pinvRtol: stats.pass2?.basisRtol ?? pinvRtol },
    nc1: null,
    nc1Quotient: null,
    cdnv: null,
    equinormMeans: note('equinormMeans', equinorm(meansCos.norms, ddof)),
    equinormClassifiers: null,
    equiangularMeans: note('equiangularMeans', equiangularity(meansCos.cos, meansCos.zero, ddof, 'centred class mean')),
    equiangularClassifiers: null,
    maxAngleMeans: note('maxAngleMeans', maxAngle(meansCos.cos, meansCos.zero, 'centred class mean')),
    maxAngleClassifiers: null,
    etfDistanceMeans: note('etfDistanceMeans', etfDistance(meansCos.gram, K)),
    equinormLogMeans: note('equinormLogMeans', equinormLog(meansCos.norms, meansCos.zero)),
    gnc2: null,
    gnc2Riesz: null,
    unc3: null,
    nc5: null,
    nc1Weak: null,
    classVariability: null,
    etfDistanceClassifiers: null,
    selfDuality: null,
    selfDualityZhu: null,
    nccMismatch: null,
    nccMismatchNoBias: null,
    biasRelation: null,
    minority: null,
    cosMeans: meansCos.cos,
    cosClassifiers: null,
    normsMeans: meansCos.norms,
    normsClassifiers: null,
    accuracy: null,
  };

  const g = gnc2(centred, meansCos.norms, meansCos.zero, K, d);
  result.gnc2 = g.value;
  result.gnc2Riesz = g.riesz;
  if (g.reason) reasons.gnc2 = reasons.gnc2Riesz = g.reason;

  let classifierCos: ReturnType<typeof rowCosines> | null = null;
  if (weights) {
    classifierCos = rowCosines(weights, K, d, zeroRtol);
    result.cosClassifiers = classifierCos.cos;
    result.normsClassifiers = classifierCos.norms;
    result.equinormClassifiers = note('equinormClassifiers', equinorm(classifierCos.norms, ddof));
    result.equiangularClassifiers = note('equiangularClassifiers', equiangularity(classifierCos.cos, classifierCos.zero, ddof, 'classifier'));
    result.maxAngleClassifiers = note('maxAngleClassifiers', maxAngle(classifierCos.cos, classifierCos.zero, 'classifier'));
    result.etfDistanceClassifiers = note('etfDistanceClassifiers', etfDistance(classifierCos.gram, K));
    result.selfDuality = note('selfDuality', selfDuality(weights, centred));
    result.selfDualityZhu = note('selfDualityZhu', selfDualityZhu(weights, centred, K, d));
    result.unc3 = note('unc3', uniformDuality(weights, centred, K, d, meansCos.norms, classifierCos.norms, meansCos.zero, classifierCos.zero, ddof));
    if (stats.ood) result.nc5 = note('nc5', oodOrthogonality(weights, classifierCos.norms, classifierCos.zero, stats.ood.sum, stats.ood.count, centre, zeroRtol));
    else reasons.nc5 = NO_OOD;
    if (bias) result.biasRelation = note('biasRelation', biasRelation(weights, bias, centre, K, d));
    else reasons.biasRelation = 'no bias given';
  } else {
    for (const key of ['equinormClassifiers', 'equiangularClassifiers', 'maxAngleClassifiers', 'etfDistanceClassifiers', 'selfDuality', 'selfDualityZhu', 'unc3', 'nc5', 'biasRelation']) {
      reasons[key] = 'no classifier weights W given';
    }
  }
  if (meansCos.zero.length) warnings.push(`centred class mean${meansCos.zero.length > 1 ? 's' : ''} ${indexList(meansCos.zero)} ~0: their cosines are undefined (null)`);
  if (classifierCos?.zero.length) warnings.push(`classifier${classifierCos.zero.length > 1 ? 's' : ''} ${indexList(classifierCos.zero)} ~0: their cosines are undefined (null)`);

  // Pass-2 metrics: only from a pass 2 computed against exactly these class means, covering every sample.
  const pass2 = stats.pass2;
  const fingerprint = pass1Fingerprint(pass1);
  const pass2Keys = ['nc1', 'nc1Quotient', 'cdnv', 'nc1Weak', 'classVariability', 'nccMismatch', 'nccMismatchNoBias'];
  const unavailable = (why: string) => {
    for (const key of pass2Keys) reasons[key] ??= why;
  };
  if (!pass2) {
    unavailable('no pass-2 statistics (residuals against the class means)');
  } else if (pass2.reference !== fingerprint || pass2.counts.length !== K) {
    unavailable('the pass-2 statistics were computed against other class means');
  } else if (totalCount(pass2.counts) !== m.samples || pass2.counts.some((c, k) => c !== m.counts[k])) {
    const covered = totalCount(pass2.counts);
    const why = `pass 2 covered ${covered} of the ${m.samples} samples; merge the pass-2 statistics of every shard`;
    unavailable(why);
    warnings.push(why);
  } else {
    const basis = cachedBasis(fingerprint, m, pass2.basisRtol);
    if (basis.rank !== pass2.basisRank) {
      unavailable(`the basis of the class means has rank ${basis.rank} here but ${pass2.basisRank} in the pass-2 statistics`);
    } else {
      result.nc1 = note('nc1', nc1FromScatter(basis, centred, K, pass2.projectedScatter, m.samples));
      result.nc1Quotient = note('nc1Quotient', nc1Quotient(pass2.withinSumSquares, m.samples, centred, K));
      result.cdnv = note('cdnv', cdnv(pass2.withinSumSquares, m));
      const weak = nc1Weak(pass2.withinSumSquares, m.samples, centred, K);
      result.nc1Weak = weak.value;
      if (weak.reason) reasons.nc1Weak = weak.reason;
      const variability = classVariability(pass2.withinSumSquares, m.counts, meansCos.norms, meansCos.zero);
      result.classVariability = variability.value;
      if (variability.reason) reasons.classVariability = variability.reason;
      if (pass2.classifier === null) {
        reasons.nccMismatch = reasons.nccMismatchNoBias = weights ? 'the pass-2 statistics were computed without a classifier W' : 'no classifier weights W given';
      } else if (weights && classifierFingerprint(weights, bias, K, d) !== pass2.classifier) {
        reasons.nccMismatch = reasons.nccMismatchNoBias = 'the pass-2 decisions were made with another classifier (W, b) than the one given';
        warnings.push(reasons.nccMismatch);
      } else if (pass2.nccMismatch === null || pass2.nccMismatchNoBias === null) {
        reasons.nccMismatch = reasons.nccMismatchNoBias = 'the merged statistics used different classifiers';
      } else {
        result.nccMismatch = pass2.nccMismatch / m.samples;
        result.nccMismatchNoBias = pass2.nccMismatchNoBias / m.samples;
        result.accuracy = pass2.linearCorrect === null ? null : pass2.linearCorrect / m.samples;
        if (!weights) warnings.push('NC4 comes from the statistics files; no W was given to check which classifier made the decisions');
        if (weights && !bias) warnings.push('no bias given: the linear rule is argmax W h, so nccMismatch equals nccMismatchNoBias');
      }
    }
  }

  if (options.minority && options.minority.length) {
    result.minority = minorityMetrics({
      minority: options.minority,
      classes: K,
      dim: d,
      weights,
      centred,
      cosMeans: meansCos.cos,
      cosClassifiers: classifierCos?.cos ?? null,
      zeroClassifiers: classifierCos?.zero ?? [],
      zeroMeans: meansCos.zero,
      ddof,
    });
  }
  markTwoClassMeans(result, reasons, convention);
  if (Object.keys(reasons).length) result.reasons = reasons;
  if (warnings.length) result.warnings = warnings;
  return result;
}

// The one place core/layers reaches into core/metrics: the pass-1 statistics, class means, the basis
// of the centred means, the low-rank trace Tr(Ā⁺ G Ā⁺ᵀ) and the float64 per-sample kernels.
export { emptyPass1, type Pass1Stats } from '../metrics/accumulators';
export { DEFAULT_PINV_RTOL } from '../metrics/compute';
export { accumulateScatter, createKernels, type Kernels } from '../metrics/kernels';
export { centredMeans, classMeans, globalMean, type ClassMeans } from '../metrics/means';
export { meanBasis, nc1FromScatter, nc1FromScatterAnyRank, type MeanBasis } from '../metrics/nc1';

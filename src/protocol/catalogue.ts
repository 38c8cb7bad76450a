// The metric catalogue: one entry per metric key of the result types (result.ts), with its label, one-line
// meaning, ideal value, family and number format. The report validator, the CLI's human tables, the panel's
// verdict details and the key table of docs/metrics.md all read from here, so a metric is described once.
//
// Adding a metric: its kernel in src/core/metrics/, its key in the result type (result.ts), ONE entry here
// (the `satisfies` clauses make a result key without an entry, or an entry without a result key, a compile
// error), tests. test/unit/protocol/catalogue.test.ts fails when a key of a real result has no entry, and
// when docs/metrics.md's key table disagrees with the catalogue.
import type { LayerSeparation, SeparationFit } from './layers';
import type { BlockSummary, InspectResult, LpmResult, MetricsResult, MinorityMetrics, PerClassMetrics, TrajectoryPoint } from './result';

/** Which part of the theory a metric belongs to (theory.md §1–§2; `layers` for per-layer analyses). */
export type MetricFamily = 'NC1' | 'NC2' | 'NC3' | 'NC4' | 'NC5' | 'minority' | 'per-class' | 'layers' | 'LPM';

/**
 * How a value is shown. `number`: significant digits (`digits`, default 4); `fraction`: a share in [0, 1]
 * (a number in tables, a percentage in sentences); `count`: an integer.
 */
export type NumberFormat = 'number' | 'fraction' | 'count';

/** What a value is: one number (or null), one per class, a K×K matrix, or a group of metrics with its own section. */
export type MetricShape = 'scalar' | 'per-class' | 'matrix' | 'group';

export interface MetricEntry {
  /** Short label, e.g. "NC1  Tr(Σ_W Σ_B⁺)/K" (the CLI table's first column). */
  label: string;
  /** One line: what the number measures and where it goes under collapse. */
  meaning: string;
  /** The ideal value in words, e.g. "0". */
  ideal: string;
  family: MetricFamily;
  format: NumberFormat;
  shape: MetricShape;
  /** Significant digits for `number` (default 4). */
  digits?: number;
  /** May be null in a result (no W, zero norms, …); the reason is in `reasons` or `notes`. */
  nullable: boolean;
  /** The key may be absent from a result (an optional property of the result type). */
  optional?: true;
  /** Its name among the secondary numbers of a panel card ("CDNV"), when the card lists it. */
  detail?: string;
}

const scalar = (
  family: MetricFamily,
  label: string,
  meaning: string,
  ideal: string,
  more: { format?: NumberFormat; detail?: string; optional?: true } = {},
): MetricEntry => ({ label, meaning, ideal, family, format: more.format ?? 'number', shape: 'scalar', nullable: true, ...(more.detail ? { detail: more.detail } : {}), ...(more.optional ? { optional: true } : {}) });

// ------------------------------------------------------------------------------------------ MetricsResult

/** Keys of MetricsResult that describe the run, not a measurement (no catalogue entry). */
export const METRICS_CONTEXT_KEYS = ['classes', 'samples', 'dim', 'conventions', 'reasons', 'warnings', 'backend'] as const satisfies readonly (keyof MetricsResult)[];
export type MetricsContextKey = (typeof METRICS_CONTEXT_KEYS)[number];
/** Every measured key of MetricsResult. */
export type MetricKey = Exclude<keyof MetricsResult, MetricsContextKey>;

/** One entry per measured key of MetricsResult, in the order the CLI table prints the scalars. */
export const METRICS = {
  nc1: scalar('NC1', 'NC1  Tr(Σ_W Σ_B⁺)/K', 'within-class spread relative to between-class spread (Papyan); → 0 under collapse', '0'),
  nc1Quotient: scalar('NC1', 'NC1  Tr(Σ_W)/Tr(Σ_B)', 'the same without whitening (Tirer et al.); → 0 under collapse', '0', { detail: 'Tr Σ_W / Tr Σ_B' }),
  cdnv: scalar('NC1', 'NC1  CDNV', 'class-distance-normalised variance (Galanti et al.); → 0 under collapse', '0', { detail: 'CDNV' }),
  nc1Weak: { label: 'NC1  weak form', meaning: 'Tr Σ_W and Tr Σ_B as shares of Tr Σ_W + Tr Σ_B (Rangamani et al.; nc-toolbox nc1_weak); within → 0 under collapse', ideal: 'within 0, between 1', family: 'NC1', format: 'fraction', shape: 'group', nullable: true, optional: true, detail: 'weak form Tr Σ_W, Tr Σ_B shares' },
  classVariability: { label: 'NC1  σ_k²/‖μ_k − μ_G‖²', meaning: 'within-class variance of class k relative to its squared centred-mean norm; shows which classes have not collapsed', ideal: '0 for all k', family: 'NC1', format: 'number', shape: 'per-class', nullable: true, optional: true },
  equinormMeans: scalar('NC2', 'NC2  equinorm, means', 'CV of centred class-mean norms; → 0 when the means have equal length', '0', { detail: 'CV of class-mean norms' }),
  equinormClassifiers: scalar('NC2', 'NC2  equinorm, W', 'CV of classifier norms; → 0 when the classifiers have equal length', '0', { detail: 'CV of classifier norms' }),
  equiangularMeans: scalar('NC2', 'NC2  equiangular, means', 'std of pairwise cosines of centred means; → 0 when all angles are equal', '0', { detail: 'std of class-mean cosines' }),
  equiangularClassifiers: scalar('NC2', 'NC2  equiangular, W', 'std of pairwise classifier cosines; → 0 when all angles are equal', '0', { detail: 'std of classifier cosines' }),
  maxAngleMeans: scalar('NC2', 'NC2  max-angle, means', 'mean |cos + 1/(K−1)| of centred means; → 0 at the simplex ETF', '0', { detail: 'mean |cos + 1/(K−1)|, class means' }),
  maxAngleClassifiers: scalar('NC2', 'NC2  max-angle, W', 'mean |cos + 1/(K−1)| of classifiers; → 0 at the simplex ETF', '0'),
  etfDistanceMeans: scalar('NC2', 'NC2  ETF distance, means', 'Frobenius distance of the normalised Gram to the ETF (Zhu); → 0 at the ETF', '0'),
  etfDistanceClassifiers: scalar('NC2', 'NC2  ETF distance, W', 'the same for W Wᵀ; → 0 at the ETF', '0'),
  equinormLogMeans: scalar('NC2', 'NC2  equinorm, log norms', 'mean over pairs of |log‖μ_c − μ_G‖ − log‖μ_c′ − μ_G‖| (nc-toolbox); → 0 when the means have equal length', '0', { optional: true, detail: 'mean |Δ log‖μ_k − μ_G‖|' }),
  gnc2: { label: 'GNC2  log kernel', meaning: 'mean and variance over pairs of log(1/‖m̂_c − m̂_c′‖) of the normalised centred means (Liu et al.; rhubarbwu); minimal and uniform when the directions spread evenly', ideal: 'logMean = log √((K−1)/(2K)), logVar 0 at the simplex ETF', family: 'NC2', format: 'number', shape: 'group', nullable: true, optional: true, detail: 'GNC2 log kernel mean, variance' },
  gnc2Riesz: { label: 'GNC2  Riesz s = 1', meaning: 'mean and variance over pairs of ‖m̂_c − m̂_c′‖⁻¹ of the normalised centred means (rhubarbwu kernel_stats, Riesz kernel); minimal and uniform when the directions spread evenly', ideal: 'mean = √((K−1)/(2K)), var 0 at the simplex ETF', family: 'NC2', format: 'number', shape: 'group', nullable: true, optional: true },
  selfDuality: scalar('NC3', 'NC3  self-duality', '‖W/‖W‖ − Mc/‖Mc‖‖² (Papyan, squared); → 0 when classifiers align with means', '0'),
  selfDualityZhu: scalar('NC3', 'NC3  W–H structure', 'distance of normalised W Mcᵀ to the ETF (Zhu); → 0 under self-duality', '0', { detail: 'Zhu et al. structure form' }),
  unc3: scalar('NC3', 'UNC3  uniform duality', 'CV of cos(w_k, μ_k − μ_G) over k (rhubarbwu); → 0 when every classifier is equally aligned with its mean', '0', { optional: true, detail: 'UNC3 CV of cos(w_k, μ_k − μ_G)' }),
  nccMismatch: scalar('NC4', 'NC4  NCC mismatch', 'fraction where argmax(W h + b) ≠ nearest class mean; → 0 under collapse', '0', { format: 'fraction' }),
  nccMismatchNoBias: scalar('NC4', 'NC4  NCC mismatch, no b', 'the same with the bias left out', '0', { format: 'fraction', detail: 'without bias' }),
  biasRelation: scalar('NC4', 'NC4  ‖W μ_G + b‖', 'bias relation (Zhu); → 0 when b = −W μ_G', '0'),
  accuracy: scalar('NC4', '     accuracy', 'fraction where argmax(W h + b) equals the label', '1', { format: 'fraction', optional: true }),
  nc5: scalar('NC5', 'NC5  OOD orthogonality', 'mean over k of |cos(w_k, μ_OOD − μ_G)| for the mean feature μ_OOD of an out-of-distribution set (Ammar et al.; rhubarbwu); → 0 when the OOD mean is orthogonal to every classifier', '0', { optional: true }),
  trainLoss: scalar('per-class', '     training loss', 'mean cross-entropy of softmax(W h + b) over the training samples (float64); the loss-matched LPM budget matches it', '0', { optional: true }),
  perClass: { label: 'per class', meaning: 'accuracy and mean cross-entropy per class, train and test (PER_CLASS_METRICS)', ideal: '—', family: 'per-class', format: 'number', shape: 'group', nullable: true, optional: true },
  counts: { label: 'n_k', meaning: 'samples per class', ideal: '—', family: 'per-class', format: 'count', shape: 'per-class', nullable: false },
  normsMeans: { label: '‖μ_k − μ_G‖', meaning: 'norm of each centred class mean', ideal: 'equal for all k', family: 'per-class', format: 'number', shape: 'per-class', nullable: false, optional: true },
  normsClassifiers: { label: '‖w_k‖', meaning: 'norm of each classifier row', ideal: 'equal for all k', family: 'per-class', format: 'number', shape: 'per-class', nullable: true, optional: true },
  cosMeans: { label: 'cos(μ_i, μ_j)', meaning: 'K×K cosines of the centred class means', ideal: '−1/(K−1) off the diagonal', family: 'NC2', format: 'number', shape: 'matrix', digits: 3, nullable: false },
  cosClassifiers: { label: 'cos(w_i, w_j)', meaning: 'K×K cosines of the classifier rows', ideal: '−1/(K−1) off the diagonal', family: 'NC2', format: 'number', shape: 'matrix', digits: 3, nullable: true },
  minority: { label: 'minority', meaning: 'minority-collapse metrics of the classes given by --minority (MINORITY_METRICS)', ideal: '—', family: 'minority', format: 'number', shape: 'group', nullable: true },
} as const satisfies Record<MetricKey, MetricEntry>;

/** The keys of MetricsResult that hold one number or null (shape `scalar`), in catalogue order. */
export type ScalarMetricKey = { [K in MetricKey]-?: NonNullable<MetricsResult[K]> extends number ? K : never }[MetricKey];
export const SCALAR_METRIC_KEYS = (Object.keys(METRICS) as MetricKey[]).filter((k): k is ScalarMetricKey => METRICS[k].shape === 'scalar');

/** Keys InspectResult adds to MetricsResult: where the numbers came from (no catalogue entry; `test` repeats NC4 keys). */
export const INSPECT_CONTEXT_KEYS = ['model', 'data', 'test', 'trajectory'] as const satisfies readonly Exclude<keyof InspectResult, keyof MetricsResult>[];
// Compile-time: every key InspectResult adds is listed above.
const inspectKeysListed: [Exclude<Exclude<keyof InspectResult, keyof MetricsResult>, (typeof INSPECT_CONTEXT_KEYS)[number]>] extends [never] ? true : false = true;
void inspectKeysListed;

// ------------------------------------------------------------------------------------------ minority

export const MINORITY_CONTEXT_KEYS = ['classes', 'notes', 'blocks'] as const satisfies readonly (keyof MinorityMetrics)[];
export type MinorityMetricKey = Exclude<keyof MinorityMetrics, (typeof MINORITY_CONTEXT_KEYS)[number]>;

/** MetricsResult.minority: one entry per measured key. */
export const MINORITY_METRICS = {
  meanCosClassifiers: scalar('minority', 'mean cos, minority W', 'average pairwise cosine between minority classifiers (the headline number)', '−1/(K−1)'),
  stdCosClassifiers: scalar('minority', 'std cos, minority W', 'spread of those cosines', '0', { detail: 'std of minority cosines' }),
  meanCosMeans: scalar('minority', 'mean cos, minority means', 'the same for centred minority class means', '−1/(K−1)'),
  meanDistanceClassifiers: scalar('minority', 'mean ‖w_i − w_j‖², minority', '→ 0 when minority classifiers merge', 'as for the other pairs', { detail: 'mean minority ‖w_i − w_j‖²' }),
  meanNormClassifiers: scalar('minority', 'mean ‖w_k‖², minority', '→ 0 when minority classifiers shrink to the origin', 'as for the other classes', { detail: 'mean minority ‖w_k‖²' }),
} as const satisfies Record<MinorityMetricKey, MetricEntry>;

/** MetricsResult.minority.blocks[AA|BB|AB]: the column headers of the CLI's block table. */
export const BLOCK_METRICS = {
  meanCosClassifiers: scalar('minority', 'cos W', 'mean pairwise classifier cosine within the block', '−1/(K−1)'),
  meanCosMeans: scalar('minority', 'cos means', 'mean pairwise cosine of the centred means within the block', '−1/(K−1)'),
  meanNormClassifiers: scalar('minority', '‖w‖²', 'mean squared classifier norm over the block', 'equal across blocks'),
  meanNormMeans: scalar('minority', '‖μ−μ_G‖²', 'mean squared centred-mean norm over the block', 'equal across blocks'),
} as const satisfies Record<keyof BlockSummary, MetricEntry>;

// ------------------------------------------------------------------------------------------ per class

/** MetricsResult.perClass: one entry per key (the per-class arrays, then the group means). */
export const PER_CLASS_METRICS = {
  counts: { label: 'n_k', meaning: 'training samples per class', ideal: '—', family: 'per-class', format: 'count', shape: 'per-class', nullable: false },
  trainAccuracy: { label: 'train accuracy', meaning: 'fraction of class k\'s training samples with argmax(W h + b) = k', ideal: '1', family: 'per-class', format: 'fraction', shape: 'per-class', nullable: false },
  trainLoss: { label: 'train loss', meaning: 'mean cross-entropy over class k\'s training samples', ideal: '0', family: 'per-class', format: 'number', shape: 'per-class', nullable: false },
  testAccuracy: { label: 'test accuracy', meaning: 'the same on the test data (null without test data)', ideal: '1', family: 'per-class', format: 'fraction', shape: 'per-class', nullable: true },
  testLoss: { label: 'test loss', meaning: 'mean cross-entropy over class k\'s test samples (null without test data)', ideal: '0', family: 'per-class', format: 'number', shape: 'per-class', nullable: true },
  majority: { label: 'majority mean', meaning: 'the four numbers averaged over the majority classes, each class once', ideal: '—', family: 'per-class', format: 'number', shape: 'group', nullable: true },
  minority: { label: 'minority mean', meaning: 'the same over the minority classes (minority-class test accuracy is the practical symptom of minority collapse)', ideal: '—', family: 'per-class', format: 'number', shape: 'group', nullable: true },
} as const satisfies Record<keyof PerClassMetrics, MetricEntry>;

// ------------------------------------------------------------------------------------------ trajectory

export const TRAJECTORY_CONTEXT_KEYS = ['checkpoint', 'epoch'] as const satisfies readonly (keyof TrajectoryPoint)[];
export type TrajectoryMetricKey = Exclude<keyof TrajectoryPoint, (typeof TRAJECTORY_CONTEXT_KEYS)[number]>;

/** InspectResult.trajectory[i]: each measured key names the MetricsResult / minority metric it records. */
export const TRAJECTORY_METRICS = {
  nc1: { of: 'nc1' },
  equinormClassifiers: { of: 'equinormClassifiers' },
  equiangularClassifiers: { of: 'equiangularClassifiers' },
  maxAngleClassifiers: { of: 'maxAngleClassifiers' },
  selfDuality: { of: 'selfDuality' },
  nccMismatch: { of: 'nccMismatch' },
  minorityCos: { of: 'minority.meanCosClassifiers' },
} as const satisfies Record<TrajectoryMetricKey, { of: ScalarMetricKey | `minority.${MinorityMetricKey}` }>;

export const TRAJECTORY_METRIC_KEYS = Object.keys(TRAJECTORY_METRICS) as TrajectoryMetricKey[];

// ------------------------------------------------------------------------------------------ LPM

/** Keys of LpmResult that describe the solve, not the solution's geometry (no catalogue entry). */
export const LPM_CONTEXT_KEYS = [
  'iterations', 'certificate', 'backend', 'counts', 'budgets', 'weights', 'minorityClasses', 'levels', 'phases', 'restarts', 'seconds', 'notes', 'unresolved',
] as const satisfies readonly (keyof LpmResult)[];
export type LpmMetricKey = Exclude<keyof LpmResult, (typeof LPM_CONTEXT_KEYS)[number]>;

const lpm = (shape: MetricShape, label: string, meaning: string, ideal: string, nullable = false, digits?: number): MetricEntry => ({
  label, meaning, ideal, family: 'LPM', format: 'number', shape, nullable, ...(digits ? { digits } : {}),
});

/** LpmResult: one entry per key of the solution. */
export const LPM_METRICS = {
  objective: lpm('scalar', 'objective (per sample)', 'per-sample cross-entropy of the LPM at its solution', 'the minimum', false, 10),
  cosMinority: lpm('scalar', 'minority cosine', 'mean pairwise cosine of the minority classifiers', '−1/(K−1)', true, 6),
  minorityDistance: lpm('scalar', 'minority ‖w_i−w_j‖²/E_W', 'mean over minority pairs of ‖w_i − w_j‖²/E_W; ≤ 1e-6 is exact collapse', '> 1e-6', true, 6),
  normsW: lpm('per-class', '‖w_k‖', 'Euclidean norm of each classifier', 'equal for all k'),
  normsH: lpm('per-class', '‖h_k‖', 'Euclidean norm of each class-mean feature', 'equal for all k'),
  gramW: lpm('matrix', 'W Wᵀ', 'Gram matrix of the classifiers', 'E_W·(K/(K−1))·P_K (balanced)'),
  gramH: { ...lpm('matrix', 'H Hᵀ', 'Gram matrix of the class-mean features', 'E_H·(K/(K−1))·P_K (balanced)'), optional: true },
  logits: { ...lpm('matrix', 'Z = H Wᵀ', 'class-mean logits', '—'), optional: true },
  cosW: { ...lpm('matrix', 'cos(w_i, w_j)', 'cosines of the classifiers', '−1/(K−1) off the diagonal', true, 3), optional: true },
  sumW: { ...lpm('scalar', '‖Σ_k w_k‖', 'norm of the classifier sum (0 at the optimum)', '0', false, 3), optional: true },
  sumH: { ...lpm('scalar', '‖Σ_k h_k‖', 'norm of the feature sum (the features are not centred)', '—', false, 3), optional: true },
  lossPerClass: { ...lpm('per-class', 'L_k', 'loss per class at the solution', '—'), optional: true },
} as const satisfies Record<LpmMetricKey, MetricEntry>;

// ------------------------------------------------------------------------------------------ layers

/** Keys of a layer row (LayerSeparation, protocol/layers.ts) that name the layer, not a measurement. */
export const LAYER_CONTEXT_KEYS = ['index', 'name', 'className', 'dim'] as const satisfies readonly (keyof LayerSeparation)[];
export type LayerMetricKey = Exclude<keyof LayerSeparation, (typeof LAYER_CONTEXT_KEYS)[number]>;

/** One entry per measured key of a layer row (docs/layers.md). */
export const LAYER_METRICS = {
  separation: scalar('layers', 'D_l  Tr(SS_W SS_B⁺)', "separation fuzziness of the layer's output, SS_B count-weighted about the sample mean (He & Su); smaller = better separated", '0'),
  separationBalanced: scalar('layers', 'D_l  balanced', 'the same with per-class covariances and class means weighted 1/K (He & Su get_variation)', '0'),
  nc1: scalar('layers', 'NC1  of the layer', "Tr(Σ_W Σ_B⁺)/K of the layer's output with the run's global mean", '0'),
  minority: { label: 'D_l  majority / minority', meaning: 'D_l of the samples of the majority classes only and of the minority classes only', ideal: '0', family: 'layers', format: 'number', shape: 'group', nullable: true },
} as const satisfies Record<LayerMetricKey, MetricEntry>;

/** Keys of the fit (SeparationFit) that describe its range, not a measurement. */
export const FIT_CONTEXT_KEYS = ['from', 'to', 'outliers', 'points'] as const satisfies readonly (keyof SeparationFit)[];
export type FitMetricKey = Exclude<keyof SeparationFit, (typeof FIT_CONTEXT_KEYS)[number]>;

/** The log-linear fit of ln D_l on l. */
export const FIT_METRICS = {
  ratio: scalar('layers', 'ratio  exp(slope)', 'factor by which D_l changes per layer in the least-squares fit of ln D_l on l; below 1 every layer separates better', '< 1'),
  pearson: scalar('layers', 'Pearson r', 'correlation of ln D_l with the layer index; near −1 when the law of data separation holds', '−1'),
  r2: scalar('layers', 'R²', 'coefficient of determination of the fitted line (= r²)', '1'),
  intercept: scalar('layers', 'ln D_0 (fitted)', 'ln D at layer 0 on the fitted line', '—'),
} as const satisfies Record<FitMetricKey, MetricEntry>;

// ------------------------------------------------------------------------------------------ lookup

/** All catalogue sections, for documentation and coverage tests. */
export const CATALOGUE = { metrics: METRICS, minority: MINORITY_METRICS, blocks: BLOCK_METRICS, perClass: PER_CLASS_METRICS, lpm: LPM_METRICS, layers: LAYER_METRICS, layersFit: FIT_METRICS } as const;

/** The catalogue entry of a MetricsResult key. */
export function metric(key: MetricKey): MetricEntry {
  return METRICS[key];
}

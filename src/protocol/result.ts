// The result objects Collapse Lens produces. The CLI prints them as JSON (`--json`), the engine
// process sends them to the extension, and the panel renders them. Key names are a public interface:
// the CLI's JSON is relied on by scripts (see the README), so add keys, never rename them.

export type GlobalMeanConvention = 'unweighted' | 'weighted';

export interface Conventions {
  /** `unweighted`: mean of class means μ_G^u (default). `weighted`: sample mean μ_G^w. */
  globalMean: GlobalMeanConvention;
  /** Degrees of freedom of every std/CV: 0 (population, default) or 1. */
  ddof: 0 | 1;
  /** Relative singular-value cutoff of the pseudo-inverse in NC1 (theory.md §1.2). */
  pinvRtol?: number;
}

/** A value that can be undefined (e.g. a cosine of ~zero-norm vectors): null plus the reason. */
export interface Undefined {
  value: null;
  reason: string;
}

export interface MinorityMetrics {
  classes: number[];
  /** Mean/std pairwise cosine among minority classifiers (null when a norm is ~0). */
  meanCosClassifiers: number | null;
  stdCosClassifiers: number | null;
  meanCosMeans: number | null;
  /** Mean pairwise ‖w_i − w_j‖² among minority classifiers. */
  meanDistanceClassifiers: number | null;
  /** Mean ‖w_k‖² over minority classifiers. */
  meanNormClassifiers: number | null;
  /** Why a null above is null. */
  notes?: string[];
  /** Block summaries: majority–majority, minority–minority, majority–minority. */
  blocks?: Record<'AA' | 'BB' | 'AB', BlockSummary>;
}

export interface BlockSummary {
  meanCosClassifiers: number | null;
  meanCosMeans: number | null;
  meanNormClassifiers: number | null;
  meanNormMeans: number | null;
}

/** `collapse-lens metrics --json` (issue: metrics engine). */
export interface MetricsResult {
  classes: number;
  samples: number;
  dim: number;
  counts: number[];
  conventions: Conventions;
  nc1: number | null;
  nc1Quotient: number | null;
  cdnv: number | null;
  equinormMeans: number | null;
  equinormClassifiers: number | null;
  equiangularMeans: number | null;
  equiangularClassifiers: number | null;
  maxAngleMeans: number | null;
  maxAngleClassifiers: number | null;
  etfDistanceMeans: number | null;
  etfDistanceClassifiers: number | null;
  selfDuality: number | null;
  selfDualityZhu: number | null;
  nccMismatch: number | null;
  nccMismatchNoBias: number | null;
  biasRelation: number | null;
  minority: MinorityMetrics | null;
  /** NC1 weak form (theory.md §1.11): Tr Σ_W and Tr Σ_B as shares of Tr Σ_W + Tr Σ_B; null without a complete pass 2. */
  nc1Weak?: { within: number; between: number } | null;
  /** σ_k²/‖μ_k − μ_G‖² per class, σ_k² = (1/n_k) Σ_{i∈k} ‖h_i − μ_k‖²; null without a complete pass 2 or when a centred mean is ~0. */
  classVariability?: number[] | null;
  /** Mean over pairs c < c' of |log‖μ_c − μ_G‖ − log‖μ_c' − μ_G‖| (nc-toolbox equinormness). */
  equinormLogMeans?: number | null;
  /** GNC2: mean and population variance over pairs c ≠ c' of log(1/‖m̂_c − m̂_c'‖), m̂_k the normalised centred means. */
  gnc2?: { logMean: number; logVar: number } | null;
  /** GNC2 with the Riesz s = 1 kernel: mean and population variance over pairs c ≠ c' of ‖m̂_c − m̂_c'‖⁻¹. */
  gnc2Riesz?: { mean: number; var: number } | null;
  /** UNC3: CV (ddof) of cos(w_k, μ_k − μ_G) over k; null without W. */
  unc3?: number | null;
  /** NC5: mean over k of |cos(w_k, μ_OOD − μ_G)|, μ_OOD the mean feature of an out-of-distribution set; null without W or without an OOD set. */
  nc5?: number | null;
  /** K×K cosine matrix of the centred class means (row-major nested arrays); null entries where a norm is ~0. */
  cosMeans: (number | null)[][];
  /** K×K cosine matrix of the classifier rows (null entries where a norm is ~0); null without W. */
  cosClassifiers: (number | null)[][] | null;
  /** Norms per class, for the panel's norm chart. */
  normsMeans?: number[];
  normsClassifiers?: number[] | null;
  /** Fraction of samples where argmax(W h + b) equals the label; null without W. */
  accuracy?: number | null;
  /** Mean training cross-entropy (1/N) Σ_i CE(W h_i + b, y_i), float64, bias included; absent without W. */
  trainLoss?: number | null;
  /** Accuracy and mean cross-entropy per class (train; test when test data were given); absent without W. */
  perClass?: PerClassMetrics | null;
  /** Why a top-level metric is null, by key (e.g. `{ "nc1": "all class means coincide …" }`). */
  reasons?: Record<string, string>;
  warnings?: string[];
  /** The tfjs backend that ran the data passes and why; absent when `metrics` only merged --stats files. */
  backend?: BackendReport;
}

/** `collapse-lens lpm --json` (issue: Layer-Peeled Model). */
export interface LpmResult {
  /**
   * Per-sample loss (1/N) Σ_k n_k L_k at the solution. With oversampling weights w_k it is the per-sample
   * loss of the oversampled set, Σ_k n_k w_k L_k / Σ_k n_k w_k (= the LPM at counts n_k·w_k, theory.md §2.5).
   */
  objective: number;
  /** Mean pairwise cosine of the minority classifiers; null when fewer than 2 or when they are ~0 (see notes). */
  cosMinority: number | null;
  /** Mean over minority pairs of ‖w_i − w_j‖²/E_W (the quantity whose ≤ 1e-6 defines collapse, theory.md §2.4). */
  minorityDistance: number | null;
  /** ‖w_k‖ and ‖h_k‖ (Euclidean norms, not squared) per class. */
  normsW: number[];
  normsH: number[];
  /** K×K Gram matrix W Wᵀ of the classifiers. */
  gramW: number[][];
  iterations: number;
  certificate: LpmCertificate;
  /** Kernels that ran, joined by "+": `float64`, `float64-levels` (symmetry-reduced), a tfjs backend name, `wasm+float64` (tfjs then float64 polish). */
  backend: string;
  counts?: number[];
  budgets?: { eh: number; ew: number };
  /** Oversampling weight per class (1 = none). */
  weights?: number[];
  /** The classes the minority metrics average over. */
  minorityClasses?: number[];
  /** K×K Gram matrix H Hᵀ of the class-mean features, and the class-mean logits Z = H Wᵀ. */
  gramH?: number[][];
  logits?: number[][];
  /** K×K cosine matrix of the classifiers (null entries where a norm is ~0). */
  cosW?: (number | null)[][];
  /** ‖Σ_k w_k‖ and ‖Σ_k h_k‖ (theory.md §2.2: Σ_k w_k = 0 at the optimum; the features are not centred). */
  sumW?: number;
  sumH?: number;
  /** Loss L_k per class at the solution. */
  lossPerClass?: number[];
  /** Number of weight levels when the symmetry-reduced kernel ran. */
  levels?: number;
  /** Full kernels: each phase's kernel, factor dimension p, iterations, seconds and relative gap at its end. */
  phases?: { kernel: string; rank: number; iterations: number; seconds: number; gap: number }[];
  restarts?: number;
  seconds?: number;
  notes?: string[];
  /**
   * Present when the LPM is not resolved at these budgets (its loss underflows float64, below 1e-250): the
   * reason. Then `certificate.converged` is false, the minority metrics are null, and the geometry fields
   * (normsW, normsH, gramW) are empty and the optional ones absent: the point found means nothing.
   */
  unresolved?: string;
}

export interface LpmCertificate {
  /** Converged by the stopping rule: the certified relative duality gap is at most `tolerance`. */
  converged: boolean;
  /** The measure the stopping rule used, and its value at the end. */
  measure: string;
  value: number;
  tolerance: number;
  /** f − (dual lower bound): an upper bound on f − f* in objective units. */
  absoluteGap?: number;
  /** The Frank–Wolfe gap ⟨G,Z⟩ + s·σ_max(G) (a looser bound on f − f*). */
  frankWolfeGap?: number;
  /** ‖Π(x − ∇f(x)) − x‖ in normalised variables (KKT stationarity residual). */
  gradientMapping?: number;
  /** Fraction of each norm budget used: 1 = constraint active (KKT: both are active at the optimum). */
  budgetUse?: { h: number; w: number };
  /** Why the solver stopped: converged, iteration-limit, stalled. */
  stopReason?: string;
}

/** `collapse-lens threshold --json`: the minority-collapse threshold R* (theory.md §2.4). */
export interface ThresholdReached {
  /** R*: the smallest R at which the minority classifiers collapse exactly. */
  ratio: number;
  classes: number;
  majority: number;
  minority: number;
  budgets: { eh: number; ew: number };
  /** E_H·E_W, the only budget quantity R* depends on. */
  product: number;
  /** At R*: the collapsed minority classifiers equal a common non-zero vector, or are all 0. */
  regime: 'common-vector' | 'zero';
  /** ‖w_B‖²/E_W of the (common) minority classifier at R*. */
  minorityNormW2: number;
  /** Bracket [lo, hi] left by the bisection (hi = ratio). */
  bracket: [number, number];
  /** Solver calls made, and what the criterion was. */
  solves: number;
  criterion: string;
  /** The full (unrestricted) LPM just below and above R*: the minority distance there. */
  check: { below: { ratio: number; minorityDistance: number; cosMinority: number | null }; above: { ratio: number; minorityDistance: number; cosMinority: number | null } };
  seconds: number;
}

/**
 * The answer when the minority classifiers have not collapsed at `searchedUpTo` (large E_H·E_W): R* lies
 * beyond it. `ratio` is null and `reason` says why; there is no regime, norm or check to report.
 */
export interface ThresholdNotReached {
  ratio: null;
  reason: string;
  /** The largest R searched (the split gain was still positive there). */
  searchedUpTo: number;
  classes: number;
  majority: number;
  minority: number;
  budgets: { eh: number; ew: number };
  product: number;
  solves: number;
  criterion: string;
  seconds: number;
}

export type ThresholdResult = ThresholdReached | ThresholdNotReached;

/** `collapse-lens seli --json`: the SELI geometry for given counts (theory.md §3.1). */
export interface SeliResult {
  counts: number[];
  /** G_W = W Wᵀ = (P D P)^{1/2}. */
  gramW: number[][];
  /** G_H = H̄ᵀ H̄ = ((P D P)^{1/2})⁺. */
  gramH: number[][];
  /** W H̄ = P_K (class-mean logits). */
  logits: number[][];
  cosW: number[][];
  cosH: number[][];
  normsW: number[];
  normsH: number[];
  /** Mean pairwise classifier cosine among the classes with the smallest count (null when fewer than 2). */
  cosMinority: number | null;
  minorityClasses: number[];
}

/** One geometry (model, LPM, SELI or ETF) in a model-vs-theory comparison (core/lpm/compare.ts). */
export interface GeometryEntry {
  gramW: number[][];
  cosW: (number | null)[][];
  normsW: number[];
  cosMinority: number | null;
  minorityDistance: number | null;
  /** ‖G/‖G‖_F − G_model/‖G_model‖_F‖_F (0 for the model itself). */
  gramDistance: number;
  /** RMS over pairs k ≠ j of the cosine difference to the model (null when no pair is defined). */
  cosineDistance: number | null;
}

export interface GeometryComparison {
  classes: number;
  counts: number[];
  minorityClasses: number[];
  budgets: { eh: number; ew: number };
  model: GeometryEntry;
  lpm: GeometryEntry & { objective: number; certificate: LpmCertificate; backend: string };
  /** SELI and ETF norms are rescaled to mean ‖w_k‖² = E_W (both are defined up to scale). */
  seli: GeometryEntry;
  etf: GeometryEntry;
}

export interface BackendReport {
  name: string;
  reason: string;
}

export interface ModelReport {
  format: 'layers-model' | 'graph-model' | 'features';
  featureLayer: string | null;
  classifierLayer: string | null;
  dim: number;
  classes: number;
  predictMaxAbsDiff: number | null;
  /** How W and b were read: dense, conv1x1 (a 1×1 Conv2D on a 1×1 map), binary (one unit, W = [0; w], b = [0; b]). */
  head?: 'dense' | 'conv1x1' | 'binary';
  /** The output analysed (layer name, signature key or node), when the model has several. */
  output?: string;
  /** Samples per second of feature extraction on the training data (reading, forward pass, check). */
  samplesPerSecond?: number | null;
}

/** Means over a group of classes, each class counted once (null when a class has no value). */
export interface PerClassMeans {
  trainAccuracy: number | null;
  trainLoss: number | null;
  testAccuracy: number | null;
  testLoss: number | null;
}

/** Per-class accuracy and mean cross-entropy of argmax / softmax(W h + b), index k = class k. */
export interface PerClassMetrics {
  /** Training samples per class. */
  counts: number[];
  trainAccuracy: (number | null)[];
  trainLoss: (number | null)[];
  /** Null without test data; a class without test samples has a null entry. */
  testAccuracy: (number | null)[] | null;
  testLoss: (number | null)[] | null;
  /** Unweighted means over the majority and the minority classes; null without a minority. */
  majority: PerClassMeans | null;
  minority: PerClassMeans | null;
}

/** Where the samples came from; `classNames[k]` names class k when labels were names or folders. */
export interface DataReport {
  path: string;
  format: 'csv' | 'idx' | 'image-folder' | 'npy' | 'npz';
  samples: number;
  classNames: string[] | null;
}

/** `collapse-lens inspect --json`: the metrics plus where they came from. */
export interface InspectResult extends MetricsResult {
  model: ModelReport;
  backend: BackendReport;
  data?: { train: DataReport; test?: DataReport; /** The out-of-distribution set of NC5 (labels not used). */ ood?: DataReport };
  test?: { samples: number; nccMismatch: number | null; nccMismatchNoBias: number | null; accuracy: number | null };
  trajectory?: TrajectoryPoint[];
}

export interface TrajectoryPoint {
  checkpoint: string;
  epoch: number | null;
  nc1: number | null;
  equinormClassifiers: number | null;
  equiangularClassifiers: number | null;
  maxAngleClassifiers: number | null;
  selfDuality: number | null;
  nccMismatch: number | null;
  minorityCos: number | null;
}

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
  /** K×K cosine matrix of the centred class means (row-major nested arrays); null entries where a norm is ~0. */
  cosMeans: (number | null)[][];
  /** K×K cosine matrix of the classifier rows (null entries where a norm is ~0); null without W. */
  cosClassifiers: (number | null)[][] | null;
  /** Norms per class, for the panel's norm chart. */
  normsMeans?: number[];
  normsClassifiers?: number[] | null;
  /** Fraction of samples where argmax(W h + b) equals the label; null without W. */
  accuracy?: number | null;
  /** Why a top-level metric is null, by key (e.g. `{ "nc1": "all class means coincide …" }`). */
  reasons?: Record<string, string>;
  warnings?: string[];
}

/** `collapse-lens lpm --json` (issue: Layer-Peeled Model). */
export interface LpmResult {
  /** Per-sample loss (1/N) Σ_k n_k L_k at the solution. */
  objective: number;
  cosMinority: number | null;
  minorityDistance: number | null;
  normsW: number[];
  normsH: number[];
  gramW: number[][];
  iterations: number;
  certificate: LpmCertificate;
  /** Which kernel ran: `float64` (TypeScript) or a tfjs backend name. */
  backend: string;
  counts?: number[];
  budgets?: { eh: number; ew: number };
}

export interface LpmCertificate {
  /** Converged by the stopping rule (KKT residual below tolerance). */
  converged: boolean;
  /** The measure the stopping rule used, and its value at the end. */
  measure: string;
  value: number;
  tolerance: number;
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
  data?: { train: DataReport; test?: DataReport };
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

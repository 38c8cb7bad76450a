// `collapse-lens layers --json` (separation across layers, He & Su PNAS 2023; docs/layers.md). Key
// names are a public interface like result.ts: add keys, never rename them.
import type { GlobalMeanConvention } from './result';

/** One tapped layer: its output flattened to one vector per sample (layer 0 is the input). */
export interface LayerSeparation {
  index: number;
  name: string;
  /** Layer class (layers-model) or the op of the block's output node (graph-model); "Input" for layer 0. */
  className: string;
  /** d_l, values per sample of the flattened output. */
  dim: number;
  /** D_l = Tr(SS_W SS_B⁺), SS_B count-weighted about the sample mean (He & Su `get_variation_imbalance`). */
  separation: number | null;
  /** The balanced variant (He & Su `get_variation`): per-class covariances and class means weighted 1/K. */
  separationBalanced: number | null;
  /** NC1 = Tr(Σ_W Σ_B⁺)/K of this layer with the run's global-mean convention. */
  nc1: number | null;
  /** D_l of the samples of the majority classes only, and of the minority classes only. */
  minority: { majority: number | null; minority: number | null } | null;
}

/** Least squares of ln D_l on l over layers from…to (layers with D_l > 0 only). */
export interface SeparationFit {
  /** exp(slope): the factor D_l shrinks by per layer. */
  ratio: number | null;
  /** Pearson correlation of ln D_l with l. */
  pearson: number | null;
  r2: number | null;
  /** First and last layer index of the fit. */
  from: number;
  to: number;
  /** Layer indices whose externally studentized residual exceeds 3 in absolute value. */
  outliers: number[];
  /** ln D at layer 0 on the fitted line (the line is ln D_l = intercept + l·ln ratio). */
  intercept: number | null;
  /** Layers in from…to that entered the fit. */
  points: number;
}

export interface LayersConventions {
  separation: 'count-weighted';
  separationBalanced: 'balanced';
  /** Global mean of the nc1 column (the separation columns always centre on the sample mean). */
  globalMean: GlobalMeanConvention;
  /** Relative singular-value cutoff of the pseudo-inverses. */
  pinvRtol: number;
  /** How a layer's output becomes a vector: row-major flattening of everything but the batch axis. */
  flatten: 'row-major';
}

/** One curve: the layers of one model (one checkpoint). */
export interface LayersCurve {
  checkpoint: string | null;
  epoch: number | null;
  layers: LayerSeparation[];
  fit: SeparationFit;
  /** Index of the penultimate layer (the classifier's input, where NC1 is measured). */
  penultimate: number;
}

export interface LayersResult extends LayersCurve {
  conventions: LayersConventions;
  backend: { name: string; reason: string };
  model: { path: string; format: 'layers-model' | 'graph-model'; featureLayer: string; classifierLayer: string; classes: number };
  data: { path: string; samples: number; counts: number[]; classNames: string[] | null };
  /** Minority classes of the majority/minority columns; null when none is set. */
  minorityClasses: number[] | null;
  /** Every curve when MODEL is a folder of checkpoints (the top-level curve is the last one). */
  checkpoints?: LayersCurve[];
  warnings?: string[];
}

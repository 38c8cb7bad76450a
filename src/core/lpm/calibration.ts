// Calibrating the LPM budgets from a trained model (theory.md §4):
//   E_W = mean_k ‖w_k‖²,   E_H = mean_k (1/n_k) Σ_{i∈k} ‖h_i − μ‖²
// the paper's own constraint quantities. The LPM has no bias, while a trained network's features carry a
// common offset that its bias absorbs, so the features are centred by default, by the unweighted mean of
// class means μ_G^u (the project's default convention, theory.md §1.8). Centring needs no second data pass:
//   (1/n_k) Σ_i ‖h_i − μ‖² = m_k − 2⟨μ_k, μ⟩ + ‖μ‖²,  with m_k = (1/n_k) Σ_i ‖h_i‖² and μ_k the class mean.
import { lpmAssert } from './problem';

export type FeatureCentring = 'none' | 'unweighted' | 'weighted';

export interface DenseMatrix {
  data: ArrayLike<number>;
  rows: number;
  cols: number;
}

export type MatrixInput = DenseMatrix | readonly (readonly number[])[];

export function asDense(m: MatrixInput, what: string): DenseMatrix {
  if (!Array.isArray(m)) {
    const d = m as DenseMatrix;
    lpmAssert(d.data.length === d.rows * d.cols, () => `${what}: ${d.data.length} values do not fill ${d.rows}×${d.cols}`);
    return d;
  }
  const rows = m as readonly (readonly number[])[];
  const cols = rows[0]?.length ?? 0;
  rows.forEach((r, i) => lpmAssert(r.length === cols, () => `${what}: row ${i} has ${r.length} values, row 0 has ${cols}`));
  const data = new Float64Array(rows.length * cols);
  rows.forEach((r, i) => data.set(r, i * cols));
  return { data, rows: rows.length, cols };
}

export interface CalibrationInput {
  /** Classifier rows w_k (K×d). */
  classifier: MatrixInput;
  /** m_k = (1/n_k) Σ_{i∈k} ‖h_i‖² per class (uncentred features). */
  featureMeanSquaredNorms: readonly number[];
  /** Class means μ_k (K×d): needed unless centring is 'none'. */
  classMeans?: MatrixInput;
  /** Samples per class: needed for 'weighted' centring (μ_G^w = Σ n_k μ_k / N). */
  counts?: readonly number[];
  /** Default 'unweighted' (μ_G^u = mean of class means). */
  centring?: FeatureCentring;
}

export interface Calibration {
  eh: number;
  ew: number;
  /** E_H·E_W: the only budget quantity the LPM's geometry depends on (theory.md §2.2). */
  product: number;
  centring: FeatureCentring;
  /** ‖w_k‖² per class, and the (centred) feature energy (1/n_k)Σ‖h_i − μ‖² per class. */
  classifierNorms2: number[];
  featureEnergy: number[];
}

export function calibrateBudgets(input: CalibrationInput): Calibration {
  const w = asDense(input.classifier, 'classifier');
  const K = w.rows;
  const centring = input.centring ?? 'unweighted';
  lpmAssert(K >= 2, () => `the classifier needs at least 2 rows (classes), got ${K}`);
  lpmAssert(input.featureMeanSquaredNorms.length === K, () => `featureMeanSquaredNorms has ${input.featureMeanSquaredNorms.length} entries for ${K} classes`);
  input.featureMeanSquaredNorms.forEach((v, k) => lpmAssert(Number.isFinite(v) && v >= 0, () => `featureMeanSquaredNorms[${k}] must be ≥ 0, got ${v}`));
  const classifierNorms2 = Array.from({ length: K }, (_, k) => {
    let s = 0;
    for (let t = 0; t < w.cols; t++) s += Number(w.data[k * w.cols + t]) ** 2;
    return s;
  });
  let featureEnergy = [...input.featureMeanSquaredNorms];
  if (centring !== 'none') {
    lpmAssert(input.classMeans !== undefined, () => `centring "${centring}" needs the class means (or use centring "none")`);
    const m = asDense(input.classMeans, 'classMeans');
    lpmAssert(m.rows === K, () => `classMeans has ${m.rows} rows for ${K} classes`);
    let weights: number[];
    if (centring === 'weighted') {
      const counts = input.counts;
      lpmAssert(counts !== undefined && counts.length === K, () => 'centring "weighted" needs counts for every class');
      counts.forEach((n, k) => lpmAssert(n > 0, () => `counts[${k}] must be positive, got ${n}`));
      const total = counts.reduce((a, b) => a + b, 0);
      weights = counts.map((n) => n / total);
    } else {
      weights = new Array<number>(K).fill(1 / K);
    }
    const mu = new Float64Array(m.cols);
    for (let k = 0; k < K; k++) for (let t = 0; t < m.cols; t++) mu[t] += weights[k] * Number(m.data[k * m.cols + t]);
    let muNorm2 = 0;
    for (let t = 0; t < m.cols; t++) muNorm2 += mu[t] * mu[t];
    featureEnergy = featureEnergy.map((mk, k) => {
      let dot = 0;
      for (let t = 0; t < m.cols; t++) dot += Number(m.data[k * m.cols + t]) * mu[t];
      return Math.max(0, mk - 2 * dot + muNorm2);
    });
  }
  const ew = classifierNorms2.reduce((a, b) => a + b, 0) / K;
  const eh = featureEnergy.reduce((a, b) => a + b, 0) / K;
  lpmAssert(ew > 0, () => 'the classifier is all zeros: E_W = 0');
  lpmAssert(eh > 0, () => 'the features have zero energy after centring: E_H = 0');
  return { eh, ew, product: eh * ew, centring, classifierNorms2, featureEnergy };
}

// The law of data separation as a fit (theory: docs/layers.md): least squares of ln D_l on the layer
// index l over from…to, ratio = exp(slope), Pearson r, R² = r², and the layers whose externally
// studentized residual t_i = e_i / (s_(i) √(1 − h_ii)) exceeds OUTLIER_T in absolute value, where s_(i)
// is the residual standard deviation of the fit without layer i (needs at least 5 points: with 4, s_(i) has one degree of freedom).
import type { SeparationFit } from '../../protocol/layers';

export const OUTLIER_T = 3;

export function fitSeparation(values: ReadonlyArray<number | null>, from: number, to: number): SeparationFit {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let l = from; l <= to; l++) {
    const v = values[l];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) {
      xs.push(l);
      ys.push(Math.log(v));
    }
  }
  const n = xs.length;
  const none: SeparationFit = { ratio: null, pearson: null, r2: null, from, to, outliers: [], intercept: null, points: n };
  if (n < 2) return none;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
    syy += (ys[i] - my) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const pearson = syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
  const residuals = ys.map((y, i) => y - (intercept + slope * xs[i]));
  const sse = residuals.reduce((a, e) => a + e * e, 0);
  const outliers: number[] = [];
  if (n >= 5) {
    const scale = Math.max(1, ...ys.map(Math.abs));
    for (let i = 0; i < n; i++) {
      const h = 1 / n + (xs[i] - mx) ** 2 / sxx;
      if (!(1 - h > 1e-12)) continue;
      const e = residuals[i];
      const rest = Math.max(0, (sse - (e * e) / (1 - h)) / (n - 3));
      // The others on an exact line (s_(i) ≈ 0): an outlier when its residual is not rounding noise.
      const exact = rest <= (1e-12 * scale) ** 2;
      const stands = exact ? Math.abs(e) > 1e-9 * scale : Math.abs(e) / (Math.sqrt(rest) * Math.sqrt(1 - h)) > OUTLIER_T;
      if (stands) outliers.push(xs[i]);
    }
  }
  return { ratio: Math.exp(slope), pearson, r2: pearson === null ? null : pearson * pearson, from, to, outliers, intercept, points: n };
}

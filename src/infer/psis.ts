/**
 * The Pareto-k̂ diagnostic of importance weights (Vehtari, Simpson, Gelman, Yao & Gabry,
 * "Pareto smoothed importance sampling"), with the generalized-Pareto fit of Zhang &
 * Stephens (2009).
 *
 * @module
 */

/** A fitted generalized Pareto distribution. */
export interface GpdFit {
  /** The shape ξ̂ (the Pareto k̂ when fitted to importance weights). */
  readonly shape: number;
  /** The scale σ̂. */
  readonly scale: number;
}

/**
 * Fit a generalized Pareto distribution to exceedances `x` (> 0, sorted ascending) by the
 * profile-likelihood method of Zhang & Stephens (2009), returning the shape ξ̂ (with the weak
 * prior toward ½ of Vehtari et al.) and the scale σ̂.
 *
 * @example
 * ```ts
 * gpdFit(Float64Array.from([0.1, 0.3, 0.7, 2.5])); // { shape: …, scale: … }
 * ```
 */
export function gpdFit(x: Float64Array): GpdFit {
  const n = x.length;
  if (n < 5) throw new RangeError(`gpdFit: needs at least 5 exceedances, got ${n}`);
  const m = 30 + Math.floor(Math.sqrt(n));
  const prior = 3;
  const quartile = x[Math.max(0, Math.floor(n / 4 + 0.5) - 1)]!;
  const xmax = x[n - 1]!;
  const thetas = new Float64Array(m);
  const profile = new Float64Array(m);
  const xiOf = (theta: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.log1p(-theta * x[i]!);
    return s / n;
  };
  for (let j = 0; j < m; j++) {
    const theta = 1 / xmax + (1 - Math.sqrt(m / (j + 0.5))) / (prior * quartile);
    thetas[j] = theta;
    const xi = xiOf(theta);
    profile[j] = n * (Math.log(-theta / xi) - xi - 1);
  }
  // posterior-mean θ with weights ∝ exp(profile)
  let theta = 0;
  for (let j = 0; j < m; j++) {
    let denom = 0;
    for (let i = 0; i < m; i++) denom += Math.exp(profile[i]! - profile[j]!);
    theta += thetas[j]! / denom;
  }
  const xi = xiOf(theta);
  const scale = -xi / theta;
  const shape = (n * xi + 10 * 0.5) / (n + 10);
  return { shape, scale };
}

/**
 * Pareto k̂ of log importance weights: the generalized-Pareto shape fitted to the largest
 * M = min(S/5, 3√S) weights. Below 0.5 the importance-sampling estimate is reliable; 0.5–0.7
 * usable with care; above 0.7 it is not to be trusted (the variance is effectively infinite).
 *
 * @example
 * ```ts
 * paretoK(logWeights); // e.g. 0.31
 * ```
 */
export function paretoK(logWeights: ArrayLike<number>): number {
  const s = logWeights.length;
  const tail = Math.min(Math.floor(s / 5), Math.floor(3 * Math.sqrt(s)));
  if (tail < 5) throw new RangeError(`paretoK: needs at least 25 weights, got ${s}`);
  const sorted = Float64Array.from(logWeights).sort();
  const max = sorted[s - 1]!;
  const cutoff = Math.exp(sorted[s - tail - 1]! - max);
  const exceed = new Float64Array(tail);
  for (let i = 0; i < tail; i++) exceed[i] = Math.exp(sorted[s - tail + i]! - max) - cutoff;
  if (exceed[tail - 1]! <= 0) return -Infinity; // all tail weights equal: no tail at all
  // ties at the cutoff give zero exceedances; nudge them to keep the fit defined
  for (let i = 0; i < tail; i++) if (exceed[i]! <= 0) exceed[i] = Number.MIN_VALUE;
  return gpdFit(exceed).shape;
}

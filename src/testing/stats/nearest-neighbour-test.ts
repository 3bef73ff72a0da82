/**
 * Goodness of fit of d-dimensional samples to a density, from nearest-neighbour distances.
 *
 * @module
 */
import { assertFailureRate } from "./assert-failure-rate.js";
import { logGamma } from "./special64.js";
import { uniformityTest } from "./uniformity-test.js";

/** Options for {@link nearestNeighbourTest}. */
export interface NearestNeighbourTestOptions {
  /** False-failure rate. Default 1e-6. */
  alpha?: number;
  /** Dimension d; required when `samples` is a flat array of n·d numbers (row-major). */
  dimension?: number;
}

/** Result of {@link nearestNeighbourTest}. */
export interface NearestNeighbourTestResult {
  /** pValue > alpha. */
  pass: boolean;
  /** P(χ²_{bins−1} > statistic). */
  pValue: number;
  /** G² of the histogram of the transformed nearest-neighbour distances uᵢ. */
  statistic: number;
  /** Number of histogram bins. */
  bins: number;
  /** Number of samples (points). */
  n: number;
  /** Dimension d. */
  dimension: number;
}

/**
 * Tests whether d-dimensional samples come from a density, using only the density.
 *
 * For each point xᵢ let rᵢ be the distance to its nearest neighbour among the points that come
 * after it in the order of the first coordinate (its "forward" nearest neighbour: the nearest
 * point in the half-space y₁ > xᵢ₁). The n − 1 points that have one are used. With H(x, r) the
 * forward half-ball of radius r and μ its probability, P(rᵢ > r | xᵢ) = (1 − μ(H(xᵢ, r)))^{n−1},
 * so uᵢ = (1 − μ(H(xᵢ, rᵢ)))^{n−1} ≈ exp(−(n−1)·p(xᵢ)·V_d(rᵢ)/2) is Uniform(0, 1), where
 * V_d(r) = π^{d/2} r^d / Γ(d/2 + 1) is the volume of the d-ball. The uᵢ are binned into
 * ≈ n^{1/3} bins and tested by the likelihood-ratio χ² (`uniformityTest`); `pass = pValue > alpha`.
 *
 * Why the forward neighbour and not the plain nearest neighbour: about 62% of points (in 2-D)
 * are in mutual nearest-neighbour pairs, which share the same r, so plain NN values come in
 * near-identical pairs, the bin counts vary ≈ 1.6× more than multinomial counts, and the χ²
 * p-value is far too small (measured: mean G² ≈ 26 instead of 16 for 5,000 points, i.e. false
 * failures at thousands of times the nominal rate). Forward neighbours are never mutual; the
 * measured mean G² is at or below its degrees of freedom in 1, 2, 3 and 5 dimensions. In 1-D
 * this is exactly the spacing test's histogram.
 *
 * The mass μ(H) is computed by a 2d-point cubature that is exact for quadratic densities: the
 * half-ball has volume V_d(r)/2, centroid xᵢ + c_d·r·e₁ with c_d = 2Γ(d/2+1)/(√π (d+1) Γ((d+1)/2)),
 * and per-axis variances σ₁² = r²/(d+2) − c_d²r², σₖ² = r²/(d+2); the density is averaged over
 * the centroid ± √d·σₖ·eₖ (in 1-D the 2-point Gauss–Legendre rule). A one-point rule at xᵢ is
 * biased in the tails, where the balls are wide, and that bias grows quickly with d.
 *
 * Power: the pooled histogram only sees how far the local ratio q/p of claimed to true density
 * spreads around 1, not where it is above or below 1 (that averages out for a normalized q),
 * so it is a weak test of smooth global errors: with 5,000 2-D Normal(0, I) points it rejects the
 * density of a correlation-0.5 Gaussian with p ≈ 1e-30 but a 1.2× wrong scale only with
 * p ≈ 1e-2. Test 1-D marginals with `spacingTest` when they are known.
 *
 * Exact ties (zero distances) are impossible for a continuous distribution; a handful are
 * tolerated (treated as u = 1), more throw. Brute force with pruning on the sorted first
 * coordinate: typically O(n^{2−1/d}), O(n²) at worst; fine for n up to ~10⁴.
 *
 * @param samples - n points, as an array of d-vectors or a flat row-major array with `dimension`;
 * at least 1000·d points
 * @param density - the claimed probability density; receives a Float64Array of length d (reused
 * between calls: copy it to keep it)
 * @param options - alpha (default 1e-6), dimension
 * @throws RangeError for too few points, ragged or non-finite points, a density value that is
 * negative or not finite (the message names the point), or many repeated points
 *
 * @example
 * ```ts
 * const stdNormal2 = (x: Float64Array) => Math.exp(-0.5 * (x[0]! ** 2 + x[1]! ** 2)) / (2 * Math.PI);
 * nearestNeighbourTest(points, stdNormal2, { alpha: 1e-6 }).pass;
 * ```
 */
export function nearestNeighbourTest(
  samples: ArrayLike<ArrayLike<number>> | ArrayLike<number>,
  density: (x: Float64Array) => number,
  options: NearestNeighbourTestOptions = {},
): NearestNeighbourTestResult {
  const { alpha = 1e-6 } = options;
  assertFailureRate("nearestNeighbourTest", alpha);
  if (typeof density !== "function") {
    throw new RangeError(`nearestNeighbourTest: density must be a function, got ${typeof density}`);
  }
  const { points, n, d } = flatten(samples, options.dimension);
  const minSamples = 1000 * d;
  if (n < minSamples) {
    throw new RangeError(
      `nearestNeighbourTest: needs at least ${minSamples} samples in ${d} dimension${d === 1 ? "" : "s"} ` +
        `for a false-failure rate of ${alpha}, got ${n}`,
    );
  }

  // Sort the points by their first coordinate, into a contiguous row-major copy.
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => points[a * d]! - points[b * d]!);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const src = order[i]! * d;
    for (let k = 0; k < d; k++) x[i * d + k] = points[src + k]!;
  }

  const logHalfBall = Math.log(0.5) + (d / 2) * Math.log(Math.PI) - logGamma(d / 2 + 1);
  const centroid = Math.exp(
    Math.log(2) + logGamma(d / 2 + 1) - 0.5 * Math.log(Math.PI) - Math.log(d + 1) - logGamma((d + 1) / 2),
  );
  const radial = 1 / (d + 2);
  const step = new Float64Array(d); // cubature offsets per unit radius
  for (let k = 0; k < d; k++) step[k] = Math.sqrt(d * (radial - (k === 0 ? centroid * centroid : 0)));

  const m = n - 1;
  const bins = Math.max(2, Math.round(Math.cbrt(m)));
  const allowedTies = Math.floor(0.5 * Math.sqrt(m / bins));
  const u = new Float64Array(m);
  const at = new Float64Array(d);
  let ties = 0;
  let firstTie = -1;

  const evalDensity = (): number => {
    const v = density(at);
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new RangeError(
        `nearestNeighbourTest: density([${Array.from(at).join(", ")}]) must be a finite non-negative number, got ${String(v)}`,
      );
    }
    return v;
  };

  for (let i = 0; i < m; i++) {
    const xi = i * d;
    const xi0 = x[xi]!;
    let best = Infinity;
    for (let j = i + 1; j < n; j++) {
      const xj = j * d;
      const dx = x[xj]! - xi0;
      if (dx * dx >= best) break;
      let r2 = dx * dx;
      for (let k = 1; k < d && r2 < best; k++) {
        const t = x[xj + k]! - x[xi + k]!;
        r2 += t * t;
      }
      if (r2 < best) best = r2;
    }
    if (best === 0) {
      if (ties === 0) firstTie = i;
      ties++;
      u[i] = 1;
      continue;
    }
    const r = Math.sqrt(best);
    // Cubature over the forward half-ball: mean density at centroid ± √d·σₖ·eₖ.
    for (let k = 0; k < d; k++) at[k] = x[xi + k]!;
    at[0] = xi0 + centroid * r;
    let sum = 0;
    for (let k = 0; k < d; k++) {
      const centre = at[k]!;
      const h = step[k]! * r;
      at[k] = centre + h;
      sum += evalDensity();
      at[k] = centre - h;
      sum += evalDensity();
      at[k] = centre;
    }
    const mass = (sum / (2 * d)) * Math.exp(logHalfBall + d * Math.log(r));
    u[i] = mass < 1 ? Math.exp(m * Math.log1p(-mass)) : 0;
  }
  if (ties > allowedTies) {
    const p = Array.from(x.subarray(firstTie * d, firstTie * d + d)).join(", ");
    throw new RangeError(
      `nearestNeighbourTest: ${ties} of ${n} points have an identical point (first [${p}]); ` +
        `a continuous distribution gives no repeats, so the distribution looks discrete or the samples were rounded`,
    );
  }
  return { ...uniformityTest(u, { alpha, bins }), n, dimension: d };
}

/** Accepts number[][] (or any array of array-likes) or a flat array with `dimension`. */
function flatten(
  samples: ArrayLike<ArrayLike<number>> | ArrayLike<number>,
  dimension: number | undefined,
): { points: Float64Array; n: number; d: number } {
  const where = "nearestNeighbourTest";
  if (samples === null || typeof samples !== "object" || typeof samples.length !== "number") {
    throw new RangeError(`${where}: samples must be an array of points or a flat array, got ${String(samples)}`);
  }
  if (dimension !== undefined && (!Number.isInteger(dimension) || dimension < 1)) {
    throw new RangeError(`${where}: dimension must be a positive integer, got ${String(dimension)}`);
  }
  const first = samples.length > 0 ? samples[0] : undefined;
  if (typeof first === "number" || (samples.length === 0 && dimension !== undefined)) {
    const flat = samples as ArrayLike<number>;
    if (dimension === undefined) {
      throw new RangeError(`${where}: a flat array of coordinates needs options.dimension`);
    }
    if (flat.length % dimension !== 0) {
      throw new RangeError(
        `${where}: a flat array's length must be a multiple of dimension ${dimension}, got ${flat.length}`,
      );
    }
    const points = new Float64Array(flat.length);
    for (let i = 0; i < flat.length; i++) {
      const v = flat[i];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new RangeError(
          `${where}: coordinates must be finite numbers, got ${String(v)} in point ${Math.floor(i / dimension)}`,
        );
      }
      points[i] = v;
    }
    return { points, n: flat.length / dimension, d: dimension };
  }
  const rows = samples as ArrayLike<ArrayLike<number>>;
  const n = rows.length;
  const d = n > 0 ? (rows[0]?.length ?? 0) : (dimension ?? 0);
  if (!(d >= 1)) throw new RangeError(`${where}: points must have at least 1 coordinate, got ${d}`);
  if (dimension !== undefined && dimension !== d) {
    throw new RangeError(`${where}: options.dimension is ${dimension} but the points have ${d} coordinates`);
  }
  const points = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (row === null || row === undefined || typeof row !== "object" || row.length !== d) {
      throw new RangeError(
        `${where}: every point must have ${d} coordinates, got ${row === null || row === undefined ? String(row) : row.length} in point ${i}`,
      );
    }
    for (let k = 0; k < d; k++) {
      const v = row[k];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new RangeError(`${where}: coordinates must be finite numbers, got ${String(v)} in point ${i}`);
      }
      points[i * d + k] = v;
    }
  }
  return { points, n, d };
}

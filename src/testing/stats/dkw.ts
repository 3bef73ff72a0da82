/**
 * The Dvoretzky–Kiefer–Wolfowitz (DKW) inequality with Massart's constant: a
 * distribution-free, finite-sample confidence band for an empirical CDF.
 *
 * For n independent draws with continuous CDF F and empirical CDF F_n,
 * P(sup_x |F_n(x) − F(x)| > ε) ≤ 2·exp(−2nε²) for every ε > 0 and every n (Massart 1990).
 * Unlike the CLT-based tests, this false-failure bound is exact, not asymptotic.
 *
 * @module
 */
import { assertFailureRate } from "./assert-failure-rate.js";
import { finiteSamples } from "./finite-samples.js";

/**
 * Half-width of the DKW band: ε = √(ln(2/alpha) / (2n)), the smallest ε with 2·exp(−2nε²) ≤ alpha.
 *
 * @param n - number of samples, a positive integer
 * @param alpha - false-failure rate, in (0, 1)
 * @throws RangeError for a bad n or alpha
 *
 * @example
 * ```ts
 * dkwEpsilon(10_000, 1e-6); // ≈ 0.02693
 * ```
 */
export function dkwEpsilon(n: number, alpha: number): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw new RangeError(`dkwEpsilon: n must be a positive integer, got ${String(n)}`);
  }
  assertFailureRate("dkwEpsilon", alpha);
  return Math.sqrt(Math.log(2 / alpha) / (2 * n));
}

/** Result of {@link dkwTest}. */
export interface DkwTestResult {
  /** Whether sup|F_n − F| ≤ bound. */
  pass: boolean;
  /** The Kolmogorov–Smirnov distance sup_x |F_n(x) − F(x)|. */
  statistic: number;
  /** The DKW band half-width `dkwEpsilon(n, alpha)`. */
  bound: number;
  /** min(1, 2·exp(−2n·statistic²)): an upper bound on the p-value (conservative). */
  pValue: number;
  /** Number of samples. */
  n: number;
}

/**
 * Tests samples against a continuous CDF with the DKW band: passes when the
 * Kolmogorov–Smirnov distance D = sup_x |F_n(x) − F(x)| is at most √(ln(2/alpha)/(2n)).
 *
 * With sorted samples x₍₁₎ ≤ … ≤ x₍ₙ₎, D = maxᵢ max(i/n − F(x₍ᵢ₎), F(x₍ᵢ₎) − (i−1)/n).
 * When F is the true CDF the false-failure rate is at most alpha for every n (no asymptotics).
 * F must be continuous; for a discrete distribution use `discreteGofTest`.
 *
 * @param samples - independent draws, finite numbers (at least one)
 * @param cdf - the claimed CDF; must return a number in [0, 1]
 * @param alpha - false-failure rate, in (0, 1); default 1e-6
 * @throws RangeError for no samples, non-finite samples, a bad alpha, or a cdf value outside [0, 1]
 *
 * @example
 * ```ts
 * const r = dkwTest(draws, (x) => 1 - Math.exp(-x), 1e-6); // Exponential(1)
 * r.pass; // true unless the draws are not Exponential(1) (or with probability ≤ 1e-6)
 * ```
 */
export function dkwTest(
  samples: ArrayLike<number>,
  cdf: (x: number) => number,
  alpha = 1e-6,
): DkwTestResult {
  assertFailureRate("dkwTest", alpha);
  if (typeof cdf !== "function") {
    throw new RangeError(`dkwTest: cdf must be a function, got ${typeof cdf}`);
  }
  const x = finiteSamples("dkwTest", samples);
  const n = x.length;
  if (n < 1) throw new RangeError("dkwTest: needs at least 1 sample, got 0");
  x.sort();
  let statistic = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const f = cdf(xi);
    if (typeof f !== "number" || !(f >= 0 && f <= 1)) {
      throw new RangeError(`dkwTest: cdf(${xi}) must be a number in [0, 1], got ${String(f)}`);
    }
    const above = (i + 1) / n - f;
    const below = f - i / n;
    if (above > statistic) statistic = above;
    if (below > statistic) statistic = below;
  }
  const bound = dkwEpsilon(n, alpha);
  const pValue = Math.min(1, 2 * Math.exp(-2 * n * statistic * statistic));
  return { pass: statistic <= bound, statistic, bound, pValue, n };
}

/**
 * The smallest n whose DKW band half-width `dkwEpsilon(n, alpha)` is at most `discrepancy`:
 * n = ⌈ln(2/alpha) / (2·discrepancy²)⌉.
 *
 * To detect a true CDF distance Δ with probability at least 1 − β, ask for
 * `dkwSamplesNeeded(Δ / 2, Math.min(alpha, β))`: then with probability ≥ 1 − β the empirical
 * CDF is within Δ/2 of the true CDF, hence at least Δ/2 ≥ bound away from the claimed one.
 *
 * @param discrepancy - target band half-width, in (0, 1]
 * @param alpha - false-failure rate, in (0, 1)
 * @throws RangeError for a bad discrepancy or alpha
 *
 * @example
 * ```ts
 * dkwSamplesNeeded(0.01, 1e-6); // 72544
 * ```
 */
export function dkwSamplesNeeded(discrepancy: number, alpha: number): number {
  if (typeof discrepancy !== "number" || !(discrepancy > 0 && discrepancy <= 1)) {
    throw new RangeError(`dkwSamplesNeeded: discrepancy must be a number in (0, 1], got ${String(discrepancy)}`);
  }
  assertFailureRate("dkwSamplesNeeded", alpha);
  let n = Math.max(1, Math.ceil(Math.log(2 / alpha) / (2 * discrepancy * discrepancy)));
  // Guard against rounding in the closed form: make the defining inequality hold exactly.
  while (dkwEpsilon(n, alpha) > discrepancy) n++;
  while (n > 1 && dkwEpsilon(n - 1, alpha) <= discrepancy) n--;
  return n;
}

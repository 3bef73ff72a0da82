/**
 * Binned test that values are Uniform(0, 1), the last step of the spacing and
 * nearest-neighbour tests (and usable on probability-integral-transform values directly).
 *
 * @module
 */
import { assertFailureRate } from "./assert-failure-rate.js";
import { likelihoodRatioTest } from "./likelihood-ratio-test.js";

/** Options for {@link uniformityTest}. */
export interface UniformityTestOptions {
  /** False-failure rate. Default 1e-6. */
  alpha?: number;
  /** Number of equal-width bins; default max(2, round(n^(1/3))). */
  bins?: number;
}

/** Result of {@link uniformityTest} (and of the tests built on it). */
export interface UniformityTestResult {
  /** pValue > alpha. */
  pass: boolean;
  /** P(χ²_{bins−1} > statistic). */
  pValue: number;
  /** The likelihood-ratio statistic G² of the bin counts against n/bins each. */
  statistic: number;
  /** Number of bins. */
  bins: number;
  /** Number of values binned. */
  n: number;
}

/**
 * Tests that values in [0, 1] are independent Uniform(0, 1) draws: counts them in k equal bins
 * and compares the counts with n/k each by the likelihood-ratio statistic
 * G² = 2 Σⱼ Oⱼ ln(Oⱼ k / n), whose null distribution is ≈ χ²_{k−1}.
 *
 * The default k = max(2, round(n^{1/3})) balances resolution against the expected count per
 * bin (n^{2/3} ≥ 20 for n ≥ 100). See `likelihoodRatioTest` for why G² and not Pearson's X².
 *
 * @param u - values in [0, 1] (1 goes in the last bin)
 * @param options - alpha (default 1e-6), bins
 * @throws RangeError for values outside [0, 1], fewer than 2 values per bin on average, or bad options
 *
 * @example
 * ```ts
 * uniformityTest(pitValues, { alpha: 1e-6 }).pass;
 * ```
 */
export function uniformityTest(u: ArrayLike<number>, options: UniformityTestOptions = {}): UniformityTestResult {
  const { alpha = 1e-6 } = options;
  assertFailureRate("uniformityTest", alpha);
  const n = u.length;
  const bins = options.bins ?? Math.max(2, Math.round(Math.cbrt(n)));
  if (!Number.isInteger(bins) || bins < 2) {
    throw new RangeError(`uniformityTest: bins must be an integer >= 2, got ${String(bins)}`);
  }
  if (n < 2 * bins) {
    throw new RangeError(`uniformityTest: needs at least ${2 * bins} values for ${bins} bins, got ${n}`);
  }
  const counts = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const v = u[i]!;
    if (!(v >= 0 && v <= 1)) {
      throw new RangeError(`uniformityTest: values must be in [0, 1], got u[${i}] = ${String(v)}`);
    }
    const j = Math.min(bins - 1, Math.floor(v * bins));
    counts[j]! += 1;
  }
  const expected = new Float64Array(bins).fill(n / bins);
  const { statistic, pValue } = likelihoodRatioTest(counts, expected);
  return { pass: pValue > alpha, pValue, statistic, bins, n };
}

/**
 * The likelihood-ratio (G) test of observed counts against expected counts.
 *
 * @module
 */
import { chiSquareSurvival } from "./special64.js";

/** Result of {@link likelihoodRatioTest}. */
export interface LikelihoodRatioTestResult {
  /** G² = 2 Σᵢ [Oᵢ ln(Oᵢ/Eᵢ) − (Oᵢ − Eᵢ)]. */
  statistic: number;
  /** Number of cells minus one. */
  degreesOfFreedom: number;
  /** P(χ²_df > G²), the asymptotic p-value (1 when there is a single cell). */
  pValue: number;
}

/**
 * Likelihood-ratio goodness-of-fit statistic G² for counts, with its chi-square p-value.
 *
 * G² = 2 Σᵢ [Oᵢ ln(Oᵢ/Eᵢ) − (Oᵢ − Eᵢ)] (terms with Oᵢ = 0 contribute 2Eᵢ). When Σ O = Σ E this
 * is the multinomial likelihood-ratio statistic 2 Σ O ln(O/E); the −(O − E) terms keep it
 * non-negative (a Poisson deviance) when the totals differ. Under the null it is ≈ χ² with
 * (cells − 1) degrees of freedom.
 *
 * Why G² rather than Pearson's X² = Σ (O − E)²/E: at the tiny false-failure rates used in
 * property tests the chi-square approximation of Pearson's statistic is badly anti-conservative.
 * For one binomial cell with E = 20, P(X² > χ²₁ quantile at 1e-6) is ≈ 1.2e-5 (12× too often),
 * and ≈ 7e-5 at E = 5, because the Poisson upper tail is heavier than the normal one. G²
 * follows the large-deviation rate exactly and stays within about 2× of the nominal 1e-6
 * (conservative for small E). Exact binomial computations behind these numbers are quoted in
 * `test/testing/stats/likelihood-ratio-test.test.ts`.
 *
 * @param observed - non-negative counts
 * @param expected - positive expected counts, same length (at least 1)
 * @throws RangeError for mismatched lengths, negative or non-finite counts, or non-positive expected counts
 *
 * @example
 * ```ts
 * likelihoodRatioTest([18, 22, 20], [20, 20, 20]).pValue; // ≈ 0.82
 * ```
 */
export function likelihoodRatioTest(
  observed: ArrayLike<number>,
  expected: ArrayLike<number>,
): LikelihoodRatioTestResult {
  const k = observed.length;
  if (expected.length !== k) {
    throw new RangeError(
      `likelihoodRatioTest: observed and expected must have the same length, got ${k} and ${expected.length}`,
    );
  }
  if (k < 1) throw new RangeError("likelihoodRatioTest: needs at least 1 cell, got 0");
  let statistic = 0;
  for (let i = 0; i < k; i++) {
    const o = observed[i]!;
    const e = expected[i]!;
    if (!(o >= 0) || !Number.isFinite(o)) {
      throw new RangeError(`likelihoodRatioTest: observed counts must be finite and >= 0, got observed[${i}] = ${o}`);
    }
    if (!(e > 0) || !Number.isFinite(e)) {
      throw new RangeError(`likelihoodRatioTest: expected counts must be finite and > 0, got expected[${i}] = ${e}`);
    }
    statistic += o > 0 ? o * Math.log(o / e) - (o - e) : e;
  }
  statistic = Math.max(0, 2 * statistic);
  const degreesOfFreedom = k - 1;
  const pValue = degreesOfFreedom > 0 ? chiSquareSurvival(statistic, degreesOfFreedom) : 1;
  return { statistic, degreesOfFreedom, pValue };
}

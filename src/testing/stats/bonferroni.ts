/**
 * Bonferroni correction for running several tests under one overall false-failure rate.
 *
 * @module
 */

/**
 * The per-test false-failure rate alpha / k that keeps the chance of any false failure among
 * k tests at most alpha.
 *
 * By the union bound, P(∪ᵢ Failᵢ) ≤ Σᵢ P(Failᵢ) = k · (alpha / k) = alpha, whatever the
 * dependence between the k tests.
 *
 * @param alpha - overall false-failure rate, in (0, 1)
 * @param k - number of tests, a positive integer
 * @throws RangeError if alpha is not in (0, 1) or k is not a positive integer
 *
 * @example
 * ```ts
 * const perTest = bonferroni(1e-6, 4); // 2.5e-7
 * ```
 */
export function bonferroni(alpha: number, k: number): number {
  if (typeof alpha !== "number" || !(alpha > 0 && alpha < 1)) {
    throw new RangeError(`bonferroni: alpha must be a number in (0, 1), got ${String(alpha)}`);
  }
  if (typeof k !== "number" || !Number.isInteger(k) || k < 1) {
    throw new RangeError(`bonferroni: k (the number of tests) must be a positive integer, got ${String(k)}`);
  }
  return alpha / k;
}

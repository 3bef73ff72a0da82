import { describe, expect, it } from "vitest";
import { likelihoodRatioTest } from "../../../src/testing/stats/likelihood-ratio-test.js";
import { zForFailureRate } from "../../../src/testing/stats/normal-quantile-bound.js";
import { logGamma } from "../../../src/testing/stats/special64.js";

/**
 * Exact P(statistic(O) > q) for O ~ Binomial(n, p), the two-cell case (cells O and n − O).
 */
function exactBinomialTail(n: number, p: number, statistic: (o: number) => number, q: number): number {
  let tail = 0;
  for (let o = 0; o <= n; o++) {
    if (statistic(o) <= q) continue;
    tail += Math.exp(
      logGamma(n + 1) - logGamma(o + 1) - logGamma(n - o + 1) + o * Math.log(p) + (n - o) * Math.log1p(-p),
    );
  }
  return tail;
}

describe("likelihoodRatioTest", () => {
  it("computes G² = 2 Σ O ln(O/E) and its χ² p-value", () => {
    const r = likelihoodRatioTest([18, 22, 20], [20, 20, 20]);
    const g2 = 2 * (18 * Math.log(0.9) + 22 * Math.log(1.1));
    expect(Math.abs(r.statistic - g2)).toBeLessThan(1e-12);
    expect(r.degreesOfFreedom).toBe(2);
    expect(Math.abs(r.pValue - Math.exp(-g2 / 2))).toBeLessThan(1e-14); // χ²₂ survival is e^{−x/2}
    expect(likelihoodRatioTest([20, 20], [20, 20]).pValue).toBe(1);
    expect(likelihoodRatioTest([0, 40], [20, 20]).pValue).toBeLessThan(1e-12);
  });

  it("has a false-failure rate within 2.5× of alpha = 1e-6 where Pearson's X² is 7–70× over (exact binomial)", () => {
    // This is why the kit uses G² rather than Pearson's X² = Σ (O − E)²/E.
    const alpha = 1e-6;
    const q = zForFailureRate(alpha) ** 2; // the χ²₁ quantile at 1e-6
    for (const [n, e] of [
      [200, 20],
      [200, 50],
      [100000, 5],
      [100000, 20],
    ] as const) {
      const p = e / n;
      const g2 = (o: number) => likelihoodRatioTest([o, n - o], [e, n - e]).statistic;
      const x2 = (o: number) => (o - e) ** 2 / e + (o - e) ** 2 / (n - e);
      const gRate = exactBinomialTail(n, p, g2, q);
      const xRate = exactBinomialTail(n, p, x2, q);
      expect(gRate, `G² rate for n=${n}, E=${e}`).toBeLessThan(2.5 * alpha);
      expect(xRate, `X² rate for n=${n}, E=${e}`).toBeGreaterThan(2 * alpha);
    }
  });

  it("rejects malformed counts", () => {
    expect(() => likelihoodRatioTest([1, 2], [1])).toThrow(
      /likelihoodRatioTest: observed and expected must have the same length, got 2 and 1/,
    );
    expect(() => likelihoodRatioTest([-1, 2], [1, 1])).toThrow(/observed\[0\] = -1/);
    expect(() => likelihoodRatioTest([1, 2], [1, 0])).toThrow(/expected\[1\] = 0/);
    expect(() => likelihoodRatioTest([], [])).toThrow(RangeError);
  });
});

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { dkwEpsilon, dkwSamplesNeeded, dkwTest } from "../../../src/testing/stats/dkw.js";
import { normalCdf } from "../../../src/testing/stats/special64.js";
import { forSeeds, mulberry32, normals } from "./seeded.js";

describe("dkwEpsilon / dkwSamplesNeeded", () => {
  it("is √(ln(2/alpha)/(2n))", () => {
    expect(dkwEpsilon(10_000, 1e-6)).toBe(Math.sqrt(Math.log(2e6) / 20_000));
    expect(Math.abs(dkwEpsilon(10_000, 1e-6) - 0.026934)).toBeLessThan(1e-6);
    expect(dkwSamplesNeeded(0.01, 1e-6)).toBe(72544);
  });

  it("dkwSamplesNeeded is the smallest n with dkwEpsilon(n, alpha) ≤ discrepancy", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1, noNaN: true }), fc.double({ min: 1e-12, max: 0.5, noNaN: true }), (d, a) => {
        const n = dkwSamplesNeeded(d, a);
        expect(dkwEpsilon(n, a)).toBeLessThanOrEqual(d);
        if (n > 1) expect(dkwEpsilon(n - 1, a)).toBeGreaterThan(d);
      }),
      { seed: 1, numRuns: 300 },
    );
  });

  it("rejects bad arguments", () => {
    expect(() => dkwEpsilon(0, 0.1)).toThrow(/dkwEpsilon: n must be a positive integer, got 0/);
    expect(() => dkwEpsilon(10, 1)).toThrow(/dkwEpsilon: alpha/);
    expect(() => dkwSamplesNeeded(0, 0.1)).toThrow(/dkwSamplesNeeded: discrepancy must be a number in \(0, 1\], got 0/);
  });
});

describe("dkwTest", () => {
  it("computes the Kolmogorov–Smirnov distance exactly", () => {
    // F(x) = x on [0, 1]; D = max(1/3 − 0.1, 0.9 − 2/3) = 0.2333…
    const r = dkwTest([0.9, 0.1, 0.5], (x) => x, 0.5);
    expect(Math.abs(r.statistic - (0.9 - 2 / 3))).toBeLessThan(1e-15);
    expect(r.n).toBe(3);
    expect(r.bound).toBe(dkwEpsilon(3, 0.5));
  });

  // Power: Normal(0, 1) draws against the CDF of Normal(0, 1.2) have a true distance
  // sup|Φ(x) − Φ(x/1.2)| ≈ 0.061 (at x ≈ ±1.3), while the band at n = 5,000 and alpha = 1e-6
  // is 0.038; the sample distance is within ±0.02 of 0.061 with probability > 1 − 1e-3
  // (DKW again), so the wrong CDF is rejected. The "passes" half has false-failure rate ≤ 1e-6
  // per seed, exactly (DKW–Massart), not only asymptotically.
  it("passes with the true CDF and fails with a wrong scale (5,000 Normal(0, 1), 20 seeds)", () => {
    forSeeds(20, (seed) => {
      const x = normals(mulberry32(seed), 5000);
      const ok = dkwTest(x, normalCdf);
      expect(ok.pass).toBe(true);
      expect(ok.statistic).toBeLessThanOrEqual(ok.bound);
      const wrong = dkwTest(x, (t) => normalCdf(t / 1.2));
      expect(wrong.pass).toBe(false);
      expect(wrong.pValue).toBeLessThan(1e-6);
    });
  });

  it("refuses bad input", () => {
    expect(() => dkwTest([], (x) => x)).toThrow(/dkwTest: needs at least 1 sample, got 0/);
    expect(() => dkwTest([0.5, 2], (x) => x)).toThrow(/dkwTest: cdf\(2\) must be a number in \[0, 1\], got 2/);
    expect(() => dkwTest([0.5, Infinity], (x) => x)).toThrow(/samples\[1\] = Infinity/);
    expect(() => dkwTest([0.5], (x) => x, 0)).toThrow(/dkwTest: alpha/);
  });
});

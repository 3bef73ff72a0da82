import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bonferroni } from "../../../src/testing/stats/bonferroni.js";

describe("bonferroni", () => {
  it("splits alpha evenly over k tests", () => {
    expect(bonferroni(1e-6, 4)).toBe(2.5e-7);
    expect(bonferroni(0.05, 1)).toBe(0.05);
  });

  it("k tests at bonferroni(alpha, k) have a union bound of alpha", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 0.999, noNaN: true }), fc.integer({ min: 1, max: 1e6 }), (alpha, k) => {
        const each = bonferroni(alpha, k);
        expect(each).toBeGreaterThan(0);
        expect(Math.abs(each * k - alpha)).toBeLessThanOrEqual(4e-16 * alpha);
      }),
      { seed: 1, numRuns: 200 },
    );
  });

  it("rejects a bad alpha or k", () => {
    expect(() => bonferroni(0, 3)).toThrow(/bonferroni: alpha must be a number in \(0, 1\), got 0/);
    expect(() => bonferroni(1.5, 3)).toThrow(RangeError);
    expect(() => bonferroni(0.01, 0)).toThrow(/bonferroni: k \(the number of tests\) must be a positive integer, got 0/);
    expect(() => bonferroni(0.01, 2.5)).toThrow(RangeError);
  });
});

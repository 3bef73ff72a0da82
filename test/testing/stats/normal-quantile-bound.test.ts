import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { zForFailureRate } from "../../../src/testing/stats/normal-quantile-bound.js";
import { normalSurvival } from "../../../src/testing/stats/special64.js";

describe("zForFailureRate", () => {
  it("gives the textbook bounds (mpmath references, 1e-14 relative)", () => {
    const close = (a: number, b: number) => expect(Math.abs(a - b) / b).toBeLessThanOrEqual(1e-14);
    close(zForFailureRate(0.05), 1.959963984540054);
    close(zForFailureRate(0.05, 1), 1.6448536269514729);
    close(zForFailureRate(1e-6), 4.891638475698590);
    close(zForFailureRate(1e-6, 1), 4.753424308822899);
  });

  it("P(Z > z) = alpha/sides, to within the rounding of z", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-300, max: 0.999, noNaN: true }),
        fc.constantFrom(1 as const, 2 as const),
        (alpha, sides) => {
          const z = zForFailureRate(alpha, sides);
          const target = alpha / sides;
          expect(Math.abs(normalSurvival(z) - target) / target).toBeLessThanOrEqual((1 + z * z) * 4e-16 + 1e-14);
        },
      ),
      { seed: 1, numRuns: 300 },
    );
  });

  it("rejects a bad alpha or sides with a message naming the function", () => {
    expect(() => zForFailureRate(0)).toThrow(/zForFailureRate: alpha must be a number in \(0, 1\), got 0/);
    expect(() => zForFailureRate(1)).toThrow(RangeError);
    expect(() => zForFailureRate(NaN)).toThrow(RangeError);
    expect(() => zForFailureRate(0.01, 3 as 2)).toThrow(/zForFailureRate: sides must be 1 or 2, got 3/);
  });
});

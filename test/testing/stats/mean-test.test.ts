import { describe, expect, it } from "vitest";
import { meanTest } from "../../../src/testing/stats/mean-test.js";
import { exponentials, forSeeds, mulberry32, normals } from "./seeded.js";

describe("meanTest", () => {
  it("computes the mean, the sample standard error and z exactly", () => {
    const x = Array.from({ length: 30 }, (_, i) => i + 1); // mean 15.5, s² = 30·31/12 = 77.5
    const r = meanTest(x, 15);
    expect(r.n).toBe(30);
    expect(r.mean).toBe(15.5);
    expect(Math.abs(r.standardError - Math.sqrt(77.5 / 30))).toBeLessThan(1e-14);
    expect(Math.abs(r.statistic - 0.5 / Math.sqrt(77.5 / 30))).toBeLessThan(1e-14);
    expect(Math.abs(r.bound - 4.89163847569859)).toBeLessThan(1e-12); // two-sided z at 1e-6
    expect(r.pass).toBe(true);
  });

  // Exponential(1) has mean 1 and sd 1. With 2,000 draws the standard error is ≈ 0.022, so the
  // wrong mean 1.2 sits ≈ 9 standard errors away (p ≈ 1e-19): power ≈ 1 at alpha = 1e-6.
  // The "passes" half fails falsely with probability ≈ alpha = 1e-6 per seed by construction
  // (≈ 1.5e-6 for this skewed distribution at n = 2,000 by an Edgeworth estimate; see the TSDoc).
  it("passes at the true mean and fails at a wrong one (Exponential(1), n = 2,000, 20 seeds)", () => {
    forSeeds(20, (seed) => {
      const x = exponentials(mulberry32(seed), 2000);
      expect(meanTest(x, 1).pass).toBe(true);
      const wrong = meanTest(x, 1.2);
      expect(wrong.pass).toBe(false);
      expect(wrong.pValue).toBeLessThan(1e-6);
    });
  });

  it("uses a known variance when given", () => {
    const x = normals(mulberry32(7), 1000, 3, 2);
    const r = meanTest(x, 3, { variance: 4 });
    expect(r.standardError).toBe(Math.sqrt(4 / 1000));
    expect(r.pass).toBe(true);
    expect(meanTest(x, 3.5, { variance: 4 }).pass).toBe(false); // 7.9 standard errors off
  });

  it("tests one side only when sides = 1", () => {
    const x = normals(mulberry32(8), 1000); // true mean 0, standard error ≈ 0.032
    // Claimed mean 1 is far above the data: "greater" (fail only if the data mean is too large) passes.
    expect(meanTest(x, 1, { sides: 1 }).pass).toBe(true);
    expect(meanTest(x, 1, { sides: 1, alternative: "less" }).pass).toBe(false);
    expect(meanTest(x, -1, { sides: 1 }).pass).toBe(false);
    const r = meanTest(x, 0, { sides: 1 });
    expect(Math.abs(r.bound - 4.753424308822899)).toBeLessThan(1e-12);
  });

  it("fails falsely at about the nominal rate: alpha = 0.01 over 200 seeds of 500 normals", () => {
    // Expected 2 failures; P(Binomial(200, 0.01) ≥ 9) ≈ 2e-4.
    let failures = 0;
    for (let seed = 0; seed < 200; seed++) {
      if (!meanTest(normals(mulberry32(seed), 500), 0, { alpha: 0.01 }).pass) failures++;
    }
    expect(failures).toBeLessThanOrEqual(8);
  });

  it("handles constant samples: any difference is infinitely significant", () => {
    const x = new Float64Array(40).fill(2);
    expect(meanTest(x, 2).pass).toBe(true);
    expect(meanTest(x, 2.1).statistic).toBe(-Infinity);
    expect(meanTest(x, 2.1).pass).toBe(false);
  });

  it("refuses bad input with a message naming the function, the expectation and the value", () => {
    expect(() => meanTest(new Float64Array(29), 0)).toThrow(
      /meanTest: needs at least 30 samples for the normal approximation, got 29/,
    );
    const withNaN = Array.from({ length: 40 }, (_, i) => (i === 5 ? NaN : i));
    expect(() => meanTest(withNaN, 0)).toThrow(/meanTest: samples must be finite numbers, got samples\[5\] = NaN/);
    expect(() => meanTest(new Float64Array(40), 0, { alpha: 0 })).toThrow(/meanTest: alpha .* got 0/);
    expect(() => meanTest(new Float64Array(40), 0, { variance: -1 })).toThrow(
      /meanTest: variance must be a finite positive number, got -1/,
    );
    expect(() => meanTest(new Float64Array(40), NaN)).toThrow(/expectedMean must be a finite number, got NaN/);
    expect(() => meanTest(new Float64Array(40), 0, { sides: 3 as 2 })).toThrow(/sides must be 1 or 2, got 3/);
  });
});

import { describe, expect, it } from "vitest";
import { uniformityTest } from "../../../src/testing/stats/uniformity-test.js";
import { forSeeds, mulberry32 } from "./seeded.js";

function uniforms(seed: number, n: number, transform: (u: number) => number = (u) => u): Float64Array {
  const rand = mulberry32(seed);
  return Float64Array.from({ length: n }, () => transform(rand()));
}

describe("uniformityTest", () => {
  // alpha = 1e-6: each run of this property fails falsely with probability ≈ 1e-6 by construction.
  it("passes on 2,000 seeded uniforms, for 20 seeds", () => {
    forSeeds(20, (seed) => {
      const r = uniformityTest(uniforms(seed, 2000));
      expect(r.bins).toBe(13); // round(2000^(1/3))
      expect(r.n).toBe(2000);
      expect(r.pass).toBe(true);
    });
  });

  // u² has density 1/(2√u): bin 1 of 13 expects 2000·√(1/13) ≈ 555 instead of 154, G² in the
  // thousands, so the power at 1e-6 is 1 for practical purposes.
  it("fails on squared uniforms, for 20 seeds", () => {
    forSeeds(20, (seed) => {
      const r = uniformityTest(uniforms(seed, 2000, (u) => u * u));
      expect(r.pass).toBe(false);
      expect(r.pValue).toBeLessThan(1e-100);
    });
  });

  it("fails falsely at about the nominal rate: alpha = 0.01 over 200 seeds", () => {
    // Expected 2 failures; P(Binomial(200, 0.01) ≥ 9) ≈ 2e-4.
    let failures = 0;
    for (let seed = 0; seed < 200; seed++) if (!uniformityTest(uniforms(seed, 1000), { alpha: 0.01 }).pass) failures++;
    expect(failures).toBeLessThanOrEqual(8);
  });

  it("rejects values outside [0, 1] and too few values", () => {
    expect(() => uniformityTest([0.5, 1.5, 0.2, 0.1])).toThrow(/uniformityTest: values must be in \[0, 1\], got u\[1\] = 1.5/);
    expect(() => uniformityTest([0.5, 0.2], { bins: 2 })).toThrow(/needs at least 4 values for 2 bins, got 2/);
    expect(() => uniformityTest(uniforms(1, 100), { bins: 1 })).toThrow(/bins must be an integer >= 2, got 1/);
    expect(() => uniformityTest(uniforms(1, 100), { alpha: 2 })).toThrow(/uniformityTest: alpha/);
  });
});

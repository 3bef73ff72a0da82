import { describe, expect, it } from "vitest";
import { spacingTest } from "../../../src/testing/stats/spacing-test.js";
import { exponentials, forSeeds, mulberry32, normals, poissons } from "./seeded.js";

const normalDensity =
  (sd: number, mean = 0) =>
  (x: number) =>
    Math.exp(-0.5 * ((x - mean) / sd) ** 2) / (sd * Math.sqrt(2 * Math.PI));
const expDensity = (rate: number) => (x: number) => (x < 0 ? 0 : rate * Math.exp(-rate * x));
const cauchyDensity = (x: number) => 1 / (Math.PI * (1 + x * x));

describe("spacingTest", () => {
  // alpha = 1e-6 (the default): each "passes" assertion fails falsely with probability ≈ 1e-6
  // per seed by construction. Power: with 5,000 draws the CDF integrated from the wrong
  // density Normal(0, 1.2) is ≈ 0.06 away from the truth on each side, Kuiper's V ≈ 0.12 and
  // √n·V ≈ 8.5 against a 1e-6 critical value of ≈ 3; measured p-values over these 20 seeds:
  // median 7e-37, largest 4e-25. (The histogram part alone gives median 0.26 here.)
  it("passes on 5,000 Normal(0, 1) draws with the true density and fails with Normal(0, 1.2) (20 seeds)", () => {
    forSeeds(20, (seed) => {
      const x = normals(mulberry32(seed), 5000);
      const ok = spacingTest(x, normalDensity(1));
      expect(ok.pass).toBe(true);
      expect(ok.n).toBe(5000);
      expect(ok.bins).toBe(17); // round(4999^(1/3))
      const wrong = spacingTest(x, normalDensity(1.2));
      expect(wrong.pass).toBe(false);
      expect(wrong.pValue).toBeLessThan(1e-6);
    });
  });

  // Exponential: a density with a jump at the edge of its support. Cauchy: heavy tails, where
  // the widest gaps span orders of magnitude of the density and the adaptive Simpson rule is
  // needed. Wrong rate 1.25: sup|F − G| ≈ 0.08, √n·V ≈ 7 at n = 2,000, p < 1e-30 in practice.
  it("passes on Exponential(1) and Cauchy draws, fails on Exponential(1) vs rate 1.25 (2,000 draws, 20 seeds)", () => {
    forSeeds(20, (seed) => {
      const rand = mulberry32(seed);
      const e = exponentials(rand, 2000);
      expect(spacingTest(e, expDensity(1)).pass).toBe(true);
      expect(spacingTest(e, expDensity(1.25)).pValue).toBeLessThan(1e-6);
      const c = Float64Array.from({ length: 2000 }, () => Math.tan(Math.PI * (rand() - 0.5)));
      expect(spacingTest(c, cauchyDensity).pass).toBe(true);
    });
  });

  it("catches clumped samples through the histogram part while the CDF part is fine", () => {
    // 2,500 draws each repeated with a tiny jitter: the right marginal distribution, but half
    // of the gaps are ~1e-9 wide, so half of the uᵢ are ≈ 1.
    const rand = mulberry32(3);
    const base = normals(rand, 2500);
    const x = new Float64Array(5000);
    for (let i = 0; i < 2500; i++) {
      x[2 * i] = base[i]!;
      x[2 * i + 1] = base[i]! + 1e-9 * (rand() + 0.5);
    }
    const r = spacingTest(x, normalDensity(1));
    expect(r.pass).toBe(false);
    expect(r.histogramPValue).toBeLessThan(1e-100);
    expect(r.cdfPValue).toBeGreaterThan(1e-3);
  });

  it("fails an unnormalized density and a density that is zero at a sample", () => {
    const x = normals(mulberry32(4), 1000);
    const twice = (t: number) => 2 * normalDensity(1)(t);
    expect(spacingTest(x, twice).pValue).toBeLessThan(1e-100);
    const zeroAbove2 = (t: number) => (t > 2 ? 0 : normalDensity(1)(t));
    const r = spacingTest(x, zeroAbove2);
    expect(r.pass).toBe(false);
    expect(r.pValue).toBe(0);
  });

  it("fails falsely at about the nominal rate: alpha = 0.01 over 200 seeds of 1,000 draws", () => {
    // Measured to be conservative (about 0.5–1% below alpha = 0.01); P(Binomial(200, 0.01) ≥ 9) ≈ 2e-4.
    let failures = 0;
    for (let seed = 0; seed < 200; seed++) {
      if (!spacingTest(normals(mulberry32(seed), 1000), normalDensity(1), { alpha: 0.01 }).pass) failures++;
    }
    expect(failures).toBeLessThanOrEqual(8);
  });

  it("tolerates a few exact repeats (e.g. float32 rounding)", () => {
    const x = normals(mulberry32(5), 5000);
    x[10] = x[11]!;
    x[20] = x[21]!;
    expect(spacingTest(x, normalDensity(1)).pass).toBe(true);
  });

  it("refuses discrete-looking samples, too few samples, and bad densities", () => {
    expect(() => spacingTest(normals(mulberry32(1), 40), normalDensity(1))).toThrow(
      "spacingTest: needs at least 100 samples for a false-failure rate of 0.000001, got 40",
    );
    expect(() => spacingTest(poissons(mulberry32(1), 500, 3), expDensity(1))).toThrow(
      /spacingTest: \d+ of 500 sorted samples repeat the previous value .*the distribution looks discrete/,
    );
    const x = normals(mulberry32(2), 200);
    const target = x[17]!;
    const broken = (t: number) => (t === target ? NaN : normalDensity(1)(t));
    expect(() => spacingTest(x, broken)).toThrow(
      `spacingTest: density(${target}) must be a finite non-negative number, got NaN`,
    );
    expect(() => spacingTest(x, () => -1)).toThrow(/must be a finite non-negative number, got -1/);
    expect(() => spacingTest(x, normalDensity(1), { alpha: 1 })).toThrow(/spacingTest: alpha/);
    const withInf = Array.from(x);
    withInf[3] = Infinity;
    expect(() => spacingTest(withInf, normalDensity(1))).toThrow(/samples\[3\] = Infinity/);
  });
});

import { describe, expect, it } from "vitest";
import { discreteGofTest } from "../../../src/testing/stats/discrete-gof-test.js";
import { logGamma } from "../../../src/testing/stats/special64.js";
import { forSeeds, mulberry32, poissons } from "./seeded.js";

const poissonPmf = (rate: number) => (k: number) =>
  k < 0 || !Number.isInteger(k) ? 0 : Math.exp(k * Math.log(rate) - rate - logGamma(k + 1));

describe("discreteGofTest", () => {
  // alpha = 1e-6 (the default): the "passes" assertion fails falsely with probability ≈ 1e-6
  // per seed by construction. Power: G² grows like 2n·KL(Poisson(3) ‖ Poisson(3.3)) =
  // 2·5000·0.0141 ≈ 141 on ≈ 10 degrees of freedom, p ≈ 1e-25; measured over the 20 seeds
  // below: at most 8e-23.
  it("passes on 5,000 Poisson(3) counts with the true pmf and fails with rate 3.3 (20 seeds)", () => {
    forSeeds(20, (seed) => {
      const x = poissons(mulberry32(seed), 5000, 3);
      const ok = discreteGofTest(x, poissonPmf(3));
      expect(ok.pass).toBe(true);
      expect(ok.n).toBe(5000);
      expect(ok.degreesOfFreedom).toBe(ok.cells - 1);
      const wrong = discreteGofTest(x, poissonPmf(3.3));
      expect(wrong.pass).toBe(false);
      expect(wrong.pValue).toBeLessThan(1e-6);
    });
  });

  // Poisson(200) with 300 draws: many integers inside the sample range are never drawn. Cells
  // built from the values seen plus a tail put their mass in a tail cell with O = 0 by
  // construction (measured over these seeds: p-values median 1.5e-3, smallest 3e-6, far from
  // uniform); cells over the whole integer range give median 0.57, smallest 0.06.
  it("passes when many support points are individually rare (Poisson(200), 300 draws, 20 seeds)", () => {
    forSeeds(20, (seed) => {
      expect(discreteGofTest(poissons(mulberry32(seed), 300, 200), poissonPmf(200)).pass).toBe(true);
    });
  });

  it("fails falsely at about the nominal rate: alpha = 0.01 over 200 seeds of 500 counts", () => {
    // Expected 2 failures; P(Binomial(200, 0.01) ≥ 9) ≈ 2e-4.
    let failures = 0;
    for (let seed = 0; seed < 200; seed++) {
      if (!discreteGofTest(poissons(mulberry32(seed), 500, 3), poissonPmf(3), { alpha: 0.01 }).pass) failures++;
    }
    expect(failures).toBeLessThanOrEqual(8);
  });

  it("supports non-integer values through options.support", () => {
    const rand = mulberry32(9);
    const x = Float64Array.from({ length: 1000 }, () => (rand() < 0.3 ? 0.5 : 1.5));
    const pmf = (v: number) => (v === 0.5 ? 0.3 : v === 1.5 ? 0.7 : 0);
    expect(discreteGofTest(x, pmf, { support: [0.5, 1.5] }).pass).toBe(true);
    const wrongPmf = (v: number) => (v === 0.5 ? 0.5 : v === 1.5 ? 0.5 : 0);
    expect(discreteGofTest(x, wrongPmf, { support: [1.5, 0.5] }).pValue).toBeLessThan(1e-6);
    expect(() => discreteGofTest(x, pmf)).toThrow(
      /discreteGofTest: samples must be integers unless options.support lists the support, got 0.5/,
    );
  });

  it("fails outright when a sample has probability 0", () => {
    const x = poissons(mulberry32(10), 500, 3);
    const noZeros = (k: number) => (k === 0 ? 0 : poissonPmf(3)(k) / (1 - Math.exp(-3)));
    const r = discreteGofTest(x, noZeros);
    expect(r.pass).toBe(false);
    expect(r.pValue).toBe(0);
  });

  it("refuses bad input", () => {
    expect(() => discreteGofTest(new Float64Array(99), () => 1)).toThrow(
      "discreteGofTest: needs at least 100 samples for a false-failure rate of 0.000001, got 99",
    );
    const x = poissons(mulberry32(12), 200, 3);
    expect(() => discreteGofTest(x, () => 1.5)).toThrow(/discreteGofTest: pmf\(\d+\) must be a number in \[0, 1\], got 1.5/);
    expect(() => discreteGofTest(x, poissonPmf(3), { minExpected: 0 })).toThrow(/minExpected must be a finite number >= 1, got 0/);
    const spread = Float64Array.from({ length: 100 }, (_, i) => i * 1e6);
    expect(() => discreteGofTest(spread, () => 0.01)).toThrow(/span 99000001 integers .* pass options.support/);
  });
});

import { describe, expect, it } from "vitest";
import { Gamma, Weibull, kl } from "latent";
import { EPS32, scalarOf } from "../helpers.js";
import { exponentialExponentialKL, exponentialGammaKL, gammaExponentialKL, weibullGammaKL } from "./gamma-beta-kl-specs.js";
import { klSuite } from "./kl-suite.js";

describe("KL(Exponential ‖ Exponential)", () => {
  klSuite(exponentialExponentialKL);
});
describe("KL(Exponential ‖ Gamma)", () => {
  klSuite(exponentialGammaKL);
});
describe("KL(Gamma ‖ Exponential)", () => {
  klSuite(gammaExponentialKL);
});
describe("KL(Weibull ‖ Gamma)", () => {
  klSuite(weibullGammaKL);

  it("is exactly 0 for Weibull(1, 1) ‖ Gamma(1, 1) and within a few eps32 for Weibull(λ, 1) ‖ Gamma(1, 1/λ)", () => {
    expect(scalarOf(kl(Weibull(1, 1), Gamma(1, 1)))).toBe(0);
    for (const l of [0.01, 0.3, 7, 1e3]) {
      // u = log β + log λ rounds to |u| ≤ eps32·2|log λ| and the KL ≈ u²/2 + (rounding of the other terms):
      // a few eps32·(1 + |log λ|).
      const v = scalarOf(kl(Weibull(l, 1), Gamma(1, Math.fround(1 / l))));
      expect(Math.abs(v)).toBeLessThanOrEqual(8 * EPS32 * (1 + Math.abs(Math.log(l))));
    }
  });
});

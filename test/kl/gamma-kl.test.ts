import { describe, expect, it } from "vitest";
import { Chi2, Exponential, Gamma, GammaDistribution, hasKL, kl, klGammaGamma, tf } from "latent";
import { scalarOf } from "../helpers.js";
import { gammaGammaKL } from "./gamma-beta-kl-specs.js";
import { klSuite } from "./kl-suite.js";

describe("KL(Gamma ‖ Gamma)", () => {
  klSuite(gammaGammaKL);
});
describe("Chi2 inherits the Gamma rules (a Chi2 is a Gamma(ν/2, ½))", () => {
  it("KL(Chi2 ‖ Chi2), KL(Chi2 ‖ Gamma), KL(Exponential ‖ Chi2) use the Gamma rules", () => {
    expect(Chi2(3)).toBeInstanceOf(GammaDistribution);
    expect(hasKL(Chi2(3), Chi2(5))).toBe(true);
    tf.tidy(() => {
      const a = scalarOf(kl(Chi2(3), Chi2(5)));
      const b = scalarOf(klGammaGamma(Gamma(1.5, 0.5), Gamma(2.5, 0.5)));
      expect(a).toBe(b);
      expect(scalarOf(kl(Chi2(4), Chi2(4)))).toBe(0);
      expect(scalarOf(kl(Chi2(2), Exponential(0.5)))).toBe(0); // χ²₂ = Exp(½): the rule gives exactly 0
      expect(Number.isFinite(scalarOf(kl(Exponential(1), Chi2(3))))).toBe(true);
    });
  });
});

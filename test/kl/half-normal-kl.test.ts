import { describe, expect, it } from "vitest";
import { HalfNormal, kl } from "latent";
import { EPS32, scalarOf } from "../helpers.js";
import { klSuite } from "./kl-suite.js";
import { halfNormalKL } from "./kl-specs.js";

describe("KL(HalfNormal ‖ HalfNormal)", () => {
  klSuite(halfNormalKL);
  it("is the Normal KL with equal locations: log(σq/σp) + σp²/(2σq²) − ½", () => {
    const ref = Math.log(2) + 1 / 8 - 0.5;
    expect(Math.abs(scalarOf(kl(HalfNormal(1), HalfNormal(2))) - ref)).toBeLessThanOrEqual(8 * EPS32 * 2);
  });
});

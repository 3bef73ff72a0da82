import { describe, expect, it } from "vitest";
import { InverseGamma, ValidationError, tf } from "latent";
import { scalarOf, valuesOf } from "../helpers.js";
import { continuousSuite } from "./continuous-suite.js";
import { inverseGammaSpec } from "./gamma-family-specs.js";

describe("InverseGamma", () => {
  continuousSuite(inverseGammaSpec);

  it("stays NaN-free at extreme but valid parameters (draws, logProb, moments, entropy, gradients)", () => {
    tf.tidy(() => {
      for (const p of [[0.5, 1], [1e6, 1], [3, 1e-20], [3, 1e20], [1e4, 1e10]] as const) {
        const d = InverseGamma(p[0]!, p[1]!);
        const xs = valuesOf(d.sample([2000], 7));
        expect(xs.some(Number.isNaN)).toBe(false);
        expect(valuesOf(d.logProb(tf.tensor(xs))).some(Number.isNaN)).toBe(false);
        for (const t of [d.mean, d.variance, d.entropy()]) expect(Number.isNaN(scalarOf(t))).toBe(false);
        const g = tf.grads((t0: tf.Tensor, t1: tf.Tensor) => tf.sum(InverseGamma(t0, t1).logProb(InverseGamma(t0, t1).rsample([200], 3))))(p.map((v) => tf.scalar(v)));
        for (const t of g) expect(Number.isNaN(scalarOf(t))).toBe(false);
      }
    });
  });

  it("rejects bad parameters with messages naming the parameter, value and index", () => {
    expect(() => InverseGamma(0, 1)).toThrow(ValidationError);
    expect(() => InverseGamma(0, 1)).toThrow("InverseGamma: 'concentration' must be positive, got 0");
    expect(() => InverseGamma(1, [1, -1])).toThrow("InverseGamma: 'rate' must be positive, got -1 at [1]");
  });
});

import { describe, expect, it } from "vitest";
import { Gamma, ValidationError, tf } from "latent";
import { scalarOf, valuesOf } from "../helpers.js";
import { continuousSuite } from "./continuous-suite.js";
import { gammaSpec } from "./gamma-family-specs.js";

describe("Gamma", () => {
  continuousSuite(gammaSpec);

  it("stays NaN-free at extreme but valid parameters (draws, logProb, moments, entropy, gradients)", () => {
    tf.tidy(() => {
      for (const p of [[1e-3, 1], [1e6, 1], [0.5, 1e-20], [0.5, 1e20], [1e4, 1e10], [0.05, 3]] as const) {
        const d = Gamma(p[0]!, p[1]!);
        const xs = valuesOf(d.sample([2000], 7));
        expect(xs.some(Number.isNaN)).toBe(false);
        expect(valuesOf(d.logProb(tf.tensor(xs))).some(Number.isNaN)).toBe(false);
        for (const t of [d.mean, d.variance, d.entropy()]) expect(Number.isNaN(scalarOf(t))).toBe(false);
        const g = tf.grads((t0: tf.Tensor, t1: tf.Tensor) => tf.sum(Gamma(t0, t1).logProb(Gamma(t0, t1).rsample([200], 3))))(p.map((v) => tf.scalar(v)));
        for (const t of g) expect(Number.isNaN(scalarOf(t))).toBe(false);
      }
    });
  });

  it("rejects bad parameters with messages naming the parameter, value and index", () => {
    expect(() => Gamma(0, 1)).toThrow(ValidationError);
    expect(() => Gamma(0, 1)).toThrow("Gamma: 'concentration' must be positive, got 0");
    expect(() => Gamma(1, [1, -2])).toThrow("Gamma: 'rate' must be positive, got -2 at [1]");
    expect(() => Gamma(Number.NaN, 1)).toThrow("Gamma: 'concentration' must be positive, got NaN");
  });
});

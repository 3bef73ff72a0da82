import { describe, expect, it } from "vitest";
import { Exponential, ValidationError, tf } from "latent";
import { scalarOf, valuesOf } from "../helpers.js";
import { continuousSuite } from "./continuous-suite.js";
import { exponentialSpec } from "./gamma-family-specs.js";

describe("Exponential", () => {
  continuousSuite(exponentialSpec);

  it("stays NaN-free at extreme but valid parameters (draws, logProb, moments, entropy, gradients)", () => {
    tf.tidy(() => {
      for (const p of [[1e-30], [1e30], [1e-3], [1e6]] as const) {
        const d = Exponential(p[0]!);
        const xs = valuesOf(d.sample([2000], 7));
        expect(xs.some(Number.isNaN)).toBe(false);
        expect(valuesOf(d.logProb(tf.tensor(xs))).some(Number.isNaN)).toBe(false);
        for (const t of [d.mean, d.variance, d.entropy()]) expect(Number.isNaN(scalarOf(t))).toBe(false);
        const g = tf.grads((t0: tf.Tensor) => tf.sum(Exponential(t0).logProb(Exponential(t0).rsample([200], 3))))(p.map((v) => tf.scalar(v)));
        for (const t of g) expect(Number.isNaN(scalarOf(t))).toBe(false);
      }
    });
  });

  it("rejects bad parameters with messages naming the parameter, value and index", () => {
    expect(() => Exponential(0)).toThrow(ValidationError);
    expect(() => Exponential(0)).toThrow("Exponential: 'rate' must be positive, got 0");
    expect(() => Exponential([1, 2, -3])).toThrow("Exponential: 'rate' must be positive, got -3 at [2]");
  });
});

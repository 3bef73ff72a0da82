import { describe, expect, it } from "vitest";
import { Beta, ValidationError, tf } from "latent";
import { scalarOf, valuesOf } from "../helpers.js";
import { continuousSuite } from "./continuous-suite.js";
import { betaSpec } from "./gamma-family-specs.js";

describe("Beta", () => {
  continuousSuite(betaSpec);

  it("stays NaN-free at extreme but valid parameters (draws, logProb, moments, entropy, gradients)", () => {
    tf.tidy(() => {
      for (const p of [[1e-3, 1e-3], [1e6, 1e6], [1e-3, 1e5], [1e5, 1e-3], [0.01, 0.01]] as const) {
        const d = Beta(p[0]!, p[1]!);
        const xs = valuesOf(d.sample([2000], 7));
        expect(xs.some(Number.isNaN)).toBe(false);
        expect(valuesOf(d.logProb(tf.tensor(xs))).some(Number.isNaN)).toBe(false);
        for (const t of [d.mean, d.variance, d.entropy()]) expect(Number.isNaN(scalarOf(t))).toBe(false);
        const g = tf.grads((t0: tf.Tensor, t1: tf.Tensor) => tf.sum(Beta(t0, t1).logProb(Beta(t0, t1).rsample([200], 3))))(p.map((v) => tf.scalar(v)));
        for (const t of g) expect(Number.isNaN(scalarOf(t))).toBe(false);
      }
    });
  });

  it("rejects bad parameters with messages naming the parameter, value and index", () => {
    expect(() => Beta(0, 1)).toThrow(ValidationError);
    expect(() => Beta(0, 1)).toThrow("Beta: 'concentration1' must be positive, got 0");
    expect(() => Beta(1, [1, -1])).toThrow("Beta: 'concentration0' must be positive, got -1 at [1]");
  });
});

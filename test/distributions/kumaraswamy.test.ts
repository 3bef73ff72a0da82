import { describe, expect, it } from "vitest";
import { Kumaraswamy, ValidationError, tf } from "latent";
import { scalarOf, valuesOf } from "../helpers.js";
import { continuousSuite } from "./continuous-suite.js";
import { kumaraswamySpec } from "./gamma-family-specs.js";

describe("Kumaraswamy", () => {
  continuousSuite(kumaraswamySpec);

  it("stays NaN-free at extreme but valid parameters (draws, logProb, moments, entropy, gradients)", () => {
    tf.tidy(() => {
      for (const p of [[1e-2, 1e-2], [1e3, 1e3], [0.01, 100], [100, 0.01], [0.05, 0.05]] as const) {
        const d = Kumaraswamy(p[0]!, p[1]!);
        const xs = valuesOf(d.sample([2000], 7));
        expect(xs.some(Number.isNaN)).toBe(false);
        expect(valuesOf(d.logProb(tf.tensor(xs))).some(Number.isNaN)).toBe(false);
        for (const t of [d.mean, d.variance, d.entropy()]) expect(Number.isNaN(scalarOf(t))).toBe(false);
        const g = tf.grads((t0: tf.Tensor, t1: tf.Tensor) => tf.sum(Kumaraswamy(t0, t1).logProb(Kumaraswamy(t0, t1).rsample([200], 3))))(p.map((v) => tf.scalar(v)));
        for (const t of g) expect(Number.isNaN(scalarOf(t))).toBe(false);
      }
    });
  });

  it("rejects bad parameters with messages naming the parameter, value and index", () => {
    expect(() => Kumaraswamy(0, 1)).toThrow(ValidationError);
    expect(() => Kumaraswamy(0, 1)).toThrow("Kumaraswamy: 'concentration1' must be positive, got 0");
    expect(() => Kumaraswamy(1, [1, -1])).toThrow("Kumaraswamy: 'concentration0' must be positive, got -1 at [1]");
  });
});

import { describe, expect, it } from "vitest";
import { Weibull, ValidationError, tf } from "latent";
import { scalarOf, valuesOf } from "../helpers.js";
import { continuousSuite } from "./continuous-suite.js";
import { weibullSpec } from "./gamma-family-specs.js";

describe("Weibull", () => {
  continuousSuite(weibullSpec);

  it("stays NaN-free at extreme but valid parameters (draws, logProb, moments, entropy, gradients)", () => {
    tf.tidy(() => {
      for (const p of [[1, 0.2], [1, 1e3], [1e-20, 2], [1e20, 2], [1, 0.05]] as const) {
        const d = Weibull(p[0]!, p[1]!);
        const xs = valuesOf(d.sample([2000], 7));
        expect(xs.some(Number.isNaN)).toBe(false);
        expect(valuesOf(d.logProb(tf.tensor(xs))).some(Number.isNaN)).toBe(false);
        for (const t of [d.mean, d.variance, d.entropy()]) expect(Number.isNaN(scalarOf(t))).toBe(false);
        const g = tf.grads((t0: tf.Tensor, t1: tf.Tensor) => tf.sum(Weibull(t0, t1).logProb(Weibull(t0, t1).rsample([200], 3))))(p.map((v) => tf.scalar(v)));
        for (const t of g) expect(Number.isNaN(scalarOf(t))).toBe(false);
      }
    });
  });

  it("rejects bad parameters with messages naming the parameter, value and index", () => {
    expect(() => Weibull(0, 1)).toThrow(ValidationError);
    expect(() => Weibull(0, 1)).toThrow("Weibull: 'scale' must be positive, got 0");
    expect(() => Weibull(1, [2, -1])).toThrow("Weibull: 'concentration' must be positive, got -1 at [1]");
  });
});

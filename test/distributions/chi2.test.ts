import { describe, expect, it } from "vitest";
import { Chi2, ValidationError, tf } from "latent";
import { scalarOf, valuesOf } from "../helpers.js";
import { continuousSuite } from "./continuous-suite.js";
import { chi2Spec } from "./gamma-family-specs.js";

describe("Chi2", () => {
  continuousSuite(chi2Spec);

  it("stays NaN-free at extreme but valid parameters (draws, logProb, moments, entropy, gradients)", () => {
    tf.tidy(() => {
      for (const p of [[1e-3], [2e6], [0.1], [1]] as const) {
        const d = Chi2(p[0]!);
        const xs = valuesOf(d.sample([2000], 7));
        expect(xs.some(Number.isNaN)).toBe(false);
        expect(valuesOf(d.logProb(tf.tensor(xs))).some(Number.isNaN)).toBe(false);
        for (const t of [d.mean, d.variance, d.entropy()]) expect(Number.isNaN(scalarOf(t))).toBe(false);
        const g = tf.grads((t0: tf.Tensor) => tf.sum(Chi2(t0).logProb(Chi2(t0).rsample([200], 3))))(p.map((v) => tf.scalar(v)));
        for (const t of g) expect(Number.isNaN(scalarOf(t))).toBe(false);
      }
    });
  });

  it("rejects bad parameters with messages naming the parameter, value and index", () => {
    expect(() => Chi2(-1)).toThrow(ValidationError);
    expect(() => Chi2(-1)).toThrow("Chi2: 'df' must be positive, got -1");
    expect(() => Chi2([1, 0])).toThrow("Chi2: 'df' must be positive, got 0 at [1]");
  });
});

import { describe, expect, it } from "vitest";
import { Gumbel, ValidationError, tf } from "latent";
import { scalarOf, valuesOf } from "../helpers.js";
import { continuousSuite } from "./continuous-suite.js";
import { gumbelSpec } from "./continuous-specs.js";

describe("Gumbel", () => {
  continuousSuite(gumbelSpec);

  it("stays NaN-free at extreme but valid parameters and values", () => {
    tf.tidy(() => {
      // z = −200: e^{200} overflows float32, and the true log-density (≈ −7e86) is −∞ in float32.
      expect(scalarOf(Gumbel(0, 1).logProb(tf.scalar(-200)))).toBe(-Infinity);
      expect(scalarOf(Gumbel(0, 1).logProb(tf.scalar(1e30)))).toBe(Math.fround(-1e30));
      for (const [mu, b] of [[0, 1e-30], [1e30, 1], [0, 1e30], [-1e30, 1e-10]] as const) {
        const d = Gumbel(mu, b);
        const xs = valuesOf(d.sample([2000], 7));
        expect(xs.every(Number.isFinite)).toBe(true);
        expect(valuesOf(d.logProb(tf.tensor(xs))).every((v) => !Number.isNaN(v))).toBe(true);
        for (const t of [d.mean, d.variance, d.entropy()]) expect(Number.isNaN(scalarOf(t))).toBe(false);
      }
    });
  });

  it("rejects a non-positive scale and a non-finite loc with messages naming the parameter, value and index", () => {
    expect(() => Gumbel(0, -1)).toThrow(ValidationError);
    expect(() => Gumbel(0, [1, 2, -1])).toThrow("Gumbel: 'scale' must be positive, got -1 at [2]");
    expect(() => Gumbel(Number.NaN, 1)).toThrow("Gumbel: 'loc' must be a finite real number, got NaN");
  });
});

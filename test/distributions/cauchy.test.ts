import { describe, expect, it } from "vitest";
import { Cauchy, ValidationError, tf } from "latent";
import { EPS32, scalarOf, valuesOf } from "../helpers.js";
import { continuousSuite } from "./continuous-suite.js";
import { cauchySpec } from "./continuous-specs.js";

describe("Cauchy", () => {
  continuousSuite(cauchySpec);

  it("logProb is accurate for |z| up to 1e30 (log(1 + z²) without overflow) and has the right gradient there", () => {
    tf.tidy(() => {
      for (const z of [1e10, 1e19, 1e25, 1e30, -1e30]) {
        const x = Math.fround(z);
        const ref = -Math.log(Math.PI) - 2 * Math.log(Math.abs(x)); // log1p(z²) = 2 log|z| + O(z⁻²)
        const lp = scalarOf(Cauchy(0, 1).logProb(tf.scalar(x)));
        expect(Math.abs(lp - ref)).toBeLessThanOrEqual(8 * EPS32 * Math.abs(ref));
        // d/dx = −2z/(1 + z²) ≈ −2/z: relative, not 0/0 or NaN.
        const g = scalarOf(tf.grad((v: tf.Tensor) => Cauchy(0, 1).logProb(v))(tf.scalar(x)));
        expect(Math.abs(g + 2 / x)).toBeLessThanOrEqual(8 * EPS32 * Math.abs(2 / x));
      }
    });
  });

  it("has NaN mean and infinite variance, and stays NaN-free in logProb and samples at extreme parameters", () => {
    tf.tidy(() => {
      expect(valuesOf(Cauchy([0, 1], 1).mean).every(Number.isNaN)).toBe(true);
      expect(valuesOf(Cauchy([0, 1], 1).variance)).toEqual([Infinity, Infinity]);
      for (const [mu, g] of [[0, 1e-30], [1e30, 1], [0, 1e25], [-1e30, 1e-10]] as const) {
        const d = Cauchy(mu, g);
        const xs = valuesOf(d.sample([2000], 7));
        expect(xs.every(Number.isFinite)).toBe(true);
        expect(valuesOf(d.logProb(tf.tensor(xs))).every((v) => !Number.isNaN(v))).toBe(true);
        expect(Number.isFinite(scalarOf(d.entropy()))).toBe(true);
      }
    });
  });

  it("rejects bad parameters with messages naming the parameter, value and index", () => {
    expect(() => Cauchy(0, 0)).toThrow(ValidationError);
    expect(() => Cauchy(0, [[1], [-1]])).toThrow("Cauchy: 'scale' must be positive, got -1 at [1,0]");
    expect(() => Cauchy(Number.NaN, 1)).toThrow("Cauchy: 'loc' must be a finite real number, got NaN");
  });
});

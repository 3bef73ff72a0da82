import { describe, expect, it } from "vitest";
import { Logistic, ValidationError, tf } from "latent";
import { EPS32, scalarOf, valuesOf } from "../helpers.js";
import { continuousSuite } from "./continuous-suite.js";
import { logisticSpec } from "./continuous-specs.js";

describe("Logistic", () => {
  continuousSuite(logisticSpec);

  it("logProb is exact in both tails (−|z| − log s up to e^{−|z|}) and NaN-free at extreme parameters", () => {
    tf.tidy(() => {
      // z = ±1e4: log p = −|z| − 2 log1p(e^{−|z|}) − log s = −1e4 exactly in float32.
      expect(valuesOf(Logistic(0, 1).logProb(tf.tensor([-1e4, 1e4])))).toEqual([-1e4, -1e4]);
      // z = ±30: −30 − 2e^{−30}, relative error ≤ 4·eps32.
      for (const v of valuesOf(Logistic(0, 1).logProb(tf.tensor([-30, 30])))) {
        expect(Math.abs(v + 30 + 2 * Math.exp(-30))).toBeLessThanOrEqual(4 * EPS32 * 30);
      }
      for (const [mu, s] of [[0, 1e-30], [1e30, 1], [0, 1e30], [-1e30, 1e-10]] as const) {
        const d = Logistic(mu, s);
        const xs = valuesOf(d.sample([2000], 7));
        expect(xs.every(Number.isFinite)).toBe(true);
        expect(valuesOf(d.logProb(tf.tensor(xs))).every((v) => !Number.isNaN(v))).toBe(true);
        for (const t of [d.mean, d.variance, d.entropy()]) expect(Number.isNaN(scalarOf(t))).toBe(false);
      }
    });
  });

  it("rejects bad parameters with messages naming the parameter, value and index", () => {
    expect(() => Logistic(0, 0)).toThrow(ValidationError);
    expect(() => Logistic(0, [1, 0])).toThrow("Logistic: 'scale' must be positive, got 0 at [1]");
    expect(() => Logistic(Infinity, 1)).toThrow("Logistic: 'loc' must be a finite real number, got Infinity");
  });
});

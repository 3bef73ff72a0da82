import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HalfCauchy, ValidationError, tf } from "latent";
import { EPS32, FC, f32, logUniform, scalarOf, valuesOf } from "../helpers.js";
import { continuousSuite } from "./continuous-suite.js";
import { halfCauchySpec } from "./continuous-specs.js";

describe("HalfCauchy", () => {
  continuousSuite(halfCauchySpec);

  it("logProb is −∞ below 0 with zero (not NaN) gradients, finite at 0, and accurate for huge x", () => {
    fc.assert(
      fc.property(logUniform(0.05, 20), f32(-1e3, -1e-3), (s, x) => {
        const [lp, gS, gX] = tf.tidy(() => {
          const f = (sc: tf.Tensor, v: tf.Tensor) => HalfCauchy(sc).logProb(v);
          const g = tf.grads(f)([tf.scalar(s), tf.scalar(x)]).map((t) => t.dataSync()[0]!);
          return [HalfCauchy(s).logProb(tf.scalar(x)).dataSync()[0]!, ...g];
        });
        expect(lp).toBe(-Infinity);
        expect(gS).toBe(0);
        expect(gX).toBe(0);
      }),
      FC,
    );
    tf.tidy(() => {
      expect(Math.abs(scalarOf(HalfCauchy(2).logProb(tf.scalar(0))) - Math.log(1 / Math.PI))).toBeLessThanOrEqual(4 * EPS32);
      // x = 1e30, σ = 1: log(2/π) − 2 log x (log1p(x²) would overflow naively).
      const ref = Math.log(2 / Math.PI) - 2 * Math.log(Math.fround(1e30));
      expect(Math.abs(scalarOf(HalfCauchy(1).logProb(tf.scalar(1e30))) - ref)).toBeLessThanOrEqual(8 * EPS32 * Math.abs(ref));
    });
  });

  it("has infinite mean and variance; samples are finite and ≥ 0 at extreme scales", () => {
    tf.tidy(() => {
      expect(valuesOf(HalfCauchy([1, 2]).mean)).toEqual([Infinity, Infinity]);
      expect(valuesOf(HalfCauchy([1, 2]).variance)).toEqual([Infinity, Infinity]);
      for (const s of [1e-30, 1e-10, 1e25]) {
        const d = HalfCauchy(s);
        const xs = valuesOf(d.sample([2000], 7));
        expect(xs.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
        expect(valuesOf(d.logProb(tf.tensor(xs))).every(Number.isFinite)).toBe(true);
      }
    });
  });

  it("rejects a non-positive scale with a message naming the parameter, value and index", () => {
    expect(() => HalfCauchy(-1)).toThrow(ValidationError);
    expect(() => HalfCauchy([1, 0])).toThrow("HalfCauchy: 'scale' must be positive, got 0 at [1]");
  });
});

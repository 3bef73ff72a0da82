import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HalfNormal, ValidationError, tf } from "latent";
import { EPS32, FC, f32, logUniform, scalarOf, valuesOf } from "../helpers.js";
import { continuousSuite } from "./continuous-suite.js";
import { halfNormalSpec } from "./continuous-specs.js";

describe("HalfNormal", () => {
  continuousSuite(halfNormalSpec);

  it("logProb is −∞ below 0 with zero (not NaN) gradients, and log √(2/π)/σ at 0", () => {
    fc.assert(
      fc.property(logUniform(0.05, 20), f32(-1e3, -1e-3), (s, x) => {
        const [lp, gS, gX] = tf.tidy(() => {
          const f = (sc: tf.Tensor, v: tf.Tensor) => HalfNormal(sc).logProb(v);
          const g = tf.grads(f)([tf.scalar(s), tf.scalar(x)]).map((t) => t.dataSync()[0]!);
          return [HalfNormal(s).logProb(tf.scalar(x)).dataSync()[0]!, ...g];
        });
        expect(lp).toBe(-Infinity);
        expect(gS).toBe(0);
        expect(gX).toBe(0);
        const at0 = scalarOf(HalfNormal(s).logProb(tf.scalar(0)));
        const ref = 0.5 * Math.log(2 / Math.PI) - Math.log(s);
        expect(Math.abs(at0 - ref)).toBeLessThanOrEqual(4 * EPS32 * (Math.abs(Math.log(s)) + 1));
      }),
      FC,
    );
  });

  it("stays NaN-free at extreme but valid scales", () => {
    tf.tidy(() => {
      for (const s of [1e-30, 1e-10, 1e30]) {
        const d = HalfNormal(s);
        const xs = valuesOf(d.sample([2000], 7));
        expect(xs.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
        expect(valuesOf(d.logProb(tf.tensor(xs))).every(Number.isFinite)).toBe(true);
        for (const t of [d.mean, d.entropy()]) expect(Number.isFinite(scalarOf(t))).toBe(true);
      }
    });
  });

  it("rejects a non-positive scale with a message naming the parameter, value and index", () => {
    expect(() => HalfNormal(0)).toThrow(ValidationError);
    expect(() => HalfNormal([[1, 1, -3]])).toThrow("HalfNormal: 'scale' must be positive, got -3 at [0,2]");
  });
});

import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LogNormal, ValidationError, tf } from "latent";
import { EPS32, FC, f32, logUniform, scalarOf, valuesOf } from "../helpers.js";
import { continuousSuite } from "./continuous-suite.js";
import { logNormalSpec } from "./continuous-specs.js";

describe("LogNormal", () => {
  continuousSuite(logNormalSpec);

  it("logProb is −∞ at x ≤ 0 (and x = +∞) with zero, not NaN, gradients", () => {
    fc.assert(
      fc.property(f32(-5, 5), logUniform(0.05, 5), fc.constantFrom(0, -1e-30, -1, -1e30), (mu, s, x) => {
        const [lp, ...g] = tf.tidy(() => {
          const f = (m: tf.Tensor, sc: tf.Tensor, v: tf.Tensor) => LogNormal(m, sc).logProb(v);
          const grads = tf.grads(f)([tf.scalar(mu), tf.scalar(s), tf.scalar(x)]).map((t) => t.dataSync()[0]!);
          return [LogNormal(mu, s).logProb(tf.scalar(x)).dataSync()[0]!, ...grads];
        });
        expect(lp).toBe(-Infinity);
        expect(g.map(Math.abs)).toEqual([0, 0, 0]); // ±0
      }),
      FC,
    );
    expect(scalarOf(LogNormal(0, 1).logProb(tf.scalar(Infinity)))).toBe(-Infinity);
  });

  it("variance is neither NaN nor overflowed where the true value is finite (e^{2μ+2σ²}(1 − e^{−σ²}) form)", () => {
    tf.tidy(() => {
      // μ = −100, σ = 10: (e^{σ²} − 1)·e^{2μ+σ²} would be ∞·(≈ 3.7e−44) in float32; the truth is 1 − e^{−100}.
      const v = scalarOf(LogNormal(-100, 10).variance);
      expect(Math.abs(v - 1)).toBeLessThanOrEqual(8 * EPS32 * (200 + 200 + 3));
      // small σ: no cancellation in e^{σ²} − 1.
      const s = 1e-4;
      const small = scalarOf(LogNormal(0, s).variance);
      const ref = Math.expm1(s * s) * Math.exp(s * s);
      expect(Math.abs(small - ref)).toBeLessThanOrEqual(8 * EPS32 * ref);
      for (const [mu, sc] of [[0, 1e-30], [80, 1], [-80, 1], [0, 1e-10]] as const) {
        const d = LogNormal(mu, sc);
        const xs = valuesOf(d.sample([2000], 7));
        expect(xs.every((x) => Number.isFinite(x) && x > 0)).toBe(true);
        expect(valuesOf(d.logProb(tf.tensor(xs))).every(Number.isFinite)).toBe(true);
        for (const t of [d.mean, d.variance, d.entropy()]) expect(Number.isNaN(scalarOf(t))).toBe(false);
      }
    });
  });

  it("rejects bad parameters with messages naming the parameter, value and index", () => {
    expect(() => LogNormal(0, -1)).toThrow(ValidationError);
    expect(() => LogNormal(0, [0.5, -1])).toThrow("LogNormal: 'scale' must be positive, got -1 at [1]");
    expect(() => LogNormal(Number.NaN, 1)).toThrow("LogNormal: 'loc' must be a finite real number, got NaN");
  });
});

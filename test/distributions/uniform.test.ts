import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Uniform, ValidationError, biject, tf } from "latent";
import { EPS32, FC, f32, logUniform, scalarOf, valuesOf } from "../helpers.js";
import { continuousSuite } from "./continuous-suite.js";
import { uniformSpec } from "./continuous-specs.js";

describe("Uniform", () => {
  continuousSuite(uniformSpec);

  it("logProb is −∞ outside [low, high] with zero, not NaN, gradients; the bounds themselves are inside", () => {
    fc.assert(
      fc.property(f32(-10, 10), logUniform(0.05, 20), logUniform(1e-3, 10), fc.boolean(), (a, w, gap, above) => {
        const b = Math.fround(a + w);
        const x = Math.fround(above ? b + gap : a - gap);
        const [lp, ...g] = tf.tidy(() => {
          const f = (lo: tf.Tensor, hi: tf.Tensor, v: tf.Tensor) => Uniform(lo, hi).logProb(v);
          const grads = tf.grads(f)([tf.scalar(a), tf.scalar(b), tf.scalar(x)]).map((t) => t.dataSync()[0]!);
          return [Uniform(a, b).logProb(tf.scalar(x)).dataSync()[0]!, ...grads];
        });
        expect(lp).toBe(-Infinity);
        expect(g.map(Math.abs)).toEqual([0, 0, 0]); // ±0
        const atBounds = valuesOf(Uniform(a, b).logProb(tf.tensor([a, b])));
        for (const v of atBounds) expect(Math.abs(v + Math.log(b - a))).toBeLessThanOrEqual(4 * EPS32 * (Math.abs(Math.log(b - a)) + 1));
      }),
      FC,
    );
  });

  it("draws stay inside [low, high] even for intervals a few ulps wide far from 0", () => {
    tf.tidy(() => {
      // ulp(1e6) = 0.0625: [1e6, 1e6 + 0.25] holds five float32 values; low + (high − low)·u would round past high.
      for (const [a, b] of [[1e6, 1e6 + 0.25], [-1e6 - 0.25, -1e6], [1, 1 + 2 ** -20], [-3e38, 3e38]] as const) {
        const d = Uniform(a, b);
        const xs = valuesOf(d.sample([5000], 11));
        expect(xs.every((x) => x >= Math.fround(a) && x <= Math.fround(b))).toBe(true);
        expect(valuesOf(d.logProb(tf.tensor(xs))).every(Number.isFinite)).toBe(true);
      }
      // The width of [−3e38, 3e38] (6e38) overflows float32, its half does not: entropy log(6e38) is finite.
      const h = scalarOf(Uniform(-3e38, 3e38).entropy());
      const ref = Math.log(Math.fround(3e38) * 2);
      expect(Math.abs(h - ref)).toBeLessThanOrEqual(4 * EPS32 * ref);
      expect(scalarOf(Uniform(-3e38, 3e38).mean)).toBe(0);
    });
  });

  it("rsample's gradients are 1 − u and u, also summed over broadcast batch dimensions", () => {
    const [gLow, gHigh, xs] = tf.tidy(() => {
      const f = (lo: tf.Tensor, hi: tf.Tensor) => tf.sum(Uniform(lo, hi).rsample([4], 5));
      const g = tf.grads(f)([tf.scalar(2), tf.tensor([3, 6])]);
      return [g[0]!.dataSync()[0]!, Array.from(g[1]!.dataSync()), valuesOf(Uniform(2, [3, 6]).rsample([4], 5))];
    });
    // Σ over the 8 draws of (1 − u) and, per column, Σ u, with u = (x − 2)/(high − 2).
    const u = xs.map((x, i) => (x - 2) / (i % 2 === 0 ? 1 : 4));
    expect(Math.abs(gLow! - u.reduce((s, v) => s + (1 - v), 0))).toBeLessThanOrEqual(1e-5);
    expect(Math.abs(gHigh![0]! - u.filter((_, i) => i % 2 === 0).reduce((s, v) => s + v, 0))).toBeLessThanOrEqual(1e-5);
    expect(Math.abs(gHigh![1]! - u.filter((_, i) => i % 2 === 1).reduce((s, v) => s + v, 0))).toBeLessThanOrEqual(1e-5);
  });

  it("has an interval support per instance: its check uses the bounds, biject maps onto scalar bounds", () => {
    tf.tidy(() => {
      const d = Uniform(-1, 3);
      expect(d.support.tag).toBe("interval");
      expect(valuesOf(tf.cast(d.support.check(tf.tensor([-1, 0, 3, 3.5, -2])), "float32"))).toEqual([1, 1, 1, 0, 0]);
      expect(d.support.description).toBe("in [-1, 3]");
      const t = biject(d.support);
      const y = valuesOf(t.forward(tf.tensor([-20, 0, 20])));
      expect(y.every((v) => v >= -1 && v <= 3)).toBe(true);
      expect(y[1]).toBe(1); // sigmoid(0) = ½ of the way
      const batched = Uniform([0, 10], [1, 20]);
      expect(batched.support.tag).toBe("interval");
      expect(valuesOf(tf.cast(batched.support.check(tf.tensor([[0.5, 15], [5, 5]])), "float32"))).toEqual([1, 1, 0, 0]);
      expect(() => biject(batched.support)).toThrow("biject: no transform");
    });
  });

  it("rejects low ≥ high and non-finite bounds with messages naming the parameters, values and index", () => {
    expect(() => Uniform(1, 1)).toThrow(ValidationError);
    expect(() => Uniform(1, 1)).toThrow("Uniform: 'low' must be less than 'high', got low = 1, high = 1");
    expect(() => Uniform([0, 0, 5], 2)).toThrow("Uniform: 'low' must be less than 'high', got low = 5, high = 2 at [2]");
    expect(() => Uniform(0, Infinity)).toThrow("Uniform: 'high' must be a finite real number, got Infinity");
  });
});

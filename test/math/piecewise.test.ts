import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tf } from "latent";
import { bd0 } from "../../src/math/count-pmf.js";
import { branchMask, detached, log1pDiff, log1pRatio } from "../../src/math/piecewise.js";
import { EPS32, logUniform, scalarOf, valuesOf } from "../helpers.js";
import { cases, everyCase, within } from "../distributions/discrete-helpers.js";

// float64 g(t) = log1p(t)/t and g′(t) = (t/(1 + t) − log1p(t))/t², the latter from its series for |t| < 1e−3
const g64 = (t: number) => (t === 0 ? 1 : Math.log1p(t) / t);
const dg64 = (t: number) => {
  if (Math.abs(t) < 1e-3) return -0.5 + (2 * t) / 3 - (3 * t * t) / 4 + (4 * t ** 3) / 5;
  return (t / (1 + t) - Math.log1p(t)) / (t * t);
};
const tArb = fc.oneof(logUniform(1e-12, 1e6), logUniform(1e-12, 0.999).map((v) => -v), fc.constant(0));

describe("piecewise helpers", () => {
  it("log1pRatio(t) = log1p(t)/t and its gradient to a few ulps, also at t = 0 and near −1", () => {
    const ts = cases(tArb, 300);
    const [v, g] = tf.tidy(() => {
      const t = tf.tensor(ts);
      return [log1pRatio(t).dataSync(), tf.grad((x: tf.Tensor) => tf.sum(log1pRatio(x)))(t).dataSync()];
    });
    // Kahan's log(u)/(u − 1): ≤ 4 eps relative (Goldberg 1991, Thm 4); gradient: series below |t| = 0.1, closed form
    // (1/(1 + t) − g)/t above, which cancels by ≤ 20× at |t| = 0.1: 32 eps relative to |g′| + 1/(|t|(1 + t)).
    everyCase(ts, (t, i) =>
      within("g", v[i]!, g64(t), 4 * EPS32 * g64(t)) ??
      within("g′", g[i]!, dg64(t), 32 * EPS32 * (Math.abs(dg64(t)) + (Math.abs(t) >= 0.1 ? 1 / (Math.abs(t) * (1 + t)) : 0))),
    );
  });

  it("log1pDiff is accurate for tiny x with gradient 1/(1 + x)", () => {
    const [v, g] = tf.tidy(() => {
      const x = tf.tensor([1e-10, -1e-7, 0.5, -0.5]);
      return [valuesOf(log1pDiff(x)), valuesOf(tf.grad((t: tf.Tensor) => tf.sum(log1pDiff(t)))(x))];
    });
    [1e-10, -1e-7, 0.5, -0.5].forEach((x, i) => {
      const xf = Math.fround(x);
      expect(Math.abs(v[i]! - Math.log1p(xf))).toBeLessThanOrEqual(2 * EPS32 * Math.abs(Math.log1p(xf)));
      expect(Math.abs(g[i]! - 1 / (1 + xf))).toBeLessThanOrEqual(2 * EPS32 / (1 + xf));
    });
  });

  it("branchMask and detached are constants for autodiff (no 'gradient function not found')", () => {
    const g = tf.tidy(() =>
      valuesOf(
        tf.grad((x: tf.Tensor) => {
          const small = branchMask(x, (v) => tf.less(v, 1));
          const c = detached(() => tf.cast(tf.greater(x, 0), "float32"));
          return tf.sum(tf.add(tf.where(small, tf.square(tf.where(small, x, tf.zerosLike(x))), tf.log(tf.where(small, tf.onesLike(x), x))), c));
        })(tf.tensor([0.5, 2, 0])),
      ),
    );
    expect(g).toEqual([1, 0.5, 0]);
  });

  it("bd0(x, M) = x log(x/M) + M − x is ≥ 0, exactly 0 at x = M, and accurate relative to its size", () => {
    const cs = cases(fc.record({ m: logUniform(1e-6, 1e7), r: fc.oneof(logUniform(1e-3, 1e3), logUniform(0.999, 1.001), fc.constant(0)) }), 300);
    const xs = cs.map((c) => Math.fround(c.m * c.r));
    const [d, self] = tf.tidy(() => {
      const m = tf.tensor(cs.map((c) => c.m));
      return [bd0(tf.tensor(xs), m).dataSync(), bd0(m, m).dataSync()];
    });
    everyCase(cs, ({ m }, i) => {
      const x = xs[i]!;
      // float64: x log1p((x − M)/M) − (x − M), with no loss in the log
      const ref = x === 0 ? m : x * Math.log1p((x - m) / m) - (x - m);
      const v = (x - m) / (x + m);
      // series (|v| < 1/3): same-signed terms, a few eps relative; direct form: cancels by ≤ 6×
      const size = ref + (Math.abs(v) >= 1 / 3 ? x * Math.abs(Math.log(x / m) || 0) + x + m : 0);
      if (self[i] !== 0) return `bd0(M, M) = ${self[i]}`;
      if (!(d[i]! >= 0)) return `negative: ${d[i]}`;
      return within("bd0", d[i]!, ref, 16 * EPS32 * size);
    });
    expect(scalarOf(bd0(tf.scalar(0), tf.scalar(0)))).toBe(0);
    expect(scalarOf(bd0(tf.scalar(2), tf.scalar(0)))).toBe(Infinity);
  });
});

import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Normal,
  ShapeError,
  type Transform,
  Transformed,
  TransformedDistribution,
  affineTransform,
  expTransform,
  lowerCholesky,
  lowerCholeskyTransform,
  positive,
  simplex,
  stickBreakingTransform,
  tf,
} from "latent";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, centralDiff, f32, logUniform, scalarOf, valuesOf } from "../helpers.js";

const LOG_2PI = Math.log(2 * Math.PI);
const normal64 = (x: number, mu: number, s: number) => -0.5 * ((x - mu) / s) ** 2 - Math.log(s) - 0.5 * LOG_2PI;
// float64 LogNormal log-density: log N(log y; μ, σ²) − log y
const logNormal64 = (y: number, mu: number, s: number) => normal64(Math.log(y), mu, s) - Math.log(y);

const softplus64 = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
/** float64 inverse stick-breaking and the log |J| of the forward map at that preimage. */
function stickInverse64(y: number[]): { x: number[]; logDet: number } {
  const m = y.length - 1;
  const x: number[] = [];
  let logDet = 0;
  let rest = 0; // Σ_{j<k} log σ(−u_j)
  for (let k = 0; k < m; k++) {
    const tail = y.slice(k + 1).reduce((a, v) => a + v, 0);
    const u = Math.log(y[k]!) - Math.log(tail);
    x.push(u + Math.log(m - k));
    logDet += -softplus64(-u) - softplus64(u) + rest;
    rest += -softplus64(u);
  }
  return { x, logDet };
}

const lnParams = fc.record({ mu: f32(-3, 3), s: logUniform(0.1, 3), u: f32(-5, 5) });

describe("TransformedDistribution", () => {
  it("exp of a Normal is the LogNormal: logProb equals the float64 formula", () => {
    fc.assert(
      fc.property(lnParams, ({ mu, s, u }) => {
        const y = Math.fround(Math.exp(mu + s * u));
        const lp = scalarOf(Transformed(Normal(mu, s), expTransform).logProb(tf.scalar(y)));
        const ref = logNormal64(y, mu, s);
        // the Normal's budget 16·eps32·(z² + |log σ| + 1) with z from the float32 log y (one
        // rounding of log y: eps32·|log y| abs, moving z by that/σ), plus the − log y term:
        const z = (Math.log(y) - mu) / s;
        const tol = 16 * EPS32 * (z * z + Math.abs(Math.log(s)) + 1 + Math.abs(Math.log(y)) * (1 + Math.abs(z) / s));
        expect(Math.abs(lp - ref)).toBeLessThanOrEqual(tol);
      }),
      FC,
    );
  });

  it("logProb gradients (loc, scale, value) equal central differences of the float64 formula", () => {
    fc.assert(
      fc.property(lnParams, ({ mu, s, u }) => {
        const y = Math.fround(Math.exp(mu + s * u));
        const [gMu, gS, gY] = tf.tidy(() =>
          tf
            .grads((m: tf.Tensor, sc: tf.Tensor, v: tf.Tensor) => Transformed(Normal(m, sc), expTransform).logProb(v))([tf.scalar(mu), tf.scalar(s), tf.scalar(y)])
            .map((g) => g.dataSync()[0]!),
        );
        const z = (Math.log(y) - mu) / s;
        // as for Normal (normal.test.ts): float32 error ≤ 16·eps32·(z² + |z| + 1)/σ per unit of
        // gradient, FD error ≤ 1e-7·(1 + |z|/σ); d/dy carries an extra 1/y, and log y's rounding
        // moves z by eps32·|log y|/σ.
        const tol = (16 * EPS32 * (z * z + Math.abs(z) + 1 + Math.abs(Math.log(y)) / s)) / s + 1e-7 * (1 + Math.abs(z) / s);
        expect(Math.abs(gMu! - centralDiff((m) => logNormal64(y, m, s), mu))).toBeLessThanOrEqual(tol);
        expect(Math.abs(gS! - centralDiff((sc) => logNormal64(y, mu, sc), s))).toBeLessThanOrEqual(tol * (1 + z * z));
        // d/dy by differences in t = log y (a step relative to y; y may be as small as e⁻¹⁸)
        const dY = centralDiff((t) => logNormal64(Math.exp(t), mu, s), Math.log(y)) / y;
        expect(Math.abs(gY! - dY)).toBeLessThanOrEqual((tol * (1 + s)) / y);
      }),
      FC,
    );
  });

  it("stick-breaking of a Normal vector: log p(y) = Σ log N(T⁻¹ y) − log|J| (float64 at the exact preimage)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((m) =>
          fc.record({
            mu: fc.array(f32(-2, 2), { minLength: m, maxLength: m }),
            s: fc.array(logUniform(0.5, 2), { minLength: m, maxLength: m }),
            u: fc.array(f32(-3, 3), { minLength: m, maxLength: m }),
          }),
        ),
        ({ mu, s, u }) => {
          const m = mu.length;
          const d = Transformed(Normal(mu, s).toEvent(1), stickBreakingTransform);
          expect(d.eventShape).toEqual([m + 1]);
          const y = tf.tidy(() => valuesOf(stickBreakingTransform.forward(tf.tensor(mu.map((v, i) => v + s[i]! * u[i]!)))));
          const lp = scalarOf(d.logProb(tf.tensor(y)));
          const { x, logDet } = stickInverse64(y);
          const ref = x.reduce((a, v, i) => a + normal64(v, mu[i]!, s[i]!), 0) - logDet;
          // The float32 inverse lands within 32·eps32·(S + m) of the exact preimage (S = Σ|x| + m,
          // the round-trip budget of the transform tests), which moves log p by |∂ log p/∂x| ≤
          // Σ|zᵢ|/σᵢ + 2m per unit; the sums of ≤ 4m terms add 16·eps32·Σ|terms|.
          const size = x.reduce((a, v) => a + Math.abs(v) + 1, 0);
          const slope = x.reduce((a, v, i) => a + Math.abs(v - mu[i]!) / s[i]! ** 2, 0) + 2 * m;
          const terms = x.reduce((a, v, i) => a + Math.abs(normal64(v, mu[i]!, s[i]!)), 0) + 4 * size;
          expect(Math.abs(lp - ref)).toBeLessThanOrEqual(32 * EPS32 * (size + m) * slope + 16 * EPS32 * terms);
        },
      ),
      FC,
    );
  });

  it("event shapes: vector transforms absorb batch dimensions; expand keeps them", () => {
    tf.tidy(() => {
      const a = Transformed(Normal(tf.zeros([5, 3]), 1), stickBreakingTransform);
      expect([a.batchShape, a.eventShape]).toEqual([[5], [4]]);
      expect(a.sample([2], 1).shape).toEqual([2, 5, 4]);
      expect(a.logProb(a.sample([2], 1)).shape).toEqual([2, 5]);
      expect(a.expand([7, 5]).sample([], 1).shape).toEqual([7, 5, 4]);
      const b = Transformed(Normal(tf.zeros([2, 6]), 1).toEvent(1), lowerCholeskyTransform);
      expect([b.batchShape, b.eventShape]).toEqual([[2], [3, 3]]);
      expect(b.support).toBe(lowerCholesky);
      const x = b.sample([4], 2);
      expect(x.shape).toEqual([4, 2, 3, 3]);
      expect(valuesOf(lowerCholesky.check(x)).every((v) => v === 1)).toBe(true);
      expect(valuesOf(b.logProb(x)).every(Number.isFinite)).toBe(true);
      // an elementwise transform keeps the base's event dimensions: exp of an MVN-like vector
      const c = Transformed(Normal(tf.zeros([3]), 1).toEvent(1), [affineTransform(1, 2), expTransform]);
      expect([c.batchShape, c.eventShape]).toEqual([[], [3]]);
      expect(c.logProb(c.sample([6], 3)).shape).toEqual([6]);
      expect(c.support).toBe(positive);
    });
    expect(() => Transformed(Normal(0, 1), stickBreakingTransform)).toThrow(ShapeError);
    expect(() => Transformed(Normal(0, 1), stickBreakingTransform)).toThrow("acts on 1-dimensional events");
  });

  it("samples lie in the support (the last transform's codomain) with finite logProb", () => {
    const d = Transformed(Normal(tf.zeros([3]), 2).toEvent(1), stickBreakingTransform);
    expect(d.support).toBe(simplex);
    tf.tidy(() => {
      const y = d.sample([1000], 5);
      expect(valuesOf(simplex.check(y)).every((v) => v === 1)).toBe(true);
      expect(valuesOf(d.logProb(y)).every(Number.isFinite)).toBe(true);
    });
    // a transform that declares no codomain: the support is all reals
    const plain: Transform = { name: "double", forward: (x) => tf.mul(2, x), inverse: (y) => tf.div(y, 2), logAbsDetJacobian: (x) => tf.fill(x.shape, Math.LN2) };
    expect(Transformed(Normal(0, 1), plain).support.tag).toBe("real");
  });

  it("rsample is pathwise through the transform: d/dμ exp(μ + σε) = y, d/dσ = y·ε", () => {
    fc.assert(
      fc.property(f32(-2, 2), logUniform(0.1, 2), fc.integer({ min: 1, max: 2 ** 30 }), (mu, s, seed) => {
        const [gMu, gS, y] = tf.tidy(() => {
          const f = (m: tf.Tensor, sc: tf.Tensor) => Transformed(Normal(m, sc), expTransform).rsample([], seed);
          const g = tf.grads(f)([tf.scalar(mu), tf.scalar(s)]);
          return [g[0]!.dataSync()[0]!, g[1]!.dataSync()[0]!, Transformed(Normal(mu, s), expTransform).rsample([], seed).dataSync()[0]!];
        });
        const eps = (Math.log(y!) - mu) / s;
        // exp and the product each round once (2·eps32·y); ε from the float32 log y is within
        // eps32·(|log y| + |μ|)/σ.
        expect(Math.abs(gMu! - y!)).toBeLessThanOrEqual(4 * EPS32 * y!);
        expect(Math.abs(gS! - y! * eps)).toBeLessThanOrEqual(4 * EPS32 * y! * (Math.abs(eps) + (Math.abs(Math.log(y!)) + Math.abs(mu) + 1) / s));
      }),
      FC,
    );
  });

  it("sample mean of exp(Normal) matches the LogNormal mean (CLT, false-failure rate 1e-6)", () => {
    const runs = 10;
    const z = zForFailureRate(1e-6 / runs);
    const n = 20_000;
    fc.assert(
      fc.property(f32(-1, 1), logUniform(0.05, 0.5), fc.integer({ min: 1, max: 2 ** 30 }), (mu, s, seed) => {
        const ys = valuesOf(Transformed(Normal(mu, s), expTransform).sample([n], seed));
        const mean = ys.reduce((a, b) => a + b, 0) / n;
        const m = Math.exp(mu + (s * s) / 2);
        const sd = m * Math.sqrt(Math.expm1(s * s));
        // the mean of n draws has SD sd/√n; LogNormal skewness ≤ 1.8 at σ ≤ 0.5, so the skew of
        // the mean (≤ 0.013) is negligible against z. Power: forgetting the transform (mean μ)
        // or using exp(μ) as the mean are off by ≥ σ²/2·m, caught when σ ≳ 0.1.
        expect(Math.abs(mean - m)).toBeLessThanOrEqual((z * sd) / Math.sqrt(n));
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("mean, variance and entropy have no closed form and say so", () => {
    const d = Transformed(Normal(0, 1), expTransform);
    expect(() => d.mean).toThrow("Transformed(Normal): the mean has no closed form; estimate it from samples");
    expect(() => d.variance).toThrow("the variance has no closed form");
    expect(() => d.entropy()).toThrow("Transformed(Normal): entropy is not implemented");
    expect(d).toBeInstanceOf(TransformedDistribution);
    expect(d.hasRsample).toBe(true);
  });

  it("does not leak tensors", () => {
    const d = Transformed(Normal(tf.zeros([2, 3]), 1), [stickBreakingTransform, affineTransform(0, 2)]);
    const before = tf.memory().numTensors;
    const y = d.rsample([3], 1);
    const out = [y, d.logProb(y), d.sample([2], 2)];
    tf.dispose(out);
    expect(tf.memory().numTensors).toBe(before);
  });
});

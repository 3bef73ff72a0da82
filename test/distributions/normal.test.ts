import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Normal, RandomStream, ShapeError, ValidationError, tf } from "latent";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, centralDiff, f32, logUniform, scalarOf, valuesOf } from "../helpers.js";

// float64 reference: log N(x; μ, σ²)
const logpdf = (x: number, mu: number, s: number) => -0.5 * ((x - mu) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);

const params = fc.record({ mu: f32(-10, 10), s: logUniform(0.05, 20), u: f32(-6, 6) });

describe("Normal", () => {
  it("has the shapes of Pyro's convention for sample, logProb, mean, variance, entropy", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 2 }), fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), (sampleShape, batch) => {
        tf.tidy(() => {
          const d = Normal(tf.zeros(batch), tf.ones(batch));
          expect(d.batchShape).toEqual(batch);
          expect(d.eventShape).toEqual([]);
          const x = d.sample(sampleShape, 1);
          expect(x.shape).toEqual([...sampleShape, ...batch]);
          expect(d.logProb(x).shape).toEqual([...sampleShape, ...batch]);
          expect(d.mean.shape).toEqual(batch);
          expect(d.variance.shape).toEqual(batch);
          expect(d.entropy().shape).toEqual(batch);
          const e = d.expand([2, ...batch]).toEvent(1);
          expect(e.batchShape).toEqual(batch.length === 0 ? [] : [2, ...batch.slice(0, -1)]);
        });
      }),
      FC,
    );
  });

  it("logProb, mean, variance and entropy equal the float64 formulas", () => {
    fc.assert(
      fc.property(params, ({ mu, s, u }) => {
        const x = Math.fround(mu + s * u);
        const lp = scalarOf(Normal(mu, s).logProb(tf.scalar(x)));
        const ref = logpdf(x, mu, s);
        // About six float32 roundings (sub, div, square, mul, log, add), each ≤ eps32 relative
        // to the terms it combines: |err| ≤ 16·eps32·(z² + |log σ| + 1), z = (x − μ)/σ.
        const z = (x - mu) / s;
        expect(Math.abs(lp - ref)).toBeLessThanOrEqual(16 * EPS32 * (z * z + Math.abs(Math.log(s)) + 1));
        const d = Normal(mu, s);
        expect(scalarOf(d.mean)).toBe(mu);
        expect(Math.abs(scalarOf(d.variance) - s * s)).toBeLessThanOrEqual(2 * EPS32 * s * s);
        const h = 0.5 + 0.5 * Math.log(2 * Math.PI) + Math.log(s);
        expect(Math.abs(scalarOf(d.entropy()) - h)).toBeLessThanOrEqual(4 * EPS32 * (Math.abs(Math.log(s)) + 2));
      }),
      FC,
    );
  });

  it("logProb gradients (loc, scale, value) equal central differences of the float64 formula", () => {
    fc.assert(
      fc.property(params, ({ mu, s, u }) => {
        const x = Math.fround(mu + s * u);
        const [gMu, gS, gX] = tf.tidy(() => {
          const f = (m: tf.Tensor, sc: tf.Tensor, v: tf.Tensor) => Normal(m, sc).logProb(v);
          return tf.grads(f)([tf.scalar(mu), tf.scalar(s), tf.scalar(x)]).map((g) => g.dataSync()[0]!);
        });
        const z = (x - mu) / s;
        // Reference: central differences in float64 (truncation ≤ (h/σ)²·|f| ≈ 1e-8 relative
        // for σ ≥ 0.05, roundoff ≈ 1e-10). The float32 gradient makes a few roundings of terms of
        // size |z|/σ and z²/σ, 1/σ: |err| ≤ 16·eps32·(z² + |z| + 1)/σ, plus the FD error.
        const tol = 16 * EPS32 * (z * z + Math.abs(z) + 1) / s + 1e-7 * (1 + Math.abs(z) / s);
        expect(Math.abs(gMu! - centralDiff((m) => logpdf(x, m, s), mu))).toBeLessThanOrEqual(tol);
        expect(Math.abs(gS! - centralDiff((sc) => logpdf(x, mu, sc), s))).toBeLessThanOrEqual(tol * (1 + z * z));
        expect(Math.abs(gX! - centralDiff((v) => logpdf(v, mu, s), x))).toBeLessThanOrEqual(tol);
      }),
      FC,
    );
  });

  it("rsample is pathwise: d x / d loc = 1 and d x / d scale = ε", () => {
    fc.assert(
      fc.property(f32(-5, 5), logUniform(0.1, 10), fc.integer({ min: 1, max: 2 ** 30 }), (mu, s, seed) => {
        const [dLoc, dScale, eps] = tf.tidy(() => {
          const f = (m: tf.Tensor, sc: tf.Tensor) => Normal(m, sc).rsample([], seed);
          const g = tf.grads(f)([tf.scalar(mu), tf.scalar(s)]);
          const x = Normal(mu, s).rsample([], seed).dataSync()[0]!;
          return [g[0]!.dataSync()[0]!, g[1]!.dataSync()[0]!, (x - mu) / s];
        });
        expect(dLoc).toBe(1);
        // ε recovered from x in float32: |err| ≤ 4·eps32·(|μ| + |x|)/σ
        expect(Math.abs(dScale! - eps!)).toBeLessThanOrEqual(4 * EPS32 * (Math.abs(mu) + Math.abs(mu + s * eps!) + 1) / s);
      }),
      FC,
    );
  });

  it("sample moments match mean and variance (CLT, false-failure rate 1e-6)", () => {
    const runs = 10;
    // Two assertions per run, Bonferroni over runs × assertions.
    const z = zForFailureRate(1e-6 / (2 * runs));
    const n = 20_000;
    fc.assert(
      fc.property(f32(-5, 5), logUniform(0.1, 10), fc.integer({ min: 1, max: 2 ** 30 }), (mu, s, seed) => {
        const xs = valuesOf(Normal(mu, s).sample([n], seed));
        const mean = xs.reduce((a, b) => a + b, 0) / n;
        const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
        // mean ~ N(μ, σ²/n); s² has SE σ²·√(2/(n−1)) for normal data (chi-square skewness
        // √(8/n) = 0.02 at this n is negligible against z). Power: a sampler whose scale is off by
        // 5% moves s² by ≈ 0.10σ², above the bound z·σ²·0.01 ≈ 0.057σ²; a loc off by 0.05σ moves
        // the mean by 7 standard errors.
        expect(Math.abs(mean - mu)).toBeLessThanOrEqual((z * s) / Math.sqrt(n));
        expect(Math.abs(v - s * s)).toBeLessThanOrEqual(z * s * s * Math.sqrt(2 / (n - 1)));
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("same seed gives bit-identical samples; different seeds differ", () => {
    const a = valuesOf(Normal(0, 1).sample([5], new RandomStream(3)));
    const b = valuesOf(Normal(0, 1).sample([5], new RandomStream(3)));
    const c = valuesOf(Normal(0, 1).sample([5], new RandomStream(4)));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it("rejects a non-positive scale with a message naming the parameter, value and index", () => {
    expect(() => Normal(0, -0.5)).toThrow(ValidationError);
    expect(() => Normal(0, -0.5)).toThrow("Normal: 'scale' must be positive, got -0.5");
    expect(() => Normal(0, [1, 2, -3])).toThrow("Normal: 'scale' must be positive, got -3 at [2]");
    expect(() => Normal(Number.NaN, 1)).toThrow("Normal: 'loc' must be a finite real number, got NaN");
  });

  it("rejects malformed parameter values with a ValidationError naming the parameter", () => {
    expect(() => Normal([[0, 1], [2]] as never, 1)).toThrow("Normal: 'loc': ragged array: element [1] has length 1, element [0] has 2");
    expect(() => Normal([0, true] as never, 1)).toThrow("Normal: 'loc': expected numbers, got boolean true at [1]");
    expect(() => Normal("0" as never, 1)).toThrow('Normal: \'loc\': expected a number, an array of numbers or a tensor, got string "0"');
    expect(() => Normal(0, undefined as never)).toThrow(ValidationError);
    const gone = tf.scalar(1);
    gone.dispose();
    expect(() => Normal(0, gone)).toThrow("Normal: 'scale': expected a live tensor, got a disposed one");
    expect(() => Normal(tf.tensor(["a"]), 1)).toThrow("Normal: 'loc': expected a numeric tensor, got dtype string");
  });

  it("rejects parameters that do not broadcast and expansions that do not fit", () => {
    expect(() => Normal([0, 0, 0], [1, 1])).toThrow(ShapeError);
    expect(() => Normal([0, 0, 0], 1).expand([2])).toThrow("Normal.expand: batch shape [3] cannot be expanded to [2]");
    expect(() => Normal(0, 1).toEvent(1)).toThrow("toEvent: n must be an integer in [0, 0]");
  });

  it("does not leak tensors", () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const d = Normal(tf.zeros([3]), tf.ones([3]));
      d.logProb(d.rsample([2], 1));
      void d.entropy();
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});

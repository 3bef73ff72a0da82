import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import erfc from "@stdlib/math-base-special-erfc";
import { MixtureSameFamily, MixtureSameFamilyDistribution, MultivariateNormal, Normal, RandomStream, ShapeError, tf } from "latent";
import { CategoricalDistribution } from "../../src/distributions/categorical.js";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, centralDiff, f32, logUniform, scalarOf, valuesOf } from "../helpers.js";

const LOG_2PI = Math.log(2 * Math.PI);
const normal64 = (x: number, mu: number, s: number) => -0.5 * ((x - mu) / s) ** 2 - Math.log(s) - 0.5 * LOG_2PI;
const lse64 = (v: number[]) => {
  const m = Math.max(...v);
  return m + Math.log(v.reduce((a, x) => a + Math.exp(x - m), 0));
};
/** float64 log of Σₖ softmax(ℓ)ₖ N(x; μₖ, σₖ²) */
const mix64 = (x: number, l: number[], mu: number[], s: number[]) => {
  const z = lse64(l);
  return lse64(l.map((v, k) => v - z + normal64(x, mu[k]!, s[k]!)));
};
const mixCdf64 = (t: number, l: number[], mu: number[], s: number[]) => {
  const z = lse64(l);
  return l.reduce((a, v, k) => a + Math.exp(v - z) * 0.5 * erfc(-(t - mu[k]!) / (s[k]! * Math.SQRT2)), 0);
};

/** K ≤ 4 Normal components: logits in [−4, 4], locs in [−5, 5], scales in [0.3, 3], a point x. */
const mixCase = fc.integer({ min: 1, max: 4 }).chain((k) =>
  fc.record({
    l: fc.array(f32(-4, 4), { minLength: k, maxLength: k }),
    mu: fc.array(f32(-5, 5), { minLength: k, maxLength: k }),
    s: fc.array(logUniform(0.3, 3), { minLength: k, maxLength: k }),
    x: f32(-10, 10),
  }),
);

describe("MixtureSameFamily", () => {
  it("logProb of a Normal mixture equals the float64 log-sum-exp formula", () => {
    fc.assert(
      fc.property(mixCase, ({ l, mu, s, x }) => {
        const lp = scalarOf(MixtureSameFamily(l, Normal(mu, s)).logProb(tf.scalar(x)));
        const ref = mix64(x, l, mu, s);
        // each component: the Normal budget 16·eps32·(z² + |log σ| + 1); log-softmax adds
        // 4·eps32·(|ℓ| + log K + 4); logSumExp adds 2·eps32·(|result| + K). Asserted: the largest
        // component budget plus the rest.
        const k = l.length;
        const worst = Math.max(...mu.map((m, i) => ((x - m) / s[i]!) ** 2 + Math.abs(Math.log(s[i]!)) + 1 + Math.abs(l[i]!) + Math.log(k) + 4));
        expect(Math.abs(lp - ref)).toBeLessThanOrEqual(16 * EPS32 * worst + 2 * EPS32 * (Math.abs(ref) + k));
      }),
      FC,
    );
  });

  it("logProb gradients (logits, locs, scales, value) equal central differences of the float64 formula", () => {
    fc.assert(
      fc.property(mixCase, ({ l, mu, s, x }) => {
        const [gl, gm, gs, gx] = tf.tidy(() =>
          tf
            .grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, v: tf.Tensor) => MixtureSameFamily(a, Normal(b, c)).logProb(v))([
              tf.tensor(l),
              tf.tensor(mu),
              tf.tensor(s),
              tf.scalar(x),
            ])
            .map((g) => valuesOf(g)),
        ) as [number[], number[], number[], number[]];
        // Gradient sizes: ≤ 1 (logits), G = max |zₖ|/σₖ (locs, value), (z² + 1)/σ (scales); each
        // is a posterior weight times a Normal gradient, with float32 error ≤ 32·eps32 relative
        // to G' = max(z² + |z| + 1)/σ; central differences of the float64 formula are within
        // 1e-7·(1 + G')² (truncation h²·f‴/6 with h ≤ 6e-5 and f‴ ≲ G'³, as in normal.test.ts).
        const g = Math.max(...mu.map((m, i) => (((x - m) / s[i]!) ** 2 + Math.abs((x - m) / s[i]!) + 1) / s[i]!));
        const tol = 32 * EPS32 * (1 + g) * (1 + Math.abs(x) + Math.max(...mu.map(Math.abs))) + 1e-7 * (1 + g) ** 2;
        l.forEach((_, k) => {
          const at = (arr: number[], v: number) => arr.map((a, i) => (i === k ? v : a));
          expect(Math.abs(gl[k]! - centralDiff((v) => mix64(x, at(l, v), mu, s), l[k]!))).toBeLessThanOrEqual(tol);
          expect(Math.abs(gm[k]! - centralDiff((v) => mix64(x, l, at(mu, v), s), mu[k]!))).toBeLessThanOrEqual(tol);
          expect(Math.abs(gs[k]! - centralDiff((v) => mix64(x, l, mu, at(s, v)), s[k]!))).toBeLessThanOrEqual(tol);
        });
        expect(Math.abs(gx[0]! - centralDiff((v) => mix64(v, l, mu, s), x))).toBeLessThanOrEqual(tol);
      }),
      FC,
    );
  });

  it("mean and variance equal Σ wμ and the law of total variance (float64)", () => {
    fc.assert(
      fc.property(mixCase, ({ l, mu, s }) => {
        const d = MixtureSameFamily(l, Normal(mu, s));
        const z = lse64(l);
        const w = l.map((v) => Math.exp(v - z));
        const m = w.reduce((a, wk, k) => a + wk * mu[k]!, 0);
        const v = w.reduce((a, wk, k) => a + wk * (s[k]! ** 2 + (mu[k]! - m) ** 2), 0);
        // softmax weights within 4·eps32 relative; sums of K terms of size ≤ max|μ| (mean) and
        // ≤ max(σ² + (μ − m)²) (variance), each term a few roundings
        const mSize = w.reduce((a, wk, k) => a + wk * Math.abs(mu[k]!), 0);
        expect(Math.abs(scalarOf(d.mean) - m)).toBeLessThanOrEqual(16 * EPS32 * (mSize + 1e-30));
        const vSize = w.reduce((a, wk, k) => a + wk * (s[k]! ** 2 + (mu[k]! - m) ** 2 + 2 * mSize * Math.abs(mu[k]! - m)), 0);
        expect(Math.abs(scalarOf(d.variance) - v)).toBeLessThanOrEqual(16 * EPS32 * vSize);
      }),
      FC,
    );
  });

  it("samples follow the mixture: mean (CLT) and P(x ≤ t) at three points (binomial CLT), false-failure rate 1e-6", () => {
    const runs = 8;
    const n = 20_000;
    // four assertions per run; Bonferroni over runs × assertions
    const z = zForFailureRate(1e-6 / (4 * runs));
    fc.assert(
      fc.property(mixCase, fc.integer({ min: 1, max: 2 ** 30 }), ({ l, mu, s }, seed) => {
        const d = MixtureSameFamily(l, Normal(mu, s));
        const xs = valuesOf(d.sample([n], seed));
        const zz = lse64(l);
        const w = l.map((v) => Math.exp(v - zz));
        const m = w.reduce((a, wk, k) => a + wk * mu[k]!, 0);
        const v = w.reduce((a, wk, k) => a + wk * (s[k]! ** 2 + (mu[k]! - m) ** 2), 0);
        // a finite mixture of Normals has all moments: the CLT applies at this n
        expect(Math.abs(xs.reduce((a, b) => a + b, 0) / n - m)).toBeLessThanOrEqual((z * Math.sqrt(v)) / Math.sqrt(n));
        // the empirical CDF at t: a binomial proportion with SD √(F(1 − F)/n). Power: picking
        // components with wrong weights (say uniform) moves F at the component boundaries by
        // |Δw| ≈ 0.1 or more, far above the bound z·0.5/√n ≈ 0.02.
        for (const t of [m - Math.sqrt(v), m, m + Math.sqrt(v)]) {
          const f = mixCdf64(t, l, mu, s);
          const emp = xs.filter((x) => x <= t).length / n;
          expect(Math.abs(emp - f)).toBeLessThanOrEqual(z * Math.sqrt((f * (1 - f)) / n) + 1 / n);
        }
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("takes a Categorical mixing distribution, equivalently to its log-probabilities", () => {
    const probs = [0.2, 0.5, 0.3];
    const comps = Normal([-1, 0, 2], [0.5, 1, 0.7]);
    const a = MixtureSameFamily(new CategoricalDistribution({ probs: tf.tensor(probs) }), comps);
    const b = MixtureSameFamily(probs.map(Math.log), comps);
    const xs = tf.linspace(-3, 3, 13);
    const [la, lb] = [valuesOf(a.logProb(xs)), valuesOf(b.logProb(xs))];
    // both normalize the same log-weights (log p − log Σp vs ℓ − logΣexp ℓ): a few eps32 of |lp|
    la.forEach((v, i) => expect(Math.abs(v - lb[i]!)).toBeLessThanOrEqual(8 * EPS32 * (Math.abs(v) + 2)));
    xs.dispose();
  });

  it("mixes vector-valued components (MultivariateNormal) with batch dimensions", () => {
    const locs = [[[0, 0], [3, 3]], [[-1, 1], [1, -1]]]; // batch 2, K = 2, n = 2
    const scale = [[1, 0], [0.5, 0.8]];
    const d = MixtureSameFamily([[0, 1], [2, -2]], MultivariateNormal(locs, { scaleTril: scale }));
    expect([d.batchShape, d.eventShape]).toEqual([[2], [2]]);
    const x = [[0.5, 0.25], [1, 1]];
    const lp = valuesOf(d.logProb(tf.tensor(x)));
    const mvn64 = (p: number[], m: number[]) => {
      const z0 = (p[0]! - m[0]!) / 1;
      const z1 = (p[1]! - m[1]! - 0.5 * z0) / 0.8;
      return -0.5 * (z0 * z0 + z1 * z1) - Math.log(0.8) - LOG_2PI;
    };
    const logits = [[0, 1], [2, -2]];
    for (let b = 0; b < 2; b++) {
      const zz = lse64(logits[b]!);
      const ref = lse64(logits[b]!.map((v, k) => v - zz + mvn64(x[b]!, locs[b]![k]!)));
      // a handful of float32 operations on terms of size ≤ 20
      expect(Math.abs(lp[b]! - ref)).toBeLessThanOrEqual(64 * EPS32 * 20);
    }
    tf.tidy(() => {
      const s = d.sample([5], 1);
      expect(s.shape).toEqual([5, 2, 2]);
      expect(d.logProb(s).shape).toEqual([5, 2]);
      expect(d.mean.shape).toEqual([2, 2]);
      expect(d.variance.shape).toEqual([2, 2]);
      expect(d.expand([3, 2]).sample([], 1).shape).toEqual([3, 2, 2]);
    });
  });

  it("is reproducible from a seed and rejects shapes that do not fit", () => {
    const d = MixtureSameFamily([0, 0], Normal([-1, 1], 1));
    expect(valuesOf(d.sample([4], new RandomStream(3)))).toEqual(valuesOf(d.sample([4], new RandomStream(3))));
    expect(valuesOf(d.sample([4], 3))).not.toEqual(valuesOf(d.sample([4], 4)));
    expect(d).toBeInstanceOf(MixtureSameFamilyDistribution);
    expect(d.hasRsample).toBe(false);
    expect(() => d.rsample()).toThrow("rsample is not available");
    expect(() => MixtureSameFamily([0, 0, 0], Normal([-1, 1], 1))).toThrow(ShapeError);
    expect(() => MixtureSameFamily([0, 0, 0], Normal([-1, 1], 1))).toThrow(
      "MixtureSameFamily: 'mixtureLogits' must have shape [..., 2] to match the components' batch shape [2], got [3]",
    );
    expect(() => MixtureSameFamily([0], Normal(0, 1))).toThrow("the components need a batch dimension of size K");
    expect(() => MixtureSameFamily([0, NaN], Normal([0, 1], 1))).toThrow("MixtureSameFamily: 'mixtureLogits' must be a finite real number, got NaN at [1]");
  });

  it("does not leak tensors", () => {
    const d = MixtureSameFamily(tf.zeros([3, 2]), Normal(tf.zeros([3, 2]), 1));
    const before = tf.memory().numTensors;
    const x = d.sample([4], 1);
    tf.dispose([x, d.logProb(x), d.mean, d.variance, d.logWeights]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import poissonLogpmf from "@stdlib/stats-base-dists-poisson-logpmf";
import { Poisson, ValidationError, tf } from "latent";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, centralDiff, logUniform, scalarOf, valuesOf } from "../helpers.js";
import { cases, chiSquareGof, columns, everyCase, moments, within } from "./discrete-helpers.js";

// λ log-uniform over [1e−3, 1e7]; k at z ∈ [−8, 8] standard deviations from λ, or a small count
const caseArb = fc.record({
  rate: logUniform(1e-3, 1e7),
  z: fc.double({ min: -8, max: 8, noNaN: true }),
  small: fc.integer({ min: 0, max: 12 }),
  useSmall: fc.boolean(),
});
const countOf = (c: { rate: number; z: number; small: number; useSmall: boolean }) =>
  c.useSmall ? c.small : Math.max(0, Math.round(c.rate + c.z * Math.sqrt(c.rate)));
/** Smallest K with P(X > K) < 1e−12 for Poisson(λ ≤ 10⁴): λ + 12√λ + 40 (a 12-sd normal tail, or e⁻⁴⁰-ish for small λ). */
const upper = (rate: number) => Math.ceil(rate + 12 * Math.sqrt(rate) + 40);

describe("Poisson", () => {
  it("has Pyro's shapes for sample, logProb, mean, variance, expand and toEvent", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), (sampleShape, batch) => {
        tf.tidy(() => {
          const d = Poisson(tf.fill(batch, 2.5));
          expect(d.batchShape).toEqual(batch);
          const x = d.sample(sampleShape, 1);
          expect(x.shape).toEqual([...sampleShape, ...batch]);
          expect(d.logProb(x).shape).toEqual([...sampleShape, ...batch]);
          expect(d.mean.shape).toEqual(batch);
          expect(d.variance.shape).toEqual(batch);
          expect(Poisson(3).expand([2, ...batch]).sample([], 2).shape).toEqual([2, ...batch]);
          if (batch.length > 0) expect(d.toEvent(1).logProb(x).shape).toEqual([...sampleShape, ...batch.slice(0, -1)]);
        });
      }),
      { ...FC, numRuns: 10 },
    );
    expect(() => Poisson(1).entropy()).toThrow("Poisson: entropy is not implemented");
  });

  it("logProb equals @stdlib's float64 log-pmf to a few ulps, also at λ = 10⁷", () => {
    const cs = cases(caseArb, 300);
    const ks = cs.map(countOf);
    const got = tf.tidy(() => Poisson(cs.map((c) => c.rate)).logProb(tf.tensor(ks)).dataSync());
    everyCase(cs, ({ rate }, i) => {
      const ref = poissonLogpmf(ks[i]!, rate);
      // Loader's form (k ≥ 7) has no cancellation: a few roundings of terms of size |result| and ½ log(2πk);
      // the textbook form (k < 7) adds k log λ, λ and log k! ≤ 6.6, whose sum is dominated by its largest term
      // (≤ |result| + 6.6 + 7 |log λ|). Measured worst: 4.0·eps·(1 + |ref| + log(k + 2)).
      const small = ks[i]! < 7 ? 7 * Math.abs(Math.log(rate)) + 7 : 0;
      return within(`log P(${ks[i]})`, got[i]!, ref, 8 * EPS32 * (1 + Math.abs(ref) + Math.log(ks[i]! + 2) + small));
    });
    expect(valuesOf(Poisson(2).logProb(tf.tensor([-1, 1.5])))).toEqual([-Infinity, -Infinity]);
    expect(scalarOf(Poisson(0).logProb(tf.scalar(0)))).toBe(0);
    expect(scalarOf(Poisson(0).logProb(tf.scalar(3)))).toBe(-Infinity);
    expect(scalarOf(Poisson(2.5).logProb(tf.scalar(0)))).toBe(-2.5);
  });

  it("sums to 1 over {0, …, λ + 12√λ + 40} (all but < 1e−12 of the mass)", () => {
    const cs = cases(logUniform(1e-3, 1e3), 20);
    const kMax = Math.max(...cs.map(upper));
    const totals = tf.tidy(() => {
      const rows = tf.exp(Poisson(tf.tensor(cs.map((r) => [r]))).logProb(tf.range(0, kMax + 1, 1, "float32"))).arraySync() as number[][];
      return rows.map((row) => row.reduce((a, b) => a + b, 0));
    });
    everyCase(cs, (rate, i) => {
      // Σ P(k)·8 eps (1 + |log P(k)| + log(k + 2) + 7|log λ| + 7) ≤ 8 eps (9 + 7|log λ| + 2 log(K + 2) + ½ log(2πeλ) + 1),
      // the tail beyond K < 1e−12 and the float64 sum.
      const tol = 8 * EPS32 * (10 + 7 * Math.abs(Math.log(rate)) + 2 * Math.log(upper(rate) + 2) + 0.5 * Math.log(2 * Math.PI * Math.E * (rate + 1))) + 2e-12;
      return within("Σ P(k)", totals[i]!, 1, tol);
    });
  });

  it("gradient w.r.t. rate equals central differences of the float64 log-pmf (k/λ − 1)", () => {
    const cs = cases(caseArb.filter((c) => c.rate >= 1e-2 && c.rate <= 1e5), 200);
    const ks = cs.map(countOf);
    const g = tf.tidy(() => {
      const k = tf.tensor(ks);
      return tf.grad((r: tf.Tensor) => tf.sum(Poisson(r).logProb(k)))(tf.tensor(cs.map((c) => c.rate))).dataSync();
    });
    everyCase(cs, ({ rate }, i) => {
      const k = ks[i]!;
      const f = (r: number) => poissonLogpmf(k, r);
      // float32 (k − λ)/λ: two roundings, ≤ 2 eps (k/λ + 1). Central differences, h = eps64^⅓·max(1, λ):
      // roundoff ≤ 4 eps64 |f|/h, truncation h²|f‴|/6 = h² k/(3λ³).
      const h = Math.cbrt(2 ** -52) * Math.max(1, rate);
      const tol = 2 * EPS32 * (k / rate + 1) + (4 * 2 ** -52 * (Math.abs(f(rate)) + 1)) / h + (h * h * k) / (3 * rate ** 3);
      return within("∂/∂λ", g[i]!, centralDiff(f, rate), tol);
    });
  });

  it("samples are counts with finite logProb, match the pmf (chi-square) and the moments (CLT)", () => {
    const runs = 10;
    // three assertions per run and per batch column (chi-square, mean, variance); two columns
    const alpha = 1e-6 / (6 * runs);
    const z = zForFailureRate(alpha);
    const N = 20_000;
    fc.assert(
      fc.property(fc.oneof(logUniform(1e-2, 10), logUniform(10, 1e5)), fc.integer({ min: 1, max: 2 ** 30 }), (rate, seed) => {
        // two parameter sets in one call: the drawn λ next to λ = 12 (transformed rejection just above its
        // threshold, where a biased squeeze or hat is most visible relative to the spread)
        const d = Poisson([rate, 12]);
        const x = d.sample([N], seed);
        const cols = columns(x);
        tf.tidy(() => {
          const head = d.logProb(tf.slice(x, [0, 0], [100, 2]));
          expect(valuesOf(tf.sum(tf.cast(tf.logicalNot(tf.isFinite(head)), "float32")))[0]).toBe(0);
        });
        x.dispose();
        for (const [col, lam] of [[cols[0]!, rate], [cols[1]!, 12]] as const) {
          expect(col.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
          const gof = chiSquareGof(col, (k) => Math.exp(poissonLogpmf(k, lam)), 0, upper(lam));
          expect(gof.pValue).toBeGreaterThan(alpha);
          const { mean, variance } = moments(col);
          // mean ~ N(λ, λ/N); s² has variance (μ₄ − λ²)/N = (λ + 2λ²)/N.
          expect(Math.abs(mean - lam)).toBeLessThanOrEqual(z * Math.sqrt(lam / N));
          expect(Math.abs(variance - lam)).toBeLessThanOrEqual(z * Math.sqrt((lam + 2 * lam * lam) / N));
        }
        // Power: a sampler whose rate is off by 2% moves the mean by 0.02λ, which is ≥ 5 standard errors
        // (z ≈ 6.2) once λ ≥ 5; the chi-square over ≥ 10 bins catches a 2% mass shift between bins of
        // probability 0.1 (noncentrality 160 against a critical value ≈ 60).
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("rejects a negative rate with a message naming the parameter", () => {
    expect(() => Poisson(-1)).toThrow(ValidationError);
    expect(() => Poisson([1, -2])).toThrow("Poisson: 'rate' must be non-negative, got -2 at [1]");
    expect(scalarOf(Poisson(4).mean)).toBe(4);
    expect(scalarOf(Poisson(4).variance)).toBe(4);
  });

  it("does not leak tensors", () => {
    const d = Poisson(tf.tensor([0.5, 40]));
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      d.logProb(d.sample([4], 1));
      void d.mean;
      tf.grad((r: tf.Tensor) => tf.sum(Poisson(r).logProb(tf.tensor([1, 50]))))(tf.tensor([0.5, 40]));
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});

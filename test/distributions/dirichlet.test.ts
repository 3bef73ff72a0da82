import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import betainc from "@stdlib/math-base-special-betainc";
import digamma64 from "@stdlib/math-base-special-digamma";
import gammaln from "@stdlib/math-base-special-gammaln";
import { Dirichlet, ShapeError, ValidationError, tf } from "latent";
import { dkwTest } from "../../src/testing/stats/dkw.js";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, scalarOf, valuesOf } from "../helpers.js";
import { richardson } from "./continuous-suite.js";
import { fdRoundoff, logU, unif } from "./gamma-family-specs.js";

const abs = Math.abs;
const log = Math.log;
const sum = (v: readonly number[]) => v.reduce((s, t) => s + t, 0);

// ——— float64 references ———
const logB = (a: readonly number[]) => sum(a.map(gammaln)) - gammaln(sum(a));
const logpdf64 = (x: readonly number[], a: readonly number[]) => sum(a.map((ak, k) => (ak - 1) * log(x[k]!))) - logB(a);
const entropy64 = (a: readonly number[]) => {
  const a0 = sum(a);
  return logB(a) + (a0 - a.length) * digamma64(a0) - sum(a.map((ak) => (ak - 1) * digamma64(ak)));
};

/** Concentrations (K = 2 … 6) and a float32 point of the simplex (normalized positive weights). */
const case_ = fc.integer({ min: 2, max: 6 }).chain((k) =>
  fc.tuple(fc.array(logU(0.05, 1000), { minLength: k, maxLength: k }), fc.array(logU(1e-4, 1), { minLength: k, maxLength: k })),
);
const simplexPoint = (w: readonly number[]) => w.map((v) => Math.fround(v / sum(w)));

/**
 * Error model (eps32 = 2⁻²⁴): Σₖ mulLog(αₖ − 1, xₖ) − (Σₖ lgamma(αₖ) − lgamma(α₀)). Each product 2 ulp of
 * (|αₖ − 1| + αₖ)|log xₖ| (αₖ − 1 rounds for αₖ < ½), lgamma 4 ulp, α₀ = Σαₖ rounded with relative error
 * K·eps32, which moves lgamma(α₀) by K·eps32·α₀|ψ(α₀)|, and the K + 1 additions one ulp of their partial sums.
 */
const logProbSize = (x: readonly number[], a: readonly number[]) => {
  const a0 = sum(a);
  return (
    sum(a.map((ak, k) => (abs(ak - 1) + ak) * abs(log(x[k]!)))) +
    sum(a.map((ak) => abs(gammaln(ak)))) +
    abs(gammaln(a0)) +
    a.length * a0 * abs(digamma64(a0)) +
    1
  );
};

describe("Dirichlet", () => {
  it("has event shape [K] and the shapes of Pyro's convention; expand and toEvent compose", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), fc.integer({ min: 2, max: 5 }), (sampleShape, batch, k) => {
        tf.tidy(() => {
          const d = Dirichlet(tf.fill([...batch, k], 1.5));
          expect(d.batchShape).toEqual(batch);
          expect(d.eventShape).toEqual([k]);
          const x = d.sample(sampleShape, 3);
          expect(x.shape).toEqual([...sampleShape, ...batch, k]);
          expect(d.logProb(x).shape).toEqual([...sampleShape, ...batch]);
          expect(d.mean.shape).toEqual([...batch, k]);
          expect(d.variance.shape).toEqual([...batch, k]);
          expect(d.entropy().shape).toEqual(batch);
          const e = d.expand([2, ...batch]);
          expect(e.batchShape).toEqual([2, ...batch]);
          expect(e.rsample([3], 1).shape).toEqual([3, 2, ...batch, k]);
          expect(e.logProb(e.sample([], 2)).shape).toEqual([2, ...batch]);
          expect(e.toEvent(1).batchShape).toEqual([2, ...batch].slice(0, -1));
        });
      }),
      { ...FC, numRuns: 30 },
    );
  });

  it("logProb, mean, variance and entropy equal the float64 references within the derived float32 bounds", () => {
    fc.assert(
      fc.property(case_, ([a, w]) => {
        const x = simplexPoint(w);
        const d = Dirichlet(a);
        const a0 = sum(a);
        expect(abs(scalarOf(d.logProb(tf.tensor(x))) - logpdf64(x, a))).toBeLessThanOrEqual(8 * EPS32 * logProbSize(x, a));
        const k = a.length;
        const mean = valuesOf(d.mean);
        const variance = valuesOf(d.variance);
        a.forEach((ak, i) => {
          // αₖ/α₀: α₀ carries K ulp, the quotient one more.
          expect(abs(mean[i]! - ak / a0)).toBeLessThanOrEqual(4 * (k + 1) * EPS32 * (ak / a0));
          // (αₖ/α₀)((α₀ − αₖ)/α₀)/(α₀ + 1): α₀ − αₖ carries K·eps32·α₀ absolute (relative α₀/(α₀ − αₖ)·K·eps32).
          const v = (ak * (a0 - ak)) / (a0 * a0 * (a0 + 1));
          expect(abs(variance[i]! - v)).toBeLessThanOrEqual(8 * (k + 4) * EPS32 * v * (1 + a0 / (a0 - ak)));
        });
        // log B + Σ(αₖ − 1)D(αₖ, α₀ − αₖ), D = ψ(α₀) − ψ(αₖ) to 4 ulp; the rounding of α₀ − αₖ (≤ K·eps32·α₀)
        // moves D by ≤ ψ′(α₀)·K·eps32·α₀ ≤ (1/α₀ + 1/α₀²)·K·eps32·α₀.
        const dTerms = sum(a.map((ak) => abs(ak - 1) * (digamma64(a0) - digamma64(ak) + k * (1 + 1 / a0))));
        const hTol = 8 * EPS32 * (sum(a.map((ak) => abs(gammaln(ak)))) + abs(gammaln(a0)) + k * a0 * abs(digamma64(a0)) + dTerms + 1);
        expect(abs(scalarOf(d.entropy()) - entropy64(a))).toBeLessThanOrEqual(hTol);
      }),
      FC,
    );
  });

  it("logProb gradients (each αₖ and each xₖ) equal Richardson differences of the float64 log-density", () => {
    fc.assert(
      fc.property(case_, ([a, w]) => {
        const x = simplexPoint(w);
        const k = a.length;
        const [ga, gx] = tf.tidy(() =>
          tf.grads((al: tf.Tensor, v: tf.Tensor) => Dirichlet(al).logProb(v))([tf.tensor(a), tf.tensor(x)]).map((g) => valuesOf(g.clone())),
        );
        const a0 = sum(a);
        const size = logProbSize(x, a) + abs(logpdf64(x, a));
        for (let i = 0; i < k; i++) {
          // ∂/∂αᵢ = log xᵢ − ψ(αᵢ) + ψ(α₀): lgamma's gradient (digamma, 4 ulp) of terms |ψ(αᵢ)|, |ψ(α₀)| and the
          // log; α₀'s rounding moves ψ(α₀) by ψ′(α₀)·K·eps32·α₀ ≤ K·eps32·(1 + 1/α₀).
          const scale = a[i]! / (1 + Math.sqrt(a[i]!));
          const refA = richardson((v) => logpdf64(x, a.map((q, j) => (j === i ? v : q))), a[i]!, scale);
          const tA = abs(log(x[i]!)) + abs(digamma64(a[i]!)) + abs(digamma64(a0)) + k * (1 + 1 / a0);
          expect(abs(ga![i]! - refA)).toBeLessThanOrEqual(8 * EPS32 * tA + fdRoundoff(size, scale, a[i]!, refA) + 1e-9 * abs(refA));
          // ∂/∂xᵢ = (αᵢ − 1)/xᵢ (the density as a function of K free coordinates)
          const xs = x[i]! / 10;
          const refX = richardson((v) => logpdf64(x.map((q, j) => (j === i ? v : q)), a), x[i]!, xs);
          expect(abs(gx![i]! - refX)).toBeLessThanOrEqual(4 * EPS32 * abs(refX) + fdRoundoff(size, xs, x[i]!, refX) + 1e-9 * abs(refX));
        }
      }),
      FC,
    );
  });

  it("samples lie on the simplex, and each marginal xₖ ~ Beta(αₖ, α₀ − αₖ) matches its CDF (DKW) and moments (CLT); 1e-6", () => {
    const runs = 6;
    const n = 20_000;
    const kMax = 4;
    // Bonferroni over runs × components × 3 assertions (DKW, mean, variance).
    const alpha = 1e-6 / (runs * kMax * 3);
    const z = zForFailureRate(alpha);
    fc.assert(
      fc.property(fc.integer({ min: 2, max: kMax }).chain((k) => fc.array(logU(0.5, 30), { minLength: k, maxLength: k })), fc.integer({ min: 1, max: 2 ** 30 }), (a, seed) => {
        const k = a.length;
        const a0 = sum(a);
        const xs = valuesOf(Dirichlet(a).sample([n], seed));
        let worstSum = 0;
        for (let s = 0; s < n; s++) worstSum = Math.max(worstSum, abs(sum(xs.slice(s * k, (s + 1) * k)) - 1));
        expect(xs.every((v) => v > 0 && v <= 1)).toBe(true);
        // each component rounded once from a float64 simplex point: |Σ − 1| ≤ K·2⁻²⁴ + the sum's roundings
        expect(worstSum).toBeLessThanOrEqual(2 * k * EPS32);
        for (let i = 0; i < k; i++) {
          const col = Array.from({ length: n }, (_, s) => xs[s * k + i]!);
          const b = a0 - a[i]!;
          // DKW on the first 5,000 draws (each CDF value is a betainc call): band ε = √(ln(2/α)/10⁴) ≈ 0.044;
          // power: a marginal CDF off by 0.05 anywhere fails.
          const r = dkwTest(col.slice(0, 5000), (v) => betainc(v, a[i]!, b, true, false), alpha);
          expect(r.statistic).toBeLessThanOrEqual(r.bound);
          // Beta marginal: mean αᵢ/α₀; kurtosis ≤ 3 + 6/min(αᵢ, α₀ − αᵢ)… bounded by 15 for αᵢ ≥ ½ (light tails:
          // the support is bounded). Power: a mean off by 0.05σ is 7 SE; a variance off by 10% is ≥ 3 SE.
          const mu = a[i]! / a0;
          const v = (a[i]! * b) / (a0 * a0 * (a0 + 1));
          const kurt = 3 + (6 * ((a[i]! - b) ** 2 * (a0 + 1) - a[i]! * b * (a0 + 2))) / (a[i]! * b * (a0 + 2) * (a0 + 3));
          const m = sum(col) / n;
          const s2 = sum(col.map((c) => (c - m) ** 2)) / (n - 1);
          expect(abs(m - mu)).toBeLessThanOrEqual(z * Math.sqrt(v / n));
          expect(abs(s2 - v)).toBeLessThanOrEqual(z * v * Math.sqrt((kurt - 1) / n));
        }
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("rsample gradients are unbiased: E[∂(w·x)/∂αⱼ] = (wⱼα₀ − Σᵢwᵢαᵢ)/α₀² for every j (CLT, false-failure rate 1e-6)", () => {
    // The pathwise gradient through K implicit Gamma gradients, x = g/Σg: its expectation is the derivative of
    // the mean αᵢ/α₀. Each run draws n = 20,000 independent x (α broadcast to [n, K]) and the per-draw
    // vector–Jacobian product with random weights w; K assertions per run, Bonferroni.
    const runs = 8;
    const kMax = 4;
    const z = zForFailureRate(1e-6 / (runs * kMax));
    const n = 20_000;
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: kMax }).chain((k) =>
          fc.tuple(fc.array(logU(0.3, 20), { minLength: k, maxLength: k }), fc.array(unif(-1, 1), { minLength: k, maxLength: k })),
        ),
        fc.integer({ min: 1, max: 2 ** 30 }),
        ([a, w], seed) => {
          const k = a.length;
          const a0 = sum(a);
          const g = tf.tidy(() => {
            const al = tf.tile(tf.tensor2d([a]), [n, 1]);
            const wt = tf.tensor1d(w);
            return valuesOf(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(Dirichlet(t).rsample([], seed), wt)))(al));
          });
          const wa = sum(w.map((wi, i) => wi * a[i]!));
          for (let j = 0; j < k; j++) {
            const col = Array.from({ length: n }, (_, s) => g[s * k + j]!);
            expect(col.every(Number.isFinite)).toBe(true);
            const m = sum(col) / n;
            const sd = Math.sqrt(sum(col.map((c) => (c - m) ** 2)) / (n - 1));
            const ref = (w[j]! * a0 - wa) / (a0 * a0);
            // The estimator ∂(w·x)/∂αⱼ = xⱼ (d log gⱼ/dαⱼ)(wⱼ − w·x) has all moments for αⱼ ≥ 0.3 (d log g/dα
            // grows like |log g|/α at small g). Power: a Jacobian off by 10% of its size (a missing term in
            // the softmax Jacobian) moves the mean by ~0.1|ref| ≥ several SE here.
            expect(abs(m - ref)).toBeLessThanOrEqual((z * sd) / Math.sqrt(n) + 1e-7 * (abs(ref) + 1));
          }
        },
      ),
      { ...FC, numRuns: runs },
    );
  });

  it("tiny concentrations give draws ≥ 2⁻¹²⁶ on the simplex, finite logProb and finite gradients (never 0/0)", () => {
    tf.tidy(() => {
      for (const c of [1e-3, 0.01, 0.1]) {
        const a = tf.fill([500, 5], c);
        const xs = valuesOf(Dirichlet(a).rsample([], 9));
        expect(xs.every((v) => v >= 2 ** -126 && v <= 1)).toBe(true);
        expect(valuesOf(Dirichlet(a).logProb(tf.tensor(xs, [500, 5]))).every(Number.isFinite)).toBe(true);
        const g = valuesOf(tf.grad((t: tf.Tensor) => tf.sum(Dirichlet(t).logProb(Dirichlet(t).rsample([], 9))))(a));
        expect(g.every(Number.isFinite)).toBe(true);
        expect(Number.isFinite(scalarOf(Dirichlet([c, c, c]).entropy()))).toBe(true);
      }
    });
  });

  it("same seed gives bit-identical samples; different seeds differ; no leaks", () => {
    const a = valuesOf(Dirichlet([1, 2, 3]).sample([4], 5));
    expect(valuesOf(Dirichlet([1, 2, 3]).sample([4], 5))).toEqual(a);
    expect(valuesOf(Dirichlet([1, 2, 3]).sample([4], 6))).not.toEqual(a);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const d = Dirichlet(tf.fill([3, 4], 0.7));
      d.logProb(d.rsample([2], 1));
      void d.mean;
      void d.variance;
      void d.entropy();
    });
    const c = tf.tensor([0.5, 1.5, 2]);
    tf.grad((t: tf.Tensor) => tf.sum(Dirichlet(t).logProb(Dirichlet(t).rsample([3], 1))))(c).dispose();
    c.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("rejects bad parameters and shapes with messages naming the parameter", () => {
    expect(() => Dirichlet([1, -1, 2])).toThrow(ValidationError);
    expect(() => Dirichlet([1, -1, 2])).toThrow("Dirichlet: 'concentration' must be positive, got -1 at [1]");
    expect(() => Dirichlet(2)).toThrow(ShapeError);
    expect(() => Dirichlet(2)).toThrow("Dirichlet: 'concentration' must have at least one axis (the event), got shape []");
    expect(() => Dirichlet(tf.ones([3, 2])).expand([2])).toThrow("Dirichlet.expand: batch shape [3] cannot be expanded to [2]");
  });
});

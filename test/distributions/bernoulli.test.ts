import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Bernoulli, ValidationError, tf } from "latent";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, centralDiff, f32, scalarOf, valuesOf } from "../helpers.js";

// float64 references
const sp = (l: number) => Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l)));
const logpmfLogits = (x: number, l: number) => x * l - sp(l);
const logpmfProbs = (x: number, p: number) => (x === 1 ? Math.log(p) : Math.log1p(-p));

describe("Bernoulli", () => {
  it("logProb with logits equals x·ℓ − softplus(ℓ) in float64, for ℓ over [-60, 60]", () => {
    fc.assert(
      fc.property(f32(-60, 60), fc.constantFrom(0, 1), (l, x) => {
        const lp = scalarOf(Bernoulli({ logits: l }).logProb(tf.scalar(x)));
        // x·ℓ − softplus(ℓ): three roundings on terms of size ≤ |ℓ| + 1.
        expect(Math.abs(lp - logpmfLogits(x, l))).toBeLessThanOrEqual(4 * EPS32 * (Math.abs(l) + 1));
      }),
      FC,
    );
  });

  it("logProb with probs equals log p or log(1 − p), finite at p = 0 or 1 where the mass is 1", () => {
    fc.assert(
      fc.property(f32(1e-6, 1 - 1e-6), fc.constantFrom(0, 1), (p, x) => {
        const lp = scalarOf(Bernoulli({ probs: p }).logProb(tf.scalar(x)));
        // log(p) is relatively exact; log1p(−p) is computed as log(1 − p) whose float32 error is
        // eps32/(1 − p) absolute (1 − p is exact by Sterbenz for p ≥ 0.5, else rounds by eps32).
        expect(Math.abs(lp - logpmfProbs(x, p))).toBeLessThanOrEqual(4 * EPS32 * (Math.abs(logpmfProbs(x, p)) + 1 / (1 - p)));
      }),
      FC,
    );
    expect(scalarOf(Bernoulli({ probs: 0 }).logProb(tf.scalar(0)))).toBe(0);
    expect(scalarOf(Bernoulli({ probs: 1 }).logProb(tf.scalar(1)))).toBe(0);
    expect(scalarOf(Bernoulli({ probs: 0 }).logProb(tf.scalar(1)))).toBe(-Infinity);
  });

  it("gradient of logProb w.r.t. logits is x − sigmoid(ℓ) (central differences of float64)", () => {
    fc.assert(
      fc.property(f32(-30, 30), fc.constantFrom(0, 1), (l, x) => {
        const g = tf.tidy(() => tf.grad((t: tf.Tensor) => Bernoulli({ logits: t }).logProb(tf.scalar(x)))(tf.scalar(l)).dataSync()[0]!);
        // The derivative is bounded by 1; float32 sigmoid is accurate to a few eps32; FD error ≈ 1e-10.
        expect(Math.abs(g - centralDiff((t) => logpmfLogits(x, t), l))).toBeLessThanOrEqual(8 * EPS32 + 1e-9);
      }),
      FC,
    );
  });

  it("gradient w.r.t. probs is finite where the observed outcome has probability 1", () => {
    const g = tf.tidy(() => tf.grad((p: tf.Tensor) => Bernoulli({ probs: p }).logProb(tf.scalar(0)))(tf.scalar(0)).dataSync()[0]!);
    expect(g).toBe(-1); // d/dp log(1 − p) at p = 0
  });

  it("mean, variance and entropy match the formulas; sample frequency matches p (CLT, 1e-6)", () => {
    const runs = 20;
    const z = zForFailureRate(1e-6 / runs);
    const n = 20_000;
    fc.assert(
      fc.property(f32(-4, 4), fc.integer({ min: 1, max: 2 ** 30 }), (l, seed) => {
        const p = 1 / (1 + Math.exp(-l));
        const d = Bernoulli({ logits: l });
        expect(Math.abs(scalarOf(d.mean) - p)).toBeLessThanOrEqual(4 * EPS32);
        expect(Math.abs(scalarOf(d.variance) - p * (1 - p))).toBeLessThanOrEqual(8 * EPS32);
        const h = -(p * Math.log(p) + (1 - p) * Math.log1p(-p));
        expect(Math.abs(scalarOf(d.entropy()) - h)).toBeLessThanOrEqual(8 * EPS32 * (1 + Math.abs(l)));
        const xs = valuesOf(d.sample([n], seed));
        expect(xs.every((v) => v === 0 || v === 1)).toBe(true);
        const freq = xs.reduce((a, b) => a + b, 0) / n;
        // Binomial frequency: SE = √(p(1−p)/n); a sampler off by 0.02 in p is ≥ 5 SE away.
        expect(Math.abs(freq - p)).toBeLessThanOrEqual(z * Math.sqrt((p * (1 - p)) / n));
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("rejects bad arguments with messages naming the parameter", () => {
    expect(() => Bernoulli({ probs: 1.5 })).toThrow(ValidationError);
    expect(() => Bernoulli({ probs: 1.5 })).toThrow("Bernoulli: 'probs' must be in [0, 1], got 1.5");
    expect(() => Bernoulli({} as never)).toThrow("Bernoulli: give exactly one of 'probs' or 'logits', got neither");
    expect(() => Bernoulli({ probs: 0.5, logits: 0 } as never)).toThrow("got both");
  });
});

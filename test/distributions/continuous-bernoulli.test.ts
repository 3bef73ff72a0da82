import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ContinuousBernoulli, ValidationError, tf } from "latent";
import { dkwTest } from "../../src/testing/stats/dkw.js";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, centralDiff, f32, scalarOf, valuesOf } from "../helpers.js";
import { cases, everyCase, logSigmoid64, moments, within } from "./discrete-helpers.js";

// float64 references in the logit η: log C(η) = log(η / tanh(η/2)) (series log 2 + η²/12 − 7η⁴/1440 for |η| < 1e−3,
// truncation < 1e−19), and log p(x) = log C + xη − softplus(η).
const logC64 = (e: number) =>
  Math.abs(e) < 1e-3 ? Math.log(2) + (e * e) / 12 - (7 * e ** 4) / 1440 : Math.log(Math.abs(e)) - Math.log(Math.abs(Math.tanh(e / 2)));
const logpdf64 = (x: number, e: number) => logC64(e) + x * e + logSigmoid64(-e);
/** CDF expm1(ηx)/expm1(η) (x at η = 0). */
const cdf64 = (x: number, e: number) => (e === 0 ? x : Math.expm1(e * x) / Math.expm1(e));
/** ∫₀¹ f(x) p(x) dx by composite Simpson with 4000 intervals (error ≈ (η/4000)⁴/180 relative for |η| ≤ 60). */
function expect64(e: number, f: (x: number) => number): number {
  const n = 4000;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const x = i / n;
    s += (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2) * f(x) * Math.exp(logpdf64(x, e));
  }
  return s / (3 * n);
}
const etaArb = fc.oneof(f32(-60, 60), f32(-2.5, 2.5), f32(-1e-3, 1e-3), fc.constant(0));

describe("ContinuousBernoulli", () => {
  it("has Pyro's shapes for sample, rsample, logProb, mean, variance, entropy, expand and toEvent", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), (sampleShape, batch) => {
        tf.tidy(() => {
          const d = ContinuousBernoulli({ logits: tf.fill(batch, 0.7) });
          expect(d.batchShape).toEqual(batch);
          const x = d.rsample(sampleShape, 1);
          expect(x.shape).toEqual([...sampleShape, ...batch]);
          expect(d.sample(sampleShape, 1).shape).toEqual([...sampleShape, ...batch]);
          expect(d.logProb(x).shape).toEqual([...sampleShape, ...batch]);
          expect(d.mean.shape).toEqual(batch);
          expect(d.variance.shape).toEqual(batch);
          expect(d.entropy().shape).toEqual(batch);
          expect(ContinuousBernoulli({ probs: 0.3 }).expand([2, ...batch]).rsample([], 2).shape).toEqual([2, ...batch]);
          if (batch.length > 0) expect(d.toEvent(1).logProb(x).shape).toEqual([...sampleShape, ...batch.slice(0, -1)]);
        });
      }),
      { ...FC, numRuns: 15 },
    );
  });

  it("logProb equals the float64 log-density for logits and probs (including λ = ½ exactly)", () => {
    const cs = cases(fc.record({ e: etaArb, p: f32(1e-6, 1 - 1e-6), x: f32(0, 1) }), 300);
    const [gl, gp] = tf.tidy(() => {
      const x = tf.tensor(cs.map((c) => c.x));
      return [
        ContinuousBernoulli({ logits: cs.map((c) => c.e) }).logProb(x).dataSync(),
        ContinuousBernoulli({ probs: cs.map((c) => c.p) }).logProb(x).dataSync(),
      ];
    });
    everyCase(cs, ({ e, p, x }, i) => {
      const refL = logpdf64(x, e);
      const ep = Math.log(p) - Math.log1p(-p);
      const refP = logC64(ep) + x * Math.log(p) + (1 - x) * Math.log1p(-p);
      // log C (a few eps of itself: all its closed-form terms have one sign, the series is exact to float32), xη
      // and softplus(η): 6 roundings of terms of size ≤ |log C| + 2|η| + 1. With probs, η = log λ − log1p(−λ)
      // carries 2 eps·(|log λ| + |log(1 − λ)|), moving log C by at most that (|d log C/dη| ≤ 1).
      const tolL = 6 * EPS32 * (1 + Math.abs(logC64(e)) + 2 * Math.abs(e));
      const tolP = 6 * EPS32 * (1 + Math.abs(logC64(ep)) + 2 * (Math.abs(Math.log(p)) + Math.abs(Math.log1p(-p))));
      return within("logits", gl[i]!, refL, tolL) ?? within("probs", gp[i]!, refP, tolP);
    });
    expect(valuesOf(ContinuousBernoulli({ logits: 1 }).logProb(tf.tensor([-0.1, 1.1])))).toEqual([-Infinity, -Infinity]);
    expect(scalarOf(ContinuousBernoulli({ probs: 0.5 }).logProb(tf.scalar(0.9)))).toBe(0);
  });

  it("integrates to 1 over [0, 1] (Simpson on the float32 density)", () => {
    const cs = cases(etaArb, 30);
    const n = 2000;
    const totals = tf.tidy(() => {
      const d = ContinuousBernoulli({ logits: tf.tensor(cs.map((e) => [e])) });
      const grid = tf.tensor(Float32Array.from({ length: n + 1 }, (_, i) => i / n));
      const rows = tf.exp(d.logProb(grid)).arraySync() as number[][];
      return rows.map((r) => r.reduce((a, v, i) => a + (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2) * v, 0) / (3 * n));
    });
    // float32 density: 6 eps (1 + |log C| + 2|η|) relative; Simpson error ≤ (|η|/n)⁴/180 + float32 grid rounding
    // (x has 2⁻²⁴ absolute error: |η|·2⁻²⁴ relative), plus the float64 sum.
    everyCase(cs, (e, i) => within("∫ p", totals[i]!, 1, 6 * EPS32 * (2 + Math.abs(logC64(e)) + 3 * Math.abs(e)) + (e / n) ** 4 / 180 + 1e-12));
  });

  it("gradients of logProb w.r.t. logits and value equal central differences of the float64 log-density", () => {
    const cs = cases(fc.record({ e: etaArb, x: f32(0.001, 0.999) }), 200);
    const [ge, gx] = tf.tidy(() => {
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(ContinuousBernoulli({ logits: a }).logProb(b)))([
        tf.tensor(cs.map((c) => c.e)),
        tf.tensor(cs.map((c) => c.x)),
      ]);
      return g.map((t) => t.dataSync());
    });
    everyCase(cs, ({ e, x }, i) => {
      // ∂/∂η = (log C)′(η) + x − σ(η), (log C)′ = 1/η − 1/sinh η ∈ (−½, ½): autodiff of the series (|η| < 1) or of
      // log|η| + log1p(e^(−|η|)) − log(−expm1(−|η|)) (terms ≤ 1/|η| + 1, cancelling to ≈ 1/|η| − 2e^(−|η|)): ≤ 8 eps·2.
      // ∂/∂x = η exactly. Central differences (h ≈ 6e−6·max(1, |η|)): error ≤ 1e−9·max(1, |η|)².
      const fe = (v: number) => logpdf64(x, v);
      return (
        within("∂/∂η", ge![i]!, centralDiff(fe, e), 16 * EPS32 * 2 + 1e-9 * Math.max(1, Math.abs(e)) ** 2) ??
        within("∂/∂x", gx![i]!, e, 0)
      );
    });
  });

  it("mean, variance and entropy equal float64 quadrature (series near η = 0, closed forms beyond)", () => {
    const cs = cases(etaArb, 60);
    const [m, v, h] = tf.tidy(() => {
      const d = ContinuousBernoulli({ logits: cs });
      return [d.mean.dataSync(), d.variance.dataSync(), d.entropy().dataSync()];
    });
    everyCase(cs, (e, i) => {
      const mean = expect64(e, (x) => x);
      const variance = expect64(e, (x) => (x - mean) ** 2);
      const entropy = -expect64(e, (x) => logpdf64(x, e));
      // quadrature: (|η|/4000)⁴/180 relative, ≤ 1.4e−10 on |η| ≤ 60. Mean 1/(1 − e^(−η)) − 1/η: cancellation ≤ 3×
      // at |η| = 2, so ≤ 8 eps absolute; variance 1/η² − e^(−|η|)/expm1(−|η|)²: ≤ 6× at |η| = 2, so 16 eps·(1/η² + v);
      // entropy 1 − log a + log(−expm1(−a)) − a/expm1(a): 8 eps·(2 + log a) absolute.
      const q = 1e-9;
      return (
        within("mean", m[i]!, mean, 8 * EPS32 + q) ??
        within("variance", v[i]!, variance, 16 * EPS32 * (variance + Math.min(1 / (e * e), 1)) + q) ??
        within("entropy", h[i]!, entropy, 8 * EPS32 * (2 + Math.log(1 + Math.abs(e))) + q)
      );
    });
    expect(scalarOf(ContinuousBernoulli({ logits: 0 }).mean)).toBe(0.5);
    expect(scalarOf(ContinuousBernoulli({ logits: 0 }).variance)).toBeCloseTo(1 / 12, 7);
    expect(Math.abs(scalarOf(ContinuousBernoulli({ logits: 0 }).entropy()))).toBe(0);
  });

  it("rsample is pathwise: ∂x/∂η equals the implicit-function oracle −∂F/∂η / p(x)", () => {
    const cs = cases(fc.record({ e: fc.oneof(f32(-40, 40), f32(-0.3, 0.3), fc.constant(0)), seed: fc.integer({ min: 1, max: 2 ** 30 }) }), 60);
    everyCase(cs, ({ e, seed }) => {
      const [xs, gs] = tf.tidy(() => {
        const eta = tf.fill([50], e);
        const x = ContinuousBernoulli({ logits: eta }).rsample([], seed).dataSync();
        const g = tf.grad((t: tf.Tensor) => tf.sum(ContinuousBernoulli({ logits: t }).rsample([], seed)))(eta).dataSync();
        return [x, g];
      });
      for (let j = 0; j < 50; j++) {
        const x = xs[j]!;
        if (!(x >= 0 && x <= 1)) return `x = ${x} outside [0, 1]`;
        // oracle: F(x) = expm1(ηx)/expm1(η); ∂x/∂η = −F_η/F_x = (F(x) e^(η(1 − x)) − x)/η, whose float64 evaluation
        // loses eps64/|η|; for |η| < 1e−5 its expansion x(1 − x)/2 + η x(1 − x)(1 − 2x)/12 (error O(η²) < 1e−10).
        const oracle =
          Math.abs(e) < 1e-5 ? (x * (1 - x)) / 2 + (e * x * (1 - x) * (1 - 2 * x)) / 12 : (cdf64(x, e) * Math.exp(e * (1 - x)) - x) / e;
        // The float32 gradient errs by a few eps·(1 + 1/|η|) absolute (the difference of the tilted mean and x,
        // divided by η; a series below |η| = ¼), and the oracle is evaluated at the rounded x (|δx| ≤ 2⁻²⁴, and
        // |∂²x/∂η∂x| ≤ 1 + |η|): 16 eps (2 + |η| + 1/max(|η|, ¼)); plus the oracle's own 1e−10.
        const tol = 16 * EPS32 * (2 + Math.abs(e) + 1 / Math.max(Math.abs(e), 0.25)) + 1e-10;
        const m = within(`∂x/∂η at x = ${x}`, gs[j]!, oracle, tol);
        if (m) return m;
      }
      return undefined;
    });
  });

  it("draws follow the CDF (DKW band) and their moments match mean and variance (CLT), 1e−6 overall", () => {
    const runs = 10;
    const alpha = 1e-6 / (3 * runs); // DKW, mean, variance
    const z = zForFailureRate(alpha);
    const N = 20_000;
    fc.assert(
      fc.property(fc.oneof(f32(-30, 30), f32(-1, 1)), fc.boolean(), fc.integer({ min: 1, max: 2 ** 30 }), (e, byProbs, seed) => {
        const lam = 1 / (1 + Math.exp(-e));
        const d = byProbs && Math.fround(lam) > 0 && Math.fround(lam) < 1 ? ContinuousBernoulli({ probs: lam }) : ContinuousBernoulli({ logits: e });
        const eta = scalarOf(d.logits);
        const xs = valuesOf(d.sample([N], seed));
        expect(xs.every((x) => x >= 0 && x <= 1)).toBe(true);
        expect(dkwTest(xs, (x) => Math.min(1, Math.max(0, cdf64(x, eta))), alpha).pass).toBe(true);
        const mean = expect64(eta, (x) => x);
        const variance = expect64(eta, (x) => (x - mean) ** 2);
        const m4 = expect64(eta, (x) => (x - mean) ** 4);
        const s = moments(xs);
        // mean ~ N(μ, σ²/N); s² has variance (μ₄ − σ⁴)/N
        expect(Math.abs(s.mean - mean)).toBeLessThanOrEqual(z * Math.sqrt(variance / N));
        expect(Math.abs(s.variance - variance)).toBeLessThanOrEqual(z * Math.sqrt((m4 - variance * variance) / N));
        // Power: the DKW band at N = 20000 is ≈ 0.02; a sampler that ignores η (uniform draws) is ≥ 0.05 away in
        // CDF once |η| ≥ 0.6, and one with η off by 10% shifts the mean by ≥ 0.1·var(η)·|η| ≥ 5 SE for |η| ≥ 2.
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("rejects bad arguments with messages naming the parameter", () => {
    expect(() => ContinuousBernoulli({ probs: 1 })).toThrow(ValidationError);
    expect(() => ContinuousBernoulli({ probs: [0.5, 0] })).toThrow("ContinuousBernoulli: 'probs' must be in (0, 1), got 0 at [1]");
    expect(() => ContinuousBernoulli({ logits: Infinity })).toThrow("ContinuousBernoulli: 'logits' must be a finite real number, got Infinity");
  });

  it("does not leak tensors", () => {
    const d = ContinuousBernoulli({ logits: tf.tensor([-3, 0, 0.5, 4]) });
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      d.logProb(d.rsample([3], 1));
      void d.entropy();
      void d.mean;
      void d.variance;
      tf.grad((t: tf.Tensor) => tf.sum(ContinuousBernoulli({ logits: t }).rsample([2], 4)))(tf.tensor([-3, 0, 0.1, 4]));
      tf.grad((t: tf.Tensor) => tf.sum(ContinuousBernoulli({ logits: t }).entropy()))(tf.tensor([-3, 0, 0.1, 4]));
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});

import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ContinuousBernoulli, hasKL, kl, tf } from "latent";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, centralDiff, f32, scalarOf, valuesOf } from "../helpers.js";
import { cases, everyCase, logSigmoid64, moments, within } from "../distributions/discrete-helpers.js";

// float64 references: log C(η) (series below |η| = 1e−3) and the log-density; the KL by Simpson quadrature of
// p log(p/q) over [0, 1] (4000 intervals: relative error ≈ (max|η|/4000)⁴/180), independent of the closed form.
const logC64 = (e: number) =>
  Math.abs(e) < 1e-3 ? Math.log(2) + (e * e) / 12 - (7 * e ** 4) / 1440 : Math.log(Math.abs(e)) - Math.log(Math.abs(Math.tanh(e / 2)));
const logpdf64 = (x: number, e: number) => logC64(e) + x * e + logSigmoid64(-e);
function kl64(a: number, b: number): number {
  const n = 4000;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const x = i / n;
    const lp = logpdf64(x, a);
    s += (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2) * Math.exp(lp) * (lp - logpdf64(x, b));
  }
  return s / (3 * n);
}
const etaArb = fc.oneof(f32(-40, 40), f32(-2.5, 2.5), f32(-1e-3, 1e-3), fc.constant(0));

describe("KL(ContinuousBernoulli ‖ ContinuousBernoulli)", () => {
  it("is ≥ 0 up to float32 rounding, equals float64 quadrature, and KL(p ‖ p) is exactly 0", () => {
    const cs = cases(fc.record({ a: etaArb, b: etaArb }), 150);
    const [k, self, kp] = tf.tidy(() => {
      const a = tf.tensor(cs.map((c) => c.a));
      const b = tf.tensor(cs.map((c) => c.b));
      return [
        kl(ContinuousBernoulli({ logits: a }), ContinuousBernoulli({ logits: b })).dataSync(),
        kl(ContinuousBernoulli({ logits: a }), ContinuousBernoulli({ logits: a })).dataSync(),
        kl(ContinuousBernoulli({ probs: tf.sigmoid(tf.clipByValue(a, -15, 15)) }), ContinuousBernoulli({ probs: tf.sigmoid(tf.clipByValue(a, -15, 15)) })).dataSync(),
      ];
    });
    everyCase(cs, ({ a, b }, i) => {
      const ref = kl64(a, b);
      // Σ|terms| = |log C(ηp)| + |log C(ηq)| + |ηp − ηq|·mean + softplus(ηp) + softplus(ηq), each from a few roundings;
      // quadrature error (40/4000)⁴/180·|terms| ≤ 6e−11·|terms|.
      const size = 1 + Math.abs(logC64(a)) + Math.abs(logC64(b)) + Math.abs(a - b) - logSigmoid64(-a) - logSigmoid64(-b);
      if (self[i] !== 0) return `KL(p ‖ p) = ${self[i]} (logits)`;
      if (kp[i] !== 0) return `KL(p ‖ p) = ${kp[i]} (probs)`;
      if (!(k[i]! >= -8 * EPS32 * size)) return `KL = ${k[i]} < 0`;
      return within("KL", k[i]!, ref, 8 * EPS32 * size + 1e-10 * size);
    });
    expect(hasKL(ContinuousBernoulli({ logits: 0 }), ContinuousBernoulli({ probs: 0.3 }))).toBe(true);
  });

  it("closed form equals the Monte Carlo mean of log p(x) − log q(x) over x ~ p (CLT, 1e−6)", () => {
    const runs = 10;
    const z = zForFailureRate(1e-6 / runs);
    const n = 20_000;
    fc.assert(
      fc.property(f32(-10, 10), f32(-10, 10), fc.integer({ min: 1, max: 2 ** 30 }), (a, b, seed) => {
        const p = ContinuousBernoulli({ logits: a });
        const q = ContinuousBernoulli({ logits: b });
        const terms = tf.tidy(() => {
          const x = p.sample([n], seed);
          return tf.sub(p.logProb(x), q.logProb(x)).dataSync();
        });
        // log p − log q = const + x(ηp − ηq) is bounded (x ∈ [0, 1]), so the CLT with the sample sd applies;
        // slack for float32 log-densities: 8 eps (1 + |ηp| + |ηq| + |log C|'s). Power: the sd is ≤ |ηp − ηq|/√12,
        // so an error of 5% of the KL is caught once KL ≥ 0.1·|ηp − ηq|·z/√n·20.
        const { mean, variance } = moments(terms);
        const m = within("Monte Carlo", mean, scalarOf(kl(p, q)), (z * Math.sqrt(variance)) / Math.sqrt(n) + 8 * EPS32 * (4 + 2 * Math.abs(a) + 2 * Math.abs(b)));
        if (m) throw new Error(m);
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("has finite, non-zero gradients for both arguments equal to central differences, and the broadcast shape", () => {
    const cs = cases(fc.record({ a: fc.oneof(f32(-20, 20), f32(-1.5, 1.5)), b: fc.oneof(f32(-20, 20), f32(-1.5, 1.5)) }).filter(({ a, b }) => Math.abs(a - b) > 0.05), 60);
    const [ga, gb] = tf.tidy(() =>
      tf
        .grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(kl(ContinuousBernoulli({ logits: x }), ContinuousBernoulli({ logits: y }))))([
          tf.tensor(cs.map((c) => c.a)),
          tf.tensor(cs.map((c) => c.b)),
        ])
        .map((t) => t.dataSync()),
    );
    // closed-form float64 KL for the finite differences (quadrature noise would dominate them):
    // log C(a) − log C(b) + (a − b)·mean(a) + log σ(−a) − log σ(−b), mean(η) = 1/(1 − e^(−η)) − 1/η
    const mean64 = (e: number) => (Math.abs(e) < 1e-3 ? 0.5 + e / 12 - e ** 3 / 720 : -1 / Math.expm1(-e) - 1 / e);
    const klc = (a: number, b: number) => logC64(a) - logC64(b) + (a - b) * mean64(a) + logSigmoid64(-a) - logSigmoid64(-b);
    everyCase(cs, ({ a, b }, i) => {
      if (ga![i] === 0 || gb![i] === 0) return "zero gradient";
      // ∂/∂ηp = (ηp − ηq)·var(ηp), ∂/∂ηq = mean(ηq) − mean(ηp): a few eps of the terms (≤ 1 + |ηp − ηq|/12), plus FD error
      const size = 2 + Math.abs(a - b);
      return (
        within("∂/∂ηp", ga![i]!, centralDiff((x) => klc(x, b), a), 32 * EPS32 * size + 1e-8 * size * Math.max(1, Math.abs(a)) ** 2) ??
        within("∂/∂ηq", gb![i]!, centralDiff((y) => klc(a, y), b), 32 * EPS32 * size + 1e-8 * size * Math.max(1, Math.abs(b)) ** 2)
      );
    });
    const out = kl(ContinuousBernoulli({ logits: tf.zeros([3, 1]) }), ContinuousBernoulli({ probs: tf.fill([4], 0.3) }));
    expect(out.shape).toEqual([3, 4]);
    out.dispose();
  });

  it("does not leak tensors", () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      kl(ContinuousBernoulli({ logits: [0, 3] }), ContinuousBernoulli({ probs: [0.5, 0.1] }));
      tf.grad((x: tf.Tensor) => tf.sum(kl(ContinuousBernoulli({ logits: x }), ContinuousBernoulli({ logits: 1 }))))(tf.tensor([0, 0.5, 4]));
    });
    expect(tf.memory().numTensors).toBe(before);
    // nearby pairs: KL ≈ var·δ²/2 < 1e−13 for δ ≈ 1e−6, from terms of size |δ| and |log C(η) − log 2| (not log 2):
    // |error| ≤ 8 eps·(3δ + 2|log C(η) − log 2|)
    const ps = [0, 1e-6, 0.5];
    const qs = [1e-6, 0, 0.5 + 1e-6];
    const near = valuesOf(kl(ContinuousBernoulli({ logits: ps }), ContinuousBernoulli({ logits: qs })));
    near.forEach((v, i) => expect(Math.abs(v)).toBeLessThanOrEqual(8 * EPS32 * (3e-6 + 2 * (logC64(ps[i]!) - Math.log(2)) + 1e-12)));
  });
});

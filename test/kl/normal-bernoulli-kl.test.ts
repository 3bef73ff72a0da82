import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Bernoulli, HalfNormal, KLNotFoundError, Laplace, Normal, hasKL, kl, tf } from "latent";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, f32, logUniform, scalarOf, valuesOf } from "../helpers.js";

// float64 reference KL(N(m1, s1²) ‖ N(m2, s2²))
const klNormal64 = (m1: number, s1: number, m2: number, s2: number) =>
  Math.log(s2 / s1) + (s1 * s1 + (m1 - m2) ** 2) / (2 * s2 * s2) - 0.5;

const normalPair = fc.record({ m1: f32(-5, 5), s1: logUniform(0.05, 20), m2: f32(-5, 5), s2: logUniform(0.05, 20) });

describe("KL(Normal ‖ Normal)", () => {
  it("is ≥ 0 (float32-honest) and equals the float64 formula", () => {
    fc.assert(
      fc.property(normalPair, ({ m1, s1, m2, s2 }) => {
        const k = scalarOf(kl(Normal(m1, s1), Normal(m2, s2)));
        const ref = klNormal64(m1, s1, m2, s2);
        // The float32 formula ½(expm1(t) − t) + ½d² adds terms each computed to a few eps32 of
        // their size; Σ|terms| = ½(|expm1 t| + |t| + d²). KL ≥ −c·eps32·(1 + Σ|terms|) is the
        // float32-honest form of KL ≥ 0 (the float64 reference satisfies it strictly).
        const t = 2 * Math.log(s1 / s2);
        const d2 = ((m1 - m2) / s2) ** 2;
        const size = 0.5 * (Math.abs(Math.expm1(t)) + Math.abs(t) + d2);
        expect(ref).toBeGreaterThanOrEqual(0);
        expect(k).toBeGreaterThanOrEqual(-8 * EPS32 * (1 + size));
        expect(Math.abs(k - ref)).toBeLessThanOrEqual(16 * EPS32 * (1 + size));
      }),
      FC,
    );
  });

  it("KL(p ‖ p) is exactly 0", () => {
    fc.assert(
      fc.property(f32(-100, 100), logUniform(1e-3, 1e3), (m, s) => {
        expect(scalarOf(kl(Normal(m, s), Normal(m, s)))).toBe(0);
      }),
      FC,
    );
  });

  it("closed form equals the Monte Carlo estimate E_p[log p − log q] within a CLT bound (1e-6)", () => {
    const runs = 20;
    const z = zForFailureRate(1e-6 / runs);
    const n = 50_000;
    fc.assert(
      fc.property(
        fc.record({ m1: f32(-2, 2), s1: logUniform(0.3, 3), m2: f32(-2, 2), s2: logUniform(0.3, 3) }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        ({ m1, s1, m2, s2 }, seed) => {
          const p = Normal(m1, s1);
          const q = Normal(m2, s2);
          const terms = tf.tidy(() => {
            const x = p.sample([n], seed);
            return valuesOf(tf.sub(p.logProb(x), q.logProb(x)));
          });
          const mean = terms.reduce((a, b) => a + b, 0) / n;
          const sd = Math.sqrt(terms.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
          // The log-ratio is a quadratic in a Gaussian (finite moments of all orders), so the CLT
          // with the sample SD applies at n = 50,000. Power: a KL formula wrong by a factor 1.1
          // or a missing ½ is caught whenever KL·0.1 > z·sd/√n, i.e. in most draws.
          expect(Math.abs(mean - scalarOf(kl(p, q)))).toBeLessThanOrEqual((z * sd) / Math.sqrt(n) + 1e-5);
        },
      ),
      { ...FC, numRuns: runs },
    );
  });

  it("has gradients for both arguments' parameters and the broadcast batch shape", () => {
    const grads = tf.tidy(() =>
      tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => tf.sum(kl(Normal(a, b), Normal(c, d))))([
        tf.tensor([0.5, -1]),
        tf.tensor([1.5, 0.7]),
        tf.scalar(0.1),
        tf.scalar(2),
      ]).map((g) => Array.from(g.dataSync())),
    );
    // analytic: ∂/∂m1 = (m1 − m2)/s2², ∂/∂s1 = −1/s1 + s1/s2², ∂/∂m2 = −Σ(m1 − m2)/s2²,
    // ∂/∂s2 = Σ(1/s2 − (s1² + (m1 − m2)²)/s2³)
    const exp = [[0.1, -0.275], [-1 / 1.5 + 1.5 / 4, -1 / 0.7 + 0.7 / 4], [0.175], [2 * 0.5 - (1.5 ** 2 + 0.16 + 0.49 + 1.21) / 8]];
    grads.forEach((g, i) => g.forEach((v, j) => expect(v).toBeCloseTo(exp[i]![j]!, 5)));
    const k = kl(Normal(tf.zeros([3, 1]), 1), Normal(tf.zeros([4]), 2));
    expect(k.shape).toEqual([3, 4]);
    k.dispose();
  });

  it("Independent(Normal) KL is the sum of elementwise KLs", () => {
    fc.assert(
      fc.property(fc.array(normalPair, { minLength: 1, maxLength: 5 }), (pairs) => {
        const col = (k: keyof (typeof pairs)[0]) => pairs.map((p) => p[k]);
        const joint = scalarOf(kl(Normal(col("m1"), col("s1")).toEvent(1), Normal(col("m2"), col("s2")).toEvent(1)));
        const sum = pairs.reduce((a, { m1, s1, m2, s2 }) => a + klNormal64(m1, s1, m2, s2), 0);
        const size = pairs.reduce((a, { m1, s1, m2, s2 }) => a + Math.abs(klNormal64(m1, s1, m2, s2)) + Math.abs(2 * Math.log(s1 / s2)) + 1, 0);
        expect(Math.abs(joint - sum)).toBeLessThanOrEqual(16 * EPS32 * size);
        // expanded prior on the right, as in a VAE
        const vae = scalarOf(kl(Normal(col("m1"), col("s1")).toEvent(1), Normal(0, 1).expand([pairs.length]).toEvent(1)));
        const ref = pairs.reduce((a, { m1, s1 }) => a + klNormal64(m1, s1, 0, 1), 0);
        expect(Math.abs(vae - ref)).toBeLessThanOrEqual(16 * EPS32 * (1 + Math.abs(ref) + size));
      }),
      FC,
    );
  });
});

describe("KL(Bernoulli ‖ Bernoulli)", () => {
  const kl64 = (p: number, q: number) =>
    (p > 0 ? p * Math.log(p / q) : 0) + (p < 1 ? (1 - p) * Math.log((1 - p) / (1 - q)) : 0);
  it("with logits: ≥ 0, exactly 0 for p = q, equal to the float64 formula", () => {
    fc.assert(
      fc.property(f32(-15, 15), f32(-15, 15), (a, b) => {
        const k = scalarOf(kl(Bernoulli({ logits: a }), Bernoulli({ logits: b })));
        const p = 1 / (1 + Math.exp(-a));
        const q = 1 / (1 + Math.exp(-b));
        // softplus(ℓq) − softplus(ℓp) + p(ℓp − ℓq): terms of size ≤ |ℓp| + |ℓq| + 2.
        const size = Math.abs(a) + Math.abs(b) + 2;
        expect(k).toBeGreaterThanOrEqual(-8 * EPS32 * size);
        expect(Math.abs(k - kl64(p, q))).toBeLessThanOrEqual(8 * EPS32 * size);
        expect(scalarOf(kl(Bernoulli({ logits: a }), Bernoulli({ logits: a })))).toBe(0);
      }),
      FC,
    );
  });
  it("with probs: handles 0 and 1 (0 log 0 = 0; +∞ where q has no mass)", () => {
    expect(scalarOf(kl(Bernoulli({ probs: 0 }), Bernoulli({ probs: 0.5 })))).toBeCloseTo(Math.log(2), 6);
    expect(scalarOf(kl(Bernoulli({ probs: 0.5 }), Bernoulli({ probs: 0 })))).toBe(Infinity);
    expect(scalarOf(kl(Bernoulli({ probs: 0.3 }), Bernoulli({ probs: 0.3 })))).toBe(0);
  });
  it("with probs: has gradients for both arguments, log(p/q) − log((1−p)/(1−q)) and (q − p)/(q(1 − q))", () => {
    fc.assert(
      fc.property(f32(0.01, 0.99), f32(0.01, 0.99), (p, q) => {
        const [gp, gq] = tf.tidy(() =>
          tf.grads((a: tf.Tensor, b: tf.Tensor) => kl(Bernoulli({ probs: a }), Bernoulli({ probs: b })))([tf.scalar(p), tf.scalar(q)]).map(
            (g) => g.dataSync()[0]!,
          ),
        );
        // float32 logs and quotients of numbers ≥ 0.01: a few eps32 relative to terms ≤ 100.
        expect(Math.abs(gp! - (Math.log(p / q) - Math.log((1 - p) / (1 - q))))).toBeLessThanOrEqual(64 * EPS32 * 10);
        expect(Math.abs(gq! - (q - p) / (q * (1 - q)))).toBeLessThanOrEqual(64 * EPS32 * 100);
      }),
      FC,
    );
  });
});

describe("the KL registry", () => {
  it("names the pair and both remedies when no rule exists", () => {
    const p = Laplace(0, 1);
    const q = Normal(0, 1);
    expect(hasKL(p, q)).toBe(false);
    expect(() => kl(p, q)).toThrow(KLNotFoundError);
    expect(() => kl(p, q)).toThrow(
      /kl: no rule for \(Laplace, Normal\); register one with registerKL\(LaplaceDistribution, NormalDistribution.*Monte Carlo/,
    );
    expect(hasKL(Normal([0, 1], 1).toEvent(1), Bernoulli({ probs: [0.5, 0.5] }).toEvent(1))).toBe(false);
    expect(hasKL(Normal([0, 1], 1).toEvent(1), Normal(0, 1).expand([2]).toEvent(1))).toBe(true);
  });
  it("returns +∞ when p's support reaches outside q's, with the broadcast batch shape", () => {
    const k = kl(Normal(tf.zeros([3]), 1), HalfNormal(1));
    expect(k.shape).toEqual([3]);
    expect(Array.from(k.dataSync())).toEqual([Infinity, Infinity, Infinity]);
    expect(scalarOf(kl(Normal(0, 1), Bernoulli({ probs: 0.5 })))).toBe(Infinity);
    k.dispose();
  });
});

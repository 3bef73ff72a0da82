import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import poissonLogpmf from "@stdlib/stats-base-dists-poisson-logpmf";
import { Binomial, Categorical, Geometric, KLNotFoundError, OneHotCategorical, Poisson, ShapeError, hasKL, kl, tf } from "latent";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, centralDiff, f32, logUniform, scalarOf, valuesOf } from "../helpers.js";
import { cases, everyCase, logSigmoid64, moments, within } from "../distributions/discrete-helpers.js";

const softplus64 = (l: number) => -logSigmoid64(-l);
const logProbs64 = (l: number[]) => {
  const m = Math.max(...l);
  const z = m + Math.log(l.reduce((a, x) => a + Math.exp(x - m), 0));
  return l.map((x) => x - z);
};
/** Closed form vs the Monte Carlo mean of the log-ratio: |mean − KL| ≤ z·sd/√n (CLT with the sample sd). */
function mcCheck(terms: ArrayLike<number>, closed: number, z: number, slack: number): string | undefined {
  const { mean, variance } = moments(terms);
  return within("Monte Carlo", mean, closed, (z * Math.sqrt(variance)) / Math.sqrt(terms.length) + slack);
}

describe("KL(Categorical ‖ Categorical) and KL(OneHotCategorical ‖ OneHotCategorical)", () => {
  const pairArb = fc.integer({ min: 1, max: 8 }).chain((k) =>
    fc.record({ a: fc.array(f32(-12, 12), { minLength: k, maxLength: k }), b: fc.array(f32(-12, 12), { minLength: k, maxLength: k }) }),
  );

  it("is ≥ 0 up to float32 rounding, equals the float64 sum, and KL(p ‖ p) is exactly 0 (logits and probs)", () => {
    const cs = cases(pairArb, 200);
    everyCase(cs, ({ a, b }) => {
      const lp = logProbs64(a);
      const lq = logProbs64(b);
      const ref = lp.reduce((s, v, k) => s + Math.exp(v) * (v - lq[k]!), 0);
      // Σ pₖ(log pₖ − log qₖ), each log-probability to 2 eps (|ℓ| + |logΣexp| + K): Σ|terms| = Σ pₖ(|log pₖ| + |log qₖ|) + …
      const size = 1 + lp.reduce((s, v, k) => s + Math.exp(v) * (Math.abs(v) + Math.abs(lq[k]!)), 0) + a.length + Math.abs(Math.max(...b));
      const [k1, k2, k3, k4, self1, self2] = tf.tidy(() => {
        const pa = tf.softmax(tf.tensor(a));
        const pb = tf.softmax(tf.tensor(b));
        return [
          kl(Categorical({ logits: a }), Categorical({ logits: b })),
          kl(Categorical({ probs: pa }), Categorical({ probs: pb })),
          kl(OneHotCategorical({ logits: a }), OneHotCategorical({ logits: b })),
          kl(Categorical({ logits: a }), Categorical({ probs: pb })),
          kl(Categorical({ logits: a }), Categorical({ logits: a })),
          kl(Categorical({ probs: pa }), Categorical({ probs: pa })),
        ].map((t) => t.dataSync()[0]!);
      });
      if (self1 !== 0 || self2 !== 0) return `KL(p ‖ p) = ${self1}, ${self2}`;
      if (!(k1! >= -8 * EPS32 * size)) return `KL = ${k1} < 0`;
      // probs given as a float32 softmax: their own 2 eps relative rounding moves the KL by ≤ 4 eps·Σ pₖ|log pₖ − log qₖ|·…
      return (
        within("logits", k1!, ref, 8 * EPS32 * size) ??
        within("probs", k2!, ref, 16 * EPS32 * size) ??
        within("one-hot", k3!, k1!, 0) ??
        within("mixed", k4!, ref, 16 * EPS32 * size)
      );
    });
    expect(scalarOf(kl(Categorical({ probs: [0.5, 0.5] }), Categorical({ probs: [1, 0] })))).toBe(Infinity);
    expect(scalarOf(kl(Categorical({ probs: [1, 0] }), Categorical({ probs: [0.5, 0.5] })))).toBeCloseTo(Math.log(2), 6);
    expect(() => kl(Categorical({ logits: [0, 0] }), Categorical({ logits: [0, 0, 0] }))).toThrow(ShapeError);
  });

  it("closed form equals the Monte Carlo mean of log p(x) − log q(x) over x ~ p (Bernstein bound, 1e−6)", () => {
    const runs = 10;
    const alpha = 1e-6 / runs;
    const n = 20_000;
    fc.assert(
      fc.property(pairArb.filter(({ a }) => a.length >= 2), fc.integer({ min: 1, max: 2 ** 30 }), ({ a, b }, seed) => {
        const p = Categorical({ logits: a });
        const q = Categorical({ logits: b });
        const terms = tf.tidy(() => {
          const x = p.sample([n], seed);
          return tf.sub(p.logProb(x), q.logProb(x)).dataSync();
        });
        // The log-ratio r(x) takes K values; rare classes with large |r| make the sample sd (and the CLT) unreliable,
        // so the bound is Bernstein's inequality with the exact float64 variance σ² = Σ pₖ (rₖ − KL)² and range
        // M = maxₖ |rₖ − KL|: P(|mean − KL| ≥ t) ≤ 2 exp(−n t²/(2σ² + 2Mt/3)), solved for t at α. Power: with
        // σ ≤ 1 the bound is ≈ z·σ/√n, so a closed form off by 10% of a KL ≥ 0.05 is caught.
        const lp = logProbs64(a);
        const lq = logProbs64(b);
        const r = lp.map((v, k) => v - lq[k]!);
        const kl64 = lp.reduce((s, v, k) => s + Math.exp(v) * r[k]!, 0);
        const s2 = lp.reduce((s, v, k) => s + Math.exp(v) * (r[k]! - kl64) ** 2, 0);
        const range = Math.max(...r.map((v, k) => (Math.exp(lp[k]!) > 0 ? Math.abs(v - kl64) : 0)));
        const L = Math.log(2 / alpha);
        const t = ((range * L) / 3 + Math.sqrt(((range * L) / 3) ** 2 + 2 * n * s2 * L)) / n;
        const { mean } = moments(terms);
        // + float32 rounding of the n log-ratios (≤ 4 eps (|log p| + |log q|) each, averaged) and of the closed form
        const m = within("Monte Carlo", mean, scalarOf(kl(p, q)), t + 1e-5 * (1 + Math.max(...r.map(Math.abs))));
        if (m) throw new Error(m);
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("has gradients for both arguments' logits (p ⊙ (log p − log q − KL) and q − p) and the broadcast batch shape", () => {
    const a = [0.3, -1, 2];
    const b = [1, 0.5, -0.2];
    const [ga, gb] = tf.tidy(() =>
      tf.grads((x: tf.Tensor, y: tf.Tensor) => kl(Categorical({ logits: x }), Categorical({ logits: y })))([tf.tensor(a), tf.tensor(b)]).map((t) => valuesOf(t)),
    );
    const lp = logProbs64(a);
    const lq = logProbs64(b);
    const k = lp.reduce((s, v, j) => s + Math.exp(v) * (v - lq[j]!), 0);
    lp.forEach((v, j) => {
      expect(ga![j]).toBeCloseTo(Math.exp(v) * (v - lq[j]! - k), 5);
      expect(gb![j]).toBeCloseTo(Math.exp(lq[j]!) - Math.exp(v), 5);
    });
    const gp = tf.tidy(() => valuesOf(tf.grad((x: tf.Tensor) => kl(Categorical({ probs: x }), Categorical({ probs: [0.2, 0.3, 0.5] })))(tf.tensor([0.5, 0.5, 0]))));
    expect(gp.every(Number.isFinite)).toBe(true);
    const out = kl(Categorical({ logits: tf.zeros([3, 1, 4]) }), OneHotCategorical({ logits: tf.zeros([4, 4]) }).categorical);
    expect(out.shape).toEqual([3, 4]);
    out.dispose();
    expect(hasKL(OneHotCategorical({ logits: [0, 1] }), OneHotCategorical({ logits: [1, 0] }))).toBe(true);
  });
});

describe("KL(Binomial ‖ Binomial)", () => {
  const kl64 = (n: number, a: number, b: number) =>
    n * (Math.exp(logSigmoid64(a)) * (logSigmoid64(a) - logSigmoid64(b)) + Math.exp(logSigmoid64(-a)) * (logSigmoid64(-a) - logSigmoid64(-b)));

  it("is ≥ 0, equals n·KL(Bern ‖ Bern) in float64, and KL(p ‖ p) = 0 exactly", () => {
    const cs = cases(fc.record({ n: fc.integer({ min: 0, max: 1e6 }), a: f32(-20, 20), b: f32(-20, 20) }), 200);
    const [k, self, kp] = tf.tidy(() => {
      const n = tf.tensor(cs.map((c) => c.n));
      const a = tf.tensor(cs.map((c) => c.a));
      const b = tf.tensor(cs.map((c) => c.b));
      return [
        kl(Binomial({ totalCount: n, logits: a }), Binomial({ totalCount: n, logits: b })).dataSync(),
        kl(Binomial({ totalCount: n, logits: a }), Binomial({ totalCount: n, logits: a })).dataSync(),
        kl(Binomial({ totalCount: n, probs: tf.sigmoid(a) }), Binomial({ totalCount: n, probs: tf.sigmoid(b) })).dataSync(),
      ];
    });
    everyCase(cs, ({ n, a, b }, i) => {
      const ref = kl64(n, a, b);
      // n [softplus(ℓq) − softplus(ℓp) + σ(ℓp)(ℓp − ℓq)]: Σ|terms| = n (softplus(ℓq) + softplus(ℓp) + σ(ℓp)|ℓp − ℓq|)
      const size = n * (softplus64(b) + softplus64(a) + Math.abs(a - b)) + 1;
      if (self[i] !== 0) return `KL(p ‖ p) = ${self[i]}`;
      if (!(k[i]! >= -8 * EPS32 * size)) return `KL = ${k[i]} < 0`;
      // probs (float32 σ, then log and log1p(−p)): the probability form loses log(1 − p) to 1 − p's rounding, up to
      // eps/(1 − p) relative, i.e. eps·e^|ℓ| on the terms: only compared for |ℓ| ≤ 8.
      const probsCheck =
        Math.max(Math.abs(a), Math.abs(b)) <= 8 ? within("probs", kp[i]!, ref, 16 * EPS32 * size * (1 + Math.exp(Math.max(Math.abs(a), Math.abs(b))))) : undefined;
      return within("logits", k[i]!, ref, 8 * EPS32 * size) ?? probsCheck;
    });
  });

  it("closed form equals the Monte Carlo mean of the log-ratio over draws of p (CLT, 1e−6)", () => {
    const runs = 10;
    const z = zForFailureRate(1e-6 / runs);
    const N = 20_000;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), f32(-3, 3), f32(-3, 3), fc.integer({ min: 1, max: 2 ** 30 }), (n, a, b, seed) => {
        const p = Binomial({ totalCount: n, logits: a });
        const q = Binomial({ totalCount: n, logits: b });
        const xs = valuesOf(p.sample([N], seed));
        // log-ratio in float64: k(ℓp − ℓq) + n(log σ(−ℓp) − log σ(−ℓq)) (the binomial coefficients cancel)
        const terms = xs.map((k) => k * (a - b) + n * (logSigmoid64(-a) - logSigmoid64(-b)));
        const m = mcCheck(terms, scalarOf(kl(p, q)), z, 16 * EPS32 * (1 + n * (Math.abs(a) + Math.abs(b) + 2)));
        if (m) throw new Error(m);
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("has gradients for both arguments (n σ′(ℓp)(ℓp − ℓq) and n(σ(ℓq) − σ(ℓp))), the broadcast shape, and refuses unequal n", () => {
    const [ga, gb] = tf.tidy(() =>
      tf.grads((x: tf.Tensor, y: tf.Tensor) => kl(Binomial({ totalCount: 7, logits: x }), Binomial({ totalCount: 7, logits: y })))([tf.scalar(0.4), tf.scalar(-1.1)]).map(scalarOf),
    );
    const s = (l: number) => 1 / (1 + Math.exp(-l));
    expect(ga!).toBeCloseTo(7 * s(0.4) * (1 - s(0.4)) * 1.5, 5);
    expect(gb!).toBeCloseTo(7 * (s(-1.1) - s(0.4)), 5);
    const gp = tf.tidy(() => tf.grads((x: tf.Tensor, y: tf.Tensor) => kl(Binomial({ totalCount: 3, probs: x }), Binomial({ totalCount: 3, probs: y })))([tf.scalar(0.3), tf.scalar(0.6)]).map(scalarOf));
    expect(gp.every((g) => Number.isFinite(g) && g !== 0)).toBe(true);
    const out = kl(Binomial({ totalCount: 4, logits: tf.zeros([3, 1]) }), Binomial({ totalCount: 4, probs: tf.fill([4], 0.3) }));
    expect(out.shape).toEqual([3, 4]);
    out.dispose();
    expect(() => kl(Binomial({ totalCount: [5, 6], probs: 0.5 }), Binomial({ totalCount: [5, 7], probs: 0.5 }))).toThrow(KLNotFoundError);
    expect(() => kl(Binomial({ totalCount: [5, 6], probs: 0.5 }), Binomial({ totalCount: [5, 7], probs: 0.5 }))).toThrow(
      "kl(Binomial, Binomial): the total counts must be equal (the closed form needs the same n), got 6 and 7 at flat index 1",
    );
    expect(scalarOf(kl(Binomial({ totalCount: 3, probs: 0.5 }), Binomial({ totalCount: 3, probs: 1 })))).toBe(Infinity);
  });
});

describe("KL(Poisson ‖ Poisson)", () => {
  // a log(a/b) + b − a with log(a/b) = log1p((a − b)/b): no float64 loss in log(a/b) when a ≈ b
  const kl64 = (a: number, b: number) => (a === 0 ? b : a * Math.log1p((a - b) / b) - (a - b));

  it("is ≥ 0 (never negative: a series near λp = λq), equals the float64 formula, and KL(p ‖ p) = 0 exactly", () => {
    const cs = cases(fc.record({ a: logUniform(1e-4, 1e6), r: fc.oneof(logUniform(0.2, 5), f32(0.999, 1.001)) }), 300);
    const bs = cs.map((c) => Math.fround(c.a * c.r));
    const [k, self] = tf.tidy(() => {
      const a = tf.tensor(cs.map((c) => c.a));
      return [kl(Poisson(a), Poisson(tf.tensor(bs))).dataSync(), kl(Poisson(a), Poisson(a)).dataSync()];
    });
    everyCase(cs, ({ a }, i) => {
      const b = bs[i]!;
      const ref = kl64(a, b);
      if (self[i] !== 0) return `KL(p ‖ p) = ${self[i]}`;
      if (!(k[i]! >= 0)) return `KL = ${k[i]} < 0`;
      // bd0: near λp = λq (|v| < 1/3) a series of same-signed terms, relative error a few eps; beyond, the direct
      // form cancels by at most ≈ 6×: 16 eps·(KL + [|v| ≥ 1/3]·(λp|log(λp/λq)| + λp + λq))
      const v = (a - b) / (a + b);
      const size = ref + (Math.abs(v) >= 1 / 3 ? a * Math.abs(Math.log(a / b)) + a + b : 0);
      return within("KL", k[i]!, ref, 16 * EPS32 * size);
    });
    expect(scalarOf(kl(Poisson(0), Poisson(2.5)))).toBe(2.5);
    expect(scalarOf(kl(Poisson(1), Poisson(0)))).toBe(Infinity);
  });

  it("closed form equals the Monte Carlo mean of the log-ratio over draws of p (CLT, 1e−6)", () => {
    const runs = 10;
    const z = zForFailureRate(1e-6 / runs);
    const N = 20_000;
    fc.assert(
      fc.property(logUniform(0.1, 1000), logUniform(0.1, 1000), fc.integer({ min: 1, max: 2 ** 30 }), (a, b, seed) => {
        const p = Poisson(a);
        const xs = valuesOf(p.sample([N], seed));
        const terms = xs.map((k) => poissonLogpmf(k, a) - poissonLogpmf(k, b));
        const m = mcCheck(terms, scalarOf(kl(p, Poisson(b))), z, 16 * EPS32 * (1 + a * Math.abs(Math.log(a / b)) + a + b));
        if (m) throw new Error(m);
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("has gradients log(λp/λq) and 1 − λp/λq for both arguments, and the broadcast shape", () => {
    const [ga, gb] = tf.tidy(() => tf.grads((x: tf.Tensor, y: tf.Tensor) => kl(Poisson(x), Poisson(y)))([tf.scalar(2), tf.scalar(3)]).map(scalarOf));
    expect(ga!).toBeCloseTo(Math.log(2 / 3), 6);
    expect(gb!).toBeCloseTo(1 - 2 / 3, 6);
    const out = kl(Poisson(tf.ones([3, 1])), Poisson(tf.ones([4])));
    expect(out.shape).toEqual([3, 4]);
    out.dispose();
  });
});

describe("KL(Geometric ‖ Geometric)", () => {
  // KL(Bern(p) ‖ Bern(q))/p in float64 from the logits
  const kl64 = (a: number, b: number) =>
    (Math.exp(logSigmoid64(a)) * (logSigmoid64(a) - logSigmoid64(b)) + Math.exp(logSigmoid64(-a)) * (logSigmoid64(-a) - logSigmoid64(-b))) /
    Math.exp(logSigmoid64(a));
  const logpmf64 = (k: number, l: number) => logSigmoid64(l) + k * logSigmoid64(-l);

  it("is ≥ 0, equals the float64 formula (logits over [−60, 60], and probs), and KL(p ‖ p) = 0 exactly", () => {
    const cs = cases(fc.record({ a: f32(-60, 60), b: f32(-60, 60), near: fc.boolean(), d: f32(-0.01, 0.01) }), 300);
    const bs = cs.map((c) => (c.near ? Math.fround(c.a + c.d) : c.b));
    const [k, self, kp] = tf.tidy(() => {
      const a = tf.tensor(cs.map((c) => c.a));
      const b = tf.tensor(bs);
      return [
        kl(Geometric({ logits: a }), Geometric({ logits: b })).dataSync(),
        kl(Geometric({ logits: a }), Geometric({ logits: a })).dataSync(),
        kl(Geometric({ probs: tf.sigmoid(a) }), Geometric({ probs: tf.sigmoid(b) })).dataSync(),
      ];
    });
    everyCase(cs, ({ a }, i) => {
      const b = bs[i]!;
      const ref = kl64(a, b);
      // softplus(−ℓq) − softplus(−ℓp) + σ(−ℓp)·E·g(σ(ℓp)E): the first difference rounds at 2 eps of its terms,
      // the product of positive factors at a few eps of itself; far (Δ > 20): (softplus(ℓq) − softplus(ℓp))·e^(−ℓp).
      const size = 1 + softplus64(-a) + softplus64(-b) + Math.abs(ref) * (1 + Math.abs(a) + Math.abs(b));
      if (self[i] !== 0) return `KL(p ‖ p) = ${self[i]}`;
      if (!(k[i]! >= -8 * EPS32 * size)) return `KL = ${k[i]} < 0`;
      // probs: compared where neither probability rounds to 1 or underflows in float32 (|ℓ| ≤ 10), with the
      // extra eps·e^|ℓ| relative error of log(1 − p) from a rounded 1 − p
      const probsCheck =
        Math.max(Math.abs(a), Math.abs(b)) <= 10 ? within("probs", kp[i]!, ref, 16 * EPS32 * size * (1 + Math.exp(Math.max(Math.abs(a), Math.abs(b))))) : undefined;
      return within("logits", k[i]!, ref, 16 * EPS32 * size) ?? probsCheck;
    });
    expect(scalarOf(kl(Geometric({ probs: 0.5 }), Geometric({ probs: 1 })))).toBe(Infinity);
    expect(scalarOf(kl(Geometric({ probs: 1 }), Geometric({ probs: 0.5 })))).toBeCloseTo(Math.log(2), 6);
  });

  it("closed form equals the Monte Carlo mean of the log-ratio over draws of p (CLT, 1e−6)", () => {
    const runs = 10;
    const z = zForFailureRate(1e-6 / runs);
    const N = 20_000;
    fc.assert(
      fc.property(f32(-3, 3), f32(-3, 3), fc.integer({ min: 1, max: 2 ** 30 }), (a, b, seed) => {
        const p = Geometric({ logits: a });
        const xs = valuesOf(p.sample([N], seed));
        // the log-ratio is linear in k, whose tail is geometric: all moments finite, CLT applies
        const terms = xs.map((k) => logpmf64(k, a) - logpmf64(k, b));
        const m = mcCheck(terms, scalarOf(kl(p, Geometric({ logits: b }))), z, 1e-5);
        if (m) throw new Error(m);
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("has finite, non-zero gradients for both arguments equal to central differences, and the broadcast shape", () => {
    const cs = cases(fc.record({ a: f32(-8, 8), b: f32(-8, 8) }).filter(({ a, b }) => Math.abs(a - b) > 0.01), 100);
    const [ga, gb] = tf.tidy(() =>
      tf
        .grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(kl(Geometric({ logits: x }), Geometric({ logits: y }))))([tf.tensor(cs.map((c) => c.a)), tf.tensor(cs.map((c) => c.b))])
        .map((t) => t.dataSync()),
    );
    everyCase(cs, ({ a, b }, i) => {
      const da = centralDiff((x) => kl64(x, b), a);
      const db = centralDiff((y) => kl64(a, y), b);
      if (ga![i] === 0 || gb![i] === 0) return "zero gradient";
      // the derivative terms are of size ≤ (1 + e^(−ℓp))(1 + |ℓp − ℓq|); a few eps of that, plus FD error ≈ 1e−8·size·64
      const size = (1 + Math.exp(-a)) * (2 + Math.abs(a - b));
      return within("∂/∂ℓp", ga![i]!, da, 32 * EPS32 * size + 1e-7 * size) ?? within("∂/∂ℓq", gb![i]!, db, 32 * EPS32 * size + 1e-7 * size);
    });
    const out = kl(Geometric({ logits: tf.zeros([3, 1]) }), Geometric({ probs: tf.fill([4], 0.3) }));
    expect(out.shape).toEqual([3, 4]);
    out.dispose();
  });
});

describe("discrete KL rules", () => {
  it("do not leak tensors", () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      kl(Categorical({ logits: [0, 1] }), Categorical({ probs: [0.5, 0.5] }));
      kl(Binomial({ totalCount: 3, logits: 0 }), Binomial({ totalCount: 3, probs: 0.2 }));
      kl(Poisson(1), Poisson(2));
      kl(Geometric({ logits: -50 }), Geometric({ logits: 1 }));
      tf.grad((x: tf.Tensor) => kl(Geometric({ logits: x }), Geometric({ logits: 30 })))(tf.scalar(-50));
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});


import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Geometric, ValidationError, tf } from "latent";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, centralDiff, f32, logUniform, scalarOf, valuesOf } from "../helpers.js";
import { cases, chiSquareGof, columns, everyCase, logSigmoid64, moments, within } from "./discrete-helpers.js";

// float64 reference: log p + k log(1 − p)
const logpmf64 = (k: number, lp: number, lq: number) => lp + (k === 0 ? 0 : k * lq);
/** Smallest K with P(X > K) = (1 − p)^(K + 1) < 1e−12. */
const upper = (lq: number) => Math.ceil(Math.log(1e-12) / lq);

describe("Geometric", () => {
  it("has Pyro's shapes for sample, logProb, mean, variance, entropy, expand and toEvent", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), (sampleShape, batch) => {
        tf.tidy(() => {
          const d = Geometric({ logits: tf.zeros(batch) });
          expect(d.batchShape).toEqual(batch);
          const x = d.sample(sampleShape, 1);
          expect(x.shape).toEqual([...sampleShape, ...batch]);
          expect(d.logProb(x).shape).toEqual([...sampleShape, ...batch]);
          expect(d.mean.shape).toEqual(batch);
          expect(d.variance.shape).toEqual(batch);
          expect(d.entropy().shape).toEqual(batch);
          expect(Geometric({ probs: 0.3 }).expand([2, ...batch]).sample([], 2).shape).toEqual([2, ...batch]);
          if (batch.length > 0) expect(d.toEvent(1).logProb(x).shape).toEqual([...sampleShape, ...batch.slice(0, -1)]);
        });
      }),
      { ...FC, numRuns: 10 },
    );
  });

  it("logProb equals the float64 log-mass (logits over [−40, 40], probs over [1e−6, 1])", () => {
    const cs = cases(fc.record({ l: f32(-40, 40), p: logUniform(1e-6, 1), k: fc.oneof(fc.integer({ min: 0, max: 20 }), logUniform(1, 1e7).map(Math.round)) }), 300);
    const [gl, gp] = tf.tidy(() => {
      const k = tf.tensor(cs.map((c) => c.k));
      return [
        Geometric({ logits: cs.map((c) => c.l) }).logProb(k).dataSync(),
        Geometric({ probs: cs.map((c) => c.p) }).logProb(k).dataSync(),
      ];
    });
    everyCase(cs, ({ l, p, k }, i) => {
      const refL = logpmf64(k, logSigmoid64(l), logSigmoid64(-l));
      const refP = logpmf64(k, Math.log(p), Math.log1p(-p));
      // logits: −softplus(−ℓ) − k softplus(ℓ), both terms ≤ 0 (no cancellation): a few roundings of |result|.
      // probs: log p + xlog1py(k, −p): the same, with the two terms of one sign.
      return within("logits", gl[i]!, refL, 6 * EPS32 * (1 + Math.abs(refL))) ?? within("probs", gp[i]!, refP, 6 * EPS32 * (1 + Math.abs(refP)));
    });
    expect(valuesOf(Geometric({ probs: 0.5 }).logProb(tf.tensor([-1, 0.5])))).toEqual([-Infinity, -Infinity]);
    expect(valuesOf(Geometric({ probs: 1 }).logProb(tf.tensor([0, 1])))).toEqual([0, -Infinity]);
  });

  it("sums to 1 over {0, …, K} with P(X > K) < 1e−12", () => {
    const cs = cases(f32(-4.5, 6), 20);
    const kMax = Math.max(...cs.map((l) => upper(logSigmoid64(-l))));
    const totals = tf.tidy(() => {
      const rows = tf.exp(Geometric({ logits: tf.tensor(cs.map((l) => [l])) }).logProb(tf.range(0, kMax + 1, 1, "float32"))).arraySync() as number[][];
      return rows.map((row) => row.reduce((a, b) => a + b, 0));
    });
    // Σ P(k)·6 eps (1 + |log P(k)|) ≤ 6 eps (1 + H) with H ≤ 1 − ℓ + log(1 + e^ℓ)…, bounded by 6 eps (2 + |ℓ| + log K),
    // plus the tail < 1e−12 and the float64 sum.
    everyCase(cs, (l, i) => within("Σ P(k)", totals[i]!, 1, 6 * EPS32 * (2 + Math.abs(l) + Math.log(kMax)) + 2e-12));
  });

  it("gradients w.r.t. logits and probs equal central differences of the float64 log-mass", () => {
    const cs = cases(fc.record({ l: f32(-15, 15), p: f32(0.01, 0.99), k: fc.integer({ min: 0, max: 200 }) }), 200);
    const [gl, gp] = tf.tidy(() => {
      const k = tf.tensor(cs.map((c) => c.k));
      return [
        tf.grad((x: tf.Tensor) => tf.sum(Geometric({ logits: x }).logProb(k)))(tf.tensor(cs.map((c) => c.l))).dataSync(),
        tf.grad((x: tf.Tensor) => tf.sum(Geometric({ probs: x }).logProb(k)))(tf.tensor(cs.map((c) => c.p))).dataSync(),
      ];
    });
    everyCase(cs, ({ l, p, k }, i) => {
      const fl = (x: number) => logpmf64(k, logSigmoid64(x), logSigmoid64(-x));
      const fp = (x: number) => logpmf64(k, Math.log(x), Math.log1p(-x));
      // ∂/∂ℓ = σ(−ℓ) − k σ(ℓ) and ∂/∂p = 1/p − k/(1 − p): two roundings of each term. Central differences:
      // roundoff ≤ 4 eps64 |f|/h, truncation ≤ h²|f‴|/6 with |f‴| ≤ (k + 1)/4 (logits), 2/p³ + 2k/(1 − p)³ (probs).
      const hl = Math.cbrt(2 ** -52) * Math.max(1, Math.abs(l));
      const hp = Math.cbrt(2 ** -52);
      const sl = 1 / (1 + Math.exp(-l));
      const tolL = 3 * EPS32 * (1 - sl + k * sl) + (4 * 2 ** -52 * (1 + Math.abs(fl(l)))) / hl + (hl * hl * (k + 1)) / 24;
      const tolP = 3 * EPS32 * (1 / p + k / (1 - p)) + (4 * 2 ** -52 * (1 + Math.abs(fp(p)))) / hp + (hp * hp * (2 / p ** 3 + (2 * k) / (1 - p) ** 3)) / 6;
      return within("∂/∂ℓ", gl[i]!, centralDiff(fl, l), tolL) ?? within("∂/∂p", gp[i]!, centralDiff(fp, p), tolP);
    });
  });

  it("mean, variance and entropy equal the float64 formulas, with logits over [−80, 80] and probs in (0, 1]", () => {
    const cs = cases(fc.record({ l: f32(-80, 80), p: logUniform(1e-6, 1) }), 200);
    const [ml, vl, hl, mp, vp, hp] = tf.tidy(() => {
      const a = Geometric({ logits: cs.map((c) => c.l) });
      const b = Geometric({ probs: cs.map((c) => c.p) });
      return [a.mean, a.variance, a.entropy(), b.mean, b.variance, b.entropy()].map((t) => t.dataSync());
    });
    const ref = (lp: number, lq: number) => {
      const p = Math.exp(lp);
      const q = Math.exp(lq);
      // mean q/p, variance q/p², entropy −(p log p + q log q)/p = −log p − (q/p) log q
      return [q / p, q / (p * p), -lp - (q === 0 ? 0 : (q / p) * lq)];
    };
    everyCase(cs, ({ l, p }, i) => {
      const [m1, v1, h1] = ref(logSigmoid64(l), logSigmoid64(-l));
      const [m2, v2, h2] = ref(Math.log(p), Math.log1p(-p));
      // logits: e^(−ℓ) has relative error ≤ eps·(1 + |ℓ|) (the rounding of ℓ·log e); the entropy's two terms are
      // positive (softplus(−ℓ) + e^(−ℓ) softplus(ℓ), or log1p(t)/t for ℓ ≤ 0): a few eps of it.
      // probs: (1 − p)/p and /p²: 3 roundings; entropy −log p − xlog1py((1 − p)/p, −p): both terms ≥ 0.
      const r = (x: number) => Math.abs(x);
      return (
        within("mean(ℓ)", ml![i]!, m1!, 4 * EPS32 * (1 + r(l)) * r(m1!)) ??
        within("variance(ℓ)", vl![i]!, v1!, 8 * EPS32 * (1 + r(l)) * r(v1!)) ??
        within("entropy(ℓ)", hl![i]!, h1!, 8 * EPS32 * (1 + r(h1!))) ??
        within("mean(p)", mp![i]!, m2!, 4 * EPS32 * r(m2!)) ??
        within("variance(p)", vp![i]!, v2!, 6 * EPS32 * r(v2!)) ??
        within("entropy(p)", hp![i]!, h2!, 8 * EPS32 * (1 + r(h2!)))
      );
    });
  });

  it("samples are counts with finite logProb, match the pmf (chi-square) and the moments (CLT)", () => {
    const runs = 10;
    const alpha = 1e-6 / (6 * runs); // chi-square, mean, variance for each of two batch columns
    const z = zForFailureRate(alpha);
    const N = 20_000;
    fc.assert(
      fc.property(fc.oneof(f32(0.02, 1), f32(-3.5, 4)), fc.boolean(), fc.integer({ min: 1, max: 2 ** 30 }), (v, byProbs, seed) => {
        const p = byProbs ? Math.fround(Math.min(1, Math.abs(v))) : 1 / (1 + Math.exp(-v));
        const d = byProbs ? Geometric({ probs: [Math.max(p, 0.02), 0.3] }) : Geometric({ logits: [v, Math.log(0.3 / 0.7)] });
        const x = d.sample([N], seed);
        const cols = columns(x);
        tf.tidy(() => {
          const head = d.logProb(tf.slice(x, [0, 0], [100, 2]));
          expect(valuesOf(tf.sum(tf.cast(tf.logicalNot(tf.isFinite(head)), "float32")))[0]).toBe(0);
        });
        x.dispose();
        const ps = valuesOf(d.probs);
        cols.forEach((col, j) => {
          const pj = ps[j]!;
          const lq = Math.log1p(-pj);
          expect(col.every((k) => Number.isInteger(k) && k >= 0)).toBe(true);
          const gof = chiSquareGof(col, (k) => Math.exp(logpmf64(k, Math.log(pj), lq)), 0, pj === 1 ? 0 : upper(lq));
          expect(gof.pValue).toBeGreaterThan(alpha);
          // mean q/p, variance σ² = q/p²; Var(s²) ≈ σ⁴ (2 + excess kurtosis)/N = σ⁴ (8 + p²/q)/N.
          const q = 1 - pj;
          const { mean, variance } = moments(col);
          const s2 = q / (pj * pj);
          expect(Math.abs(mean - q / pj)).toBeLessThanOrEqual(z * Math.sqrt(s2 / N) + 1e-12);
          if (q > 0) expect(Math.abs(variance - s2)).toBeLessThanOrEqual(z * s2 * Math.sqrt((8 + (pj * pj) / q) / N));
        });
        // Power: p off by 2% moves the mean (1 − p)/p by ≈ 2%/(1 − p) of it, ≥ 5 standard errors (√(q/N)/p) for
        // q ≥ 0.3 at N = 20000; the chi-square catches a 2% mass shift between bins of probability 0.1.
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("rejects bad arguments with messages naming the parameter", () => {
    expect(() => Geometric({ probs: 0 })).toThrow(ValidationError);
    expect(() => Geometric({ probs: 0 })).toThrow("Geometric: 'probs' must be in (0, 1], got 0");
    expect(() => Geometric({ logits: [0, Number.NaN] })).toThrow("Geometric: 'logits' must be a finite real number, got NaN at [1]");
    expect(() => Geometric({ probs: 0.5, logits: 0 } as never)).toThrow("got both");
    expect(Math.abs(scalarOf(Geometric({ probs: 1 }).entropy()))).toBe(0);
  });

  it("does not leak tensors", () => {
    const d = Geometric({ logits: tf.tensor([-100, 0, 100]) });
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      d.logProb(d.sample([4], 1));
      void d.entropy();
      tf.grad((l: tf.Tensor) => tf.sum(Geometric({ logits: l }).entropy()))(tf.tensor([-100, 0, 100]));
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});

import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import betaln from "@stdlib/math-base-special-betaln";
import binomialLogpmf from "@stdlib/stats-base-dists-binomial-logpmf";
import { Binomial, ValidationError, tf } from "latent";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, centralDiff, f32, logUniform, scalarOf, valuesOf } from "../helpers.js";
import { cases, chiSquareGof, columns, everyCase, logSigmoid64, moments, within } from "./discrete-helpers.js";

// float64 reference: log C(n, k) + k log p + (n − k) log q, with log C = −log(n + 1) − log B(k + 1, n − k + 1)
// (betaln has no cancellation) and 0·log 0 = 0.
const logpmf64 = (k: number, n: number, lp: number, lq: number) =>
  -Math.log1p(n) - betaln(k + 1, n - k + 1) + (k === 0 ? 0 : k * lp) + (n - k === 0 ? 0 : (n - k) * lq);

/**
 * The float32 error budget of Binomial.logProb, following its two branches.
 * - min(k, n − k) ≥ 7 (Loader's form): a few roundings of terms of size |result|, log(n + 2) (the ½ log(n/(2πk(n−k)))
 *   and Stirling terms) and, from the relative error eps of the mean n·p, (M − k)·eps of each deviance term:
 *   |k − np| (the deviance terms are otherwise computed without cancellation).
 * - otherwise the textbook form adds terms |log C|, |k log p|, |(n − k) log q| that cancel: a few roundings of each.
 */
function budget(k: number, n: number, lp: number, lq: number, ref: number): number {
  const p = Math.exp(lp);
  if (Math.min(k, n - k) >= 7 && Math.min(lp, lq) > -60) return 1 + Math.abs(ref) + Math.log(n + 2) + Math.abs(k - n * p);
  const logC = -Math.log1p(n) - betaln(k + 1, n - k + 1);
  return 1 + Math.abs(logC) + (k === 0 ? 0 : Math.abs(k * lp)) + (n - k === 0 ? 0 : Math.abs((n - k) * lq)) + Math.log(n + 2);
}

// n log-uniform up to 2·10⁶, logits or probs, k a deviation of z ∈ [−8, 8] standard deviations from the mean
const caseArb = fc.record({
  n: logUniform(1, 2e6).map(Math.round),
  logit: f32(-30, 30),
  prob: logUniform(1e-6, 1),
  byLogits: fc.boolean(),
  z: fc.double({ min: -8, max: 8, noNaN: true }),
});
function setup(c: { n: number; logit: number; prob: number; byLogits: boolean; z: number }) {
  const [lp, lq] = c.byLogits ? [logSigmoid64(c.logit), logSigmoid64(-c.logit)] : [Math.log(c.prob), Math.log1p(-c.prob)];
  const p = Math.exp(lp);
  const k = Math.min(c.n, Math.max(0, Math.round(c.n * p + c.z * Math.sqrt(c.n * p * (1 - p)))));
  const d = c.byLogits ? Binomial({ totalCount: c.n, logits: c.logit }) : Binomial({ totalCount: c.n, probs: c.prob });
  return { lp, lq, p, k, d };
}

describe("Binomial", () => {
  it("has Pyro's shapes for sample, logProb, mean, variance, entropy, expand and toEvent", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), (sampleShape, batch) => {
        tf.tidy(() => {
          const d = Binomial({ totalCount: tf.fill(batch, 4), probs: tf.fill(batch, 0.3) });
          expect(d.batchShape).toEqual(batch);
          const x = d.sample(sampleShape, 1);
          expect(x.shape).toEqual([...sampleShape, ...batch]);
          expect(d.logProb(x).shape).toEqual([...sampleShape, ...batch]);
          expect(d.mean.shape).toEqual(batch);
          expect(d.variance.shape).toEqual(batch);
          expect(d.entropy().shape).toEqual(batch);
          expect(d.expand([2, ...batch]).sample([], 2).shape).toEqual([2, ...batch]);
          expect(Binomial({ totalCount: 3, logits: 0 }).expand(batch).batchShape).toEqual(batch);
          if (batch.length > 0) expect(d.toEvent(1).logProb(x).shape).toEqual([...sampleShape, ...batch.slice(0, -1)]);
        });
      }),
      { ...FC, numRuns: 10 },
    );
  });

  it("logProb equals the float64 log-mass within its float32 budget, also for n up to 2·10⁶", () => {
    for (const byLogits of [true, false]) {
      const cs = cases(caseArb.map((c) => ({ ...c, byLogits })), 200).map((c) => ({ c, ...setup(c) }));
      const got = tf.tidy(() => {
        const n = tf.tensor(cs.map((x) => x.c.n));
        const d = byLogits
          ? Binomial({ totalCount: n, logits: cs.map((x) => x.c.logit) })
          : Binomial({ totalCount: n, probs: cs.map((x) => x.c.prob) });
        return d.logProb(tf.tensor(cs.map((x) => x.k))).dataSync();
      });
      everyCase(cs, ({ c, lp, lq, k }, i) => {
        const ref = logpmf64(k, c.n, lp, lq);
        // 16 roundings of the budgeted magnitudes (measured worst: 13.5 on 3000 random cases, textbook branch)
        return within(`log P(${k})`, got[i]!, ref, 16 * EPS32 * budget(k, c.n, lp, lq, ref));
      });
    }
  });

  it("agrees with @stdlib's binomial log-pmf for probs, and is −∞ outside {0, …, n}", () => {
    const cs = cases(fc.record({ n: fc.integer({ min: 0, max: 500 }), p: f32(0.01, 0.99), t: fc.double({ min: 0, max: 1, noNaN: true }) }), 200);
    const ks = cs.map((c) => Math.round(c.t * c.n));
    const got = tf.tidy(() => Binomial({ totalCount: cs.map((c) => c.n), probs: cs.map((c) => c.p) }).logProb(tf.tensor(ks)).dataSync());
    everyCase(cs, ({ n, p }, i) => {
      const ref = binomialLogpmf(ks[i]!, n, p);
      return within("log P", got[i]!, ref, 16 * EPS32 * budget(ks[i]!, n, Math.log(p), Math.log1p(-p), ref) + 1e-12 * Math.abs(ref));
    });
    expect(valuesOf(Binomial({ totalCount: 5, probs: 0.3 }).logProb(tf.tensor([-1, 6, 2.5])))).toEqual([-Infinity, -Infinity, -Infinity]);
    expect(scalarOf(Binomial({ totalCount: 5, probs: 0 }).logProb(tf.scalar(0)))).toBe(0);
    expect(scalarOf(Binomial({ totalCount: 5, probs: 1 }).logProb(tf.scalar(5)))).toBe(0);
    expect(scalarOf(Binomial({ totalCount: 5, probs: 0 }).logProb(tf.scalar(1)))).toBe(-Infinity);
    expect(scalarOf(Binomial({ totalCount: 0, logits: 3 }).logProb(tf.scalar(0)))).toBe(0);
  });

  it("sums to 1 over {0, …, n}", () => {
    const cs = cases(fc.record({ n: fc.integer({ min: 0, max: 1000 }), l: f32(-8, 8) }), 20);
    const nMax = Math.max(...cs.map((c) => c.n));
    const totals = tf.tidy(() => {
      const d = Binomial({ totalCount: tf.tensor(cs.map((c) => [c.n])), logits: tf.tensor(cs.map((c) => [c.l])) });
      const p = tf.exp(d.logProb(tf.range(0, nMax + 1, 1, "float32"))).arraySync() as number[][];
      return p.map((row) => row.reduce((a, b) => a + b, 0));
    });
    everyCase(cs, ({ n, l }, i) => {
      // Σ P(k)·(relative error of P(k)) ≤ 16 eps · E[budget] ≤ 16 eps (2 + 2 log(n + 2) + 8 sd + 7|ℓ|): the deviance
      // term |k − np| averages below one sd, and the textbook branch carries mass only where k < 7 or n − k < 7,
      // where its terms are ≤ 7(log(n + 2) + |ℓ|); plus the float64 sum.
      const p = 1 / (1 + Math.exp(-l));
      const sd = Math.sqrt(n * p * (1 - p));
      return within("Σ P(k)", totals[i]!, 1, 16 * EPS32 * (2 + 2 * Math.log(n + 2) + 8 * sd + 7 * Math.abs(l)) + 1e-12);
    });
  });

  it("gradients w.r.t. logits and probs equal central differences of the float64 log-mass", () => {
    const cs = cases(
      fc.record({ n: fc.integer({ min: 1, max: 2000 }), l: f32(-10, 10), p: f32(0.01, 0.99), t: fc.double({ min: 0, max: 1, noNaN: true }) }),
      200,
    );
    const ks = cs.map((c) => Math.round(c.t * c.n));
    const [gl, gp] = tf.tidy(() => {
      const n = tf.tensor(cs.map((c) => c.n));
      const k = tf.tensor(ks);
      const f = (build: (x: tf.Tensor) => ReturnType<typeof Binomial>) => (x: tf.Tensor) => tf.sum(build(x).logProb(k));
      return [
        tf.grad(f((x) => Binomial({ totalCount: n, logits: x })))(tf.tensor(cs.map((c) => c.l))).dataSync(),
        tf.grad(f((x) => Binomial({ totalCount: n, probs: x })))(tf.tensor(cs.map((c) => c.p))).dataSync(),
      ];
    });
    everyCase(cs, ({ n, l, p }, i) => {
      const k = ks[i]!;
      const fl = (x: number) => logpmf64(k, n, logSigmoid64(x), logSigmoid64(-x));
      const fp = (x: number) => logpmf64(k, n, Math.log(x), Math.log1p(-x));
      // float32: ∂/∂ℓ = k σ(−ℓ) − (n − k) σ(ℓ), ∂/∂p = k/p − (n − k)/(1 − p), each product and the difference
      // rounded: ≤ 4 eps·(sum of the two magnitudes). Central differences (h = eps64^⅓·max(1, |x|)): roundoff
      // ≤ 4 eps64·|f|/h and truncation ≤ h²·|f‴|/6, with |f‴| ≤ n/4 (logits) or ≤ 2n/min(p, 1 − p)³ (probs).
      const hl = Math.cbrt(2 ** -52) * Math.max(1, Math.abs(l));
      const hp = Math.cbrt(2 ** -52);
      const sl = 1 / (1 + Math.exp(-l));
      const tolL = 4 * EPS32 * (k * (1 - sl) + (n - k) * sl) + (2 ** -52 * Math.abs(fl(l)) * 4) / hl + (hl * hl * n) / 24;
      const tolP = 4 * EPS32 * (k / p + (n - k) / (1 - p)) + (2 ** -52 * Math.abs(fp(p)) * 4) / hp + (hp * hp * n) / (3 * Math.min(p, 1 - p) ** 3);
      return within("∂/∂ℓ", gl[i]!, centralDiff(fl, l), tolL) ?? within("∂/∂p", gp[i]!, centralDiff(fp, p), tolP);
    });
  });

  it("mean, variance and entropy equal the float64 formulas", () => {
    const cs = cases(fc.record({ n: fc.integer({ min: 0, max: 200 }), l: f32(-12, 12) }), 40);
    const [mean, variance, entropy] = tf.tidy(() => {
      const d = Binomial({ totalCount: cs.map((c) => c.n), logits: cs.map((c) => c.l) });
      return [d.mean.dataSync(), d.variance.dataSync(), d.entropy().dataSync()];
    });
    everyCase(cs, ({ n, l }, i) => {
      const p = 1 / (1 + Math.exp(-l));
      const q = 1 / (1 + Math.exp(l));
      let h = 0;
      for (let k = 0; k <= n; k++) {
        const lk = logpmf64(k, n, logSigmoid64(l), logSigmoid64(-l));
        h -= Math.exp(lk) * lk;
      }
      // n·σ(ℓ) and n·exp(log p + log q): a few roundings, relative (exp of a sum of magnitude ≤ |ℓ| + 1).
      // Entropy: Σ P(k)|log P(k)| times the relative budget of the sums test, plus the float32 sum of n + 1 terms.
      const sd = Math.sqrt(n * p * q);
      const tolH = 16 * EPS32 * (2 + 2 * Math.log(n + 2) + 8 * sd + 7 * Math.abs(l)) * (1 + h) + (n + 1) * EPS32 * (1 + h);
      return (
        within("mean", mean[i]!, n * p, 4 * EPS32 * n * p) ??
        within("variance", variance[i]!, n * p * q, 8 * EPS32 * (1 + Math.abs(l)) * n * p * q) ??
        within("entropy", entropy[i]!, h, tolH)
      );
    });
  });

  it("samples lie in {0, …, n}, have finite logProb and match the pmf (chi-square) and its moments (CLT)", () => {
    const runs = 16;
    // three assertions per run (chi-square, mean, variance), Bonferroni over runs × assertions
    const alpha = 1e-6 / (3 * runs);
    const z = zForFailureRate(alpha);
    const N = 20_000;
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 40, max: 20_000 })),
        fc.oneof(logUniform(1e-4, 0.5), f32(0.5, 0.9999)),
        fc.integer({ min: 1, max: 2 ** 30 }),
        (n, p, seed) => {
          // a batch of two different parameter sets in one call (the batched-sampling bug would mix them)
          const d = Binomial({ totalCount: [n, 7], probs: [p, 0.35] });
          const x = d.sample([N], seed);
          const xs = columns(x);
          tf.tidy(() => {
            // logProb on the first 100 draws (the cpu backend's broadcasting kernels make all 2N slow)
            const head = d.logProb(tf.slice(x, [0, 0], [100, 2]));
            expect(valuesOf(tf.sum(tf.cast(tf.logicalNot(tf.isFinite(head)), "float32")))[0]).toBe(0);
          });
          x.dispose();
          for (const [col, nn, pp] of [[xs[0]!, n, p], [xs[1]!, 7, Math.fround(0.35)]] as const) {
            expect(col.every((v) => Number.isInteger(v) && v >= 0 && v <= nn)).toBe(true);
            const lq = Math.log1p(-pp);
            const gof = chiSquareGof(col, (k) => Math.exp(logpmf64(k, nn, Math.log(pp), lq)), 0, nn);
            expect(gof.pValue).toBeGreaterThan(alpha / 2);
            const { mean, variance } = moments(col);
            const v = nn * pp * (1 - pp);
            // mean ~ N(np, v/N); s² has variance (μ₄ − v²)/N with μ₄ − v² = v(1 − 6pq) + 2v².
            expect(Math.abs(mean - nn * pp)).toBeLessThanOrEqual(z * Math.sqrt(v / N) + 1e-9);
            expect(Math.abs(variance - v)).toBeLessThanOrEqual(z * Math.sqrt((v * (1 - 6 * pp * (1 - pp)) + 2 * v * v) / N) + 1e-9);
          }
          // Power: with ≥ 10 bins of expected count ≥ 5, moving 2% of the mass between two bins of probability
          // 0.1 gives a chi-square noncentrality N·Σδ²/p = 20000·2·0.02²/0.1 = 160, far above the critical value
          // (≈ 60 for 20 degrees of freedom at α ≈ 1e-8); a mean off by 0.05 sd is 7 standard errors away.
        },
      ),
      { ...FC, numRuns: runs / 2 },
    );
  });

  it("rejects bad arguments with messages naming the parameter", () => {
    expect(() => Binomial({ totalCount: 2.5, probs: 0.5 })).toThrow(ValidationError);
    expect(() => Binomial({ totalCount: 2.5, probs: 0.5 })).toThrow("Binomial: 'totalCount' must be a non-negative integer, got 2.5");
    expect(() => Binomial({ totalCount: [3, -1], probs: 0.5 })).toThrow("got -1 at [1]");
    expect(() => Binomial({ totalCount: 3, probs: 1.5 })).toThrow("Binomial: 'probs' must be in [0, 1], got 1.5");
    expect(() => Binomial({ totalCount: 3 } as never)).toThrow("Binomial: give exactly one of 'probs' or 'logits', got neither");
    expect(Binomial({ probs: 0.2 }).totalCount.dataSync()[0]).toBe(1);
    const s = Binomial({ totalCount: [2, 5], probs: 0.5 }).support;
    expect(valuesOf(tf.cast(s.check(tf.tensor([3, 3])), "float32"))).toEqual([0, 1]);
  });

  it("does not leak tensors", () => {
    const d = Binomial({ totalCount: tf.tensor([3, 10]), logits: tf.tensor([0.5, -1]) });
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      d.logProb(d.sample([4], 1));
      void d.entropy();
      void d.mean;
      void d.variance;
    });
    tf.tidy(() => {
      tf.grad((l: tf.Tensor) => Binomial({ totalCount: 4, logits: l }).logProb(tf.scalar(2)))(tf.scalar(0.3));
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});

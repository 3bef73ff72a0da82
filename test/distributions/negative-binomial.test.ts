import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import betaln from "@stdlib/math-base-special-betaln";
import digamma64 from "@stdlib/math-base-special-digamma";
import nbLogpmf from "@stdlib/stats-base-dists-negative-binomial-logpmf";
import { NegativeBinomial, ValidationError, tf } from "latent";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, centralDiff, f32, logUniform, scalarOf, valuesOf } from "../helpers.js";
import { cases, chiSquareGof, columns, everyCase, logSigmoid64, moments, within } from "./discrete-helpers.js";

// float64 reference (PyTorch's convention: k successes of probability p before r failures):
// log Γ(k + r) − log Γ(r) − log k! + k log p + r log(1 − p) = −log k − log B(k, r) + …  (log B has no cancellation)
const logpmf64 = (k: number, r: number, lp: number, lq: number) =>
  (k === 0 ? 0 : -Math.log(k) - betaln(k, r) + k * lp) + r * lq;

/**
 * The float32 budget: logProb = logBinomialPmf(r "successes" of probability 1 − p, k failures) − log1p(k/r), so the
 * Binomial budget with n = r + k: Loader's form (r, k ≥ 7): |result| + log(n + 2) + |r − n(1 − p)|; else the
 * textbook terms |log C(n, r)| + r|log q| + k|log p|; plus |log1p(k/r)|.
 */
function budget(k: number, r: number, lp: number, lq: number, ref: number): number {
  const n = r + k;
  const tail = Math.log1p(k / r);
  if (Math.min(k, r) >= 7 && Math.min(lp, lq) > -60) return 1 + Math.abs(ref) + Math.log(n + 2) + Math.abs(r - n * Math.exp(lq)) + tail;
  const logC = -Math.log1p(n) - betaln(r + 1, k + 1);
  return 1 + Math.abs(logC) + r * Math.abs(lq) + (k === 0 ? 0 : k * Math.abs(lp)) + Math.log(n + 2) + tail;
}

const caseArb = fc.record({
  r: logUniform(0.05, 1e5),
  l: f32(-12, 8),
  z: fc.double({ min: -6, max: 6, noNaN: true }),
});
const countOf = (c: { r: number; l: number; z: number }) => {
  const m = c.r * Math.exp(c.l);
  const sd = Math.sqrt(m * (1 + Math.exp(c.l)));
  return Math.max(0, Math.round(m + c.z * sd));
};

describe("NegativeBinomial", () => {
  it("has Pyro's shapes for sample, logProb, mean, variance, expand and toEvent", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), (sampleShape, batch) => {
        tf.tidy(() => {
          const d = NegativeBinomial({ totalCount: tf.fill(batch, 3), probs: tf.fill(batch, 0.4) });
          expect(d.batchShape).toEqual(batch);
          const x = d.sample(sampleShape, 1);
          expect(x.shape).toEqual([...sampleShape, ...batch]);
          expect(d.logProb(x).shape).toEqual([...sampleShape, ...batch]);
          expect(d.mean.shape).toEqual(batch);
          expect(d.variance.shape).toEqual(batch);
          expect(NegativeBinomial({ totalCount: 2, logits: 0 }).expand([2, ...batch]).sample([], 2).shape).toEqual([2, ...batch]);
          if (batch.length > 0) expect(d.toEvent(1).logProb(x).shape).toEqual([...sampleShape, ...batch.slice(0, -1)]);
        });
      }),
      { ...FC, numRuns: 6 },
    );
  });

  it("logProb equals the float64 log-mass (and @stdlib's, whose p is 1 − ours) within its budget", () => {
    const cs = cases(caseArb, 300);
    const ks = cs.map(countOf);
    const [gl, gp] = tf.tidy(() => {
      const r = tf.tensor(cs.map((c) => c.r));
      const k = tf.tensor(ks);
      return [
        NegativeBinomial({ totalCount: r, logits: cs.map((c) => c.l) }).logProb(k).dataSync(),
        NegativeBinomial({ totalCount: r, probs: cs.map((c) => Math.fround(1 / (1 + Math.exp(-c.l)))) }).logProb(k).dataSync(),
      ];
    });
    everyCase(cs, ({ r, l }, i) => {
      const k = ks[i]!;
      const refL = logpmf64(k, r, logSigmoid64(l), logSigmoid64(-l));
      const p = Math.fround(1 / (1 + Math.exp(-l)));
      const refP = nbLogpmf(k, r, 1 - p);
      // 16 roundings of the budgeted magnitudes; @stdlib's own float64 error (its lgammas, ≈ 1e−15·(k + r) log(k + r))
      return (
        within("logits", gl[i]!, refL, 16 * EPS32 * budget(k, r, logSigmoid64(l), logSigmoid64(-l), refL)) ??
        within("probs", gp[i]!, refP, 16 * EPS32 * budget(k, r, Math.log(p), Math.log1p(-p), refP) + 1e-14 * (k + r + 1) * Math.log(k + r + 2))
      );
    });
    expect(valuesOf(NegativeBinomial({ totalCount: 2, probs: 0.5 }).logProb(tf.tensor([-1, 0.5])))).toEqual([-Infinity, -Infinity]);
    expect(scalarOf(NegativeBinomial({ totalCount: 2.5, probs: 0 }).logProb(tf.scalar(0)))).toBe(0);
    expect(scalarOf(NegativeBinomial({ totalCount: 2.5, probs: 0 }).logProb(tf.scalar(1)))).toBe(-Infinity);
  });

  it("sums to 1 over a range holding all but 1e−12 of the mass", () => {
    const cs = cases(fc.record({ r: logUniform(0.1, 50), l: f32(-3, 1.5) }), 20);
    const uppers = cs.map(({ r, l }) => {
      let c = 0;
      let k = 0;
      for (; c < 1 - 1e-13; k++) c += Math.exp(logpmf64(k, r, logSigmoid64(l), logSigmoid64(-l)));
      return k;
    });
    const kMax = Math.max(...uppers);
    const totals = tf.tidy(() => {
      const d = NegativeBinomial({ totalCount: tf.tensor(cs.map((c) => [c.r])), logits: tf.tensor(cs.map((c) => [c.l])) });
      const rows = tf.exp(d.logProb(tf.range(0, kMax + 1, 1, "float32"))).arraySync() as number[][];
      return rows.map((row) => row.reduce((a, b) => a + b, 0));
    });
    // Σ P(k)·16 eps·budget(k): the budget grows like log(k + r) + |k − mean|-terms; bounded on these ranges by
    // 16 eps (2 + 3 log(K + r + 2) + 8 sd + 7(|ℓ| + |log r| + 1)), plus the tail and the float64 sum.
    everyCase(cs, ({ r, l }, i) => {
      const sd = Math.sqrt(r * Math.exp(l) * (1 + Math.exp(l)));
      const tol = 16 * EPS32 * (2 + 3 * Math.log(kMax + r + 2) + 8 * sd + 7 * (Math.abs(l) + Math.abs(Math.log(r)) + 1)) + 1e-12;
      return within("Σ P(k)", totals[i]!, 1, tol);
    });
  });

  it("gradients w.r.t. logits and totalCount equal central differences of the float64 log-mass", () => {
    const cs = cases(fc.record({ r: logUniform(0.2, 200), l: f32(-6, 4), z: fc.double({ min: -4, max: 4, noNaN: true }) }), 200);
    const ks = cs.map(countOf);
    const [gl, gr] = tf.tidy(() => {
      const k = tf.tensor(ks);
      const l = tf.tensor(cs.map((c) => c.l));
      const r = tf.tensor(cs.map((c) => c.r));
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(NegativeBinomial({ totalCount: b, logits: a }).logProb(k)))([l, r]);
      return g.map((t) => t.dataSync());
    });
    everyCase(cs, ({ r, l }, i) => {
      const k = ks[i]!;
      const fl = (x: number) => logpmf64(k, r, logSigmoid64(x), logSigmoid64(-x));
      const fr = (x: number) => logpmf64(k, x, logSigmoid64(l), logSigmoid64(-l));
      // ∂/∂ℓ = k σ(−ℓ) − r σ(ℓ): ≤ 4 eps (k + r). ∂/∂r = ψ(r + k) − ψ(r) + log σ(−ℓ), computed as
      // ψ(r + k + 1) − ψ(r + 1) + log σ(−ℓ) + k/(r(r + k)) from float32 digammas (4 eps relative each):
      // ≤ 8 eps (|ψ(r + k + 1)| + |ψ(r + 1)| + |ℓ| + 1). Central differences as in the Binomial test.
      const hl = Math.cbrt(2 ** -52) * Math.max(1, Math.abs(l));
      const hr = Math.cbrt(2 ** -52) * Math.max(1, r);
      const fd = (f: (x: number) => number, x: number, h: number, third: number) => (4 * 2 ** -52 * (1 + Math.abs(f(x)))) / h + (h * h * third) / 6;
      const tolL = 4 * EPS32 * (k + r + 1) + fd(fl, l, hl, (k + r) / 4);
      const tolR = 8 * EPS32 * (Math.abs(digamma64(r + k + 1)) + Math.abs(digamma64(r + 1)) + Math.abs(l) + 1) + fd(fr, r, hr, 2 / (r * r * r) + 2 / r);
      return within("∂/∂ℓ", gl![i]!, centralDiff(fl, l), tolL) ?? within("∂/∂r", gr![i]!, centralDiff(fr, r), tolR);
    });
  });

  it("mean and variance equal r e^ℓ and r e^ℓ (1 + e^ℓ)", () => {
    const cs = cases(fc.record({ r: logUniform(0.01, 1e4), l: f32(-30, 30) }), 200);
    const [m, v] = tf.tidy(() => {
      const d = NegativeBinomial({ totalCount: cs.map((c) => c.r), logits: cs.map((c) => c.l) });
      return [d.mean.dataSync(), d.variance.dataSync()];
    });
    everyCase(cs, ({ r, l }, i) => {
      const mean = r * Math.exp(l);
      // exp of log p − log q (= ℓ to a few eps·(1 + |ℓ|)) and of log p − 2 log q: relative error ≤ eps·(1 + 2|ℓ|)·few
      return (
        within("mean", m[i]!, mean, 6 * EPS32 * (1 + 2 * Math.abs(l)) * mean) ??
        within("variance", v[i]!, mean * (1 + Math.exp(l)), 8 * EPS32 * (1 + 3 * Math.abs(l)) * mean * (1 + Math.exp(l)))
      );
    });
  });

  it("samples are counts with finite logProb, match the pmf (chi-square) and the moments (CLT)", () => {
    const runs = 10;
    const alpha = 1e-6 / (6 * runs);
    const z = zForFailureRate(alpha);
    const N = 20_000;
    fc.assert(
      fc.property(logUniform(0.2, 50), f32(0.05, 0.9), fc.integer({ min: 1, max: 2 ** 30 }), (r, p, seed) => {
        const d = NegativeBinomial({ totalCount: [r, 2], probs: [p, 0.4] });
        const x = d.sample([N], seed);
        const cols = columns(x);
        tf.tidy(() => {
          const head = d.logProb(tf.slice(x, [0, 0], [100, 2]));
          expect(valuesOf(tf.sum(tf.cast(tf.logicalNot(tf.isFinite(head)), "float32")))[0]).toBe(0);
        });
        x.dispose();
        for (const [col, rr, pp] of [[cols[0]!, r, p], [cols[1]!, 2, Math.fround(0.4)]] as const) {
          expect(col.every((k) => Number.isInteger(k) && k >= 0)).toBe(true);
          const lp = Math.log(pp);
          const lq = Math.log1p(-pp);
          let hi = 0;
          for (let c = 0; c < 1 - 1e-12; hi++) c += Math.exp(logpmf64(hi, rr, lp, lq));
          const gof = chiSquareGof(col, (k) => Math.exp(logpmf64(k, rr, lp, lq)), 0, hi);
          expect(gof.pValue).toBeGreaterThan(alpha);
          // mean r p/q, σ² = r p/q²; Var(s²) ≈ σ⁴ (2 + excess kurtosis)/N, excess kurtosis 6/r + q²/(r p).
          const q = 1 - pp;
          const mean = (rr * pp) / q;
          const s2 = mean / q;
          const m = moments(col);
          expect(Math.abs(m.mean - mean)).toBeLessThanOrEqual(z * Math.sqrt(s2 / N));
          expect(Math.abs(m.variance - s2)).toBeLessThanOrEqual(z * s2 * Math.sqrt((2 + 6 / rr + (q * q) / (rr * pp)) / N));
        }
        // Power: a Gamma–Poisson mixture with the wrong dispersion (r off by 10%) changes the variance by
        // ≈ 10% of its excess over the mean, and the chi-square over ≥ 10 bins catches a 2% mass shift.
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("rejects bad arguments with messages naming the parameter", () => {
    expect(() => NegativeBinomial({ totalCount: 0, probs: 0.5 })).toThrow(ValidationError);
    expect(() => NegativeBinomial({ totalCount: 0, probs: 0.5 })).toThrow("NegativeBinomial: 'totalCount' must be positive, got 0");
    expect(() => NegativeBinomial({ totalCount: 2, probs: [0.5, 1] })).toThrow("NegativeBinomial: 'probs' must be in [0, 1), got 1 at [1]");
    expect(() => NegativeBinomial({ totalCount: 2 } as never)).toThrow("give exactly one of 'probs' or 'logits'");
  });

  it("does not leak tensors", () => {
    const d = NegativeBinomial({ totalCount: tf.tensor([0.5, 40]), logits: tf.tensor([1, -2]) });
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      d.logProb(d.sample([4], 1));
      void d.mean;
      void d.variance;
      tf.grad((r: tf.Tensor) => tf.sum(NegativeBinomial({ totalCount: r, probs: 0.3 }).logProb(tf.tensor([1, 50]))))(tf.tensor([0.5, 40]));
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});

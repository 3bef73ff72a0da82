import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Categorical, OneHotCategorical, ShapeError, ValidationError, tf } from "latent";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, centralDiff, f32, scalarOf, valuesOf } from "../helpers.js";
import { cases, chiSquareGof, columns, everyCase, moments, within } from "./discrete-helpers.js";

// float64 references
const lse64 = (l: number[]) => {
  const m = Math.max(...l);
  return m + Math.log(l.reduce((a, x) => a + Math.exp(x - m), 0));
};
const logProbs64 = (l: number[]) => {
  const z = lse64(l);
  return l.map((x) => x - z);
};
const logitsArb = (k: number) => fc.array(f32(-30, 30), { minLength: k, maxLength: k });

describe("Categorical", () => {
  it("has Pyro's shapes: batch = parameter shape without the last axis, event []", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), fc.integer({ min: 1, max: 5 }), (sampleShape, batch, k) => {
        tf.tidy(() => {
          for (const d of [Categorical({ logits: tf.zeros([...batch, k]) }), OneHotCategorical({ probs: tf.fill([...batch, k], 1 / k) })]) {
            const ev = d.eventShape;
            expect(d.batchShape).toEqual(batch);
            const x = d.sample(sampleShape, 1);
            expect(x.shape).toEqual([...sampleShape, ...batch, ...ev]);
            expect(d.logProb(x).shape).toEqual([...sampleShape, ...batch]);
            expect(d.mean.shape).toEqual([...batch, ...ev]);
            expect(d.variance.shape).toEqual([...batch, ...ev]);
            expect(d.entropy().shape).toEqual(batch);
            expect(d.expand([2, ...batch]).sample([], 2).shape).toEqual([2, ...batch, ...ev]);
          }
          expect(OneHotCategorical({ logits: tf.zeros([...batch, k]) }).eventShape).toEqual([k]);
        });
      }),
      { ...FC, numRuns: 15 },
    );
  });

  it("logProb equals ℓₖ − logΣexp ℓ (logits) and log(pₖ/Σp) (probs), summing to 1 over the classes", () => {
    const cs = cases(fc.integer({ min: 1, max: 12 }).chain((k) => fc.record({ l: logitsArb(k), x: fc.integer({ min: 0, max: k - 1 }) })), 200);
    const kMax = 12;
    // pad every case to 12 classes with −∞-probability classes? No: evaluate each K separately in one batch each.
    const byK = new Map<number, number[]>();
    cs.forEach((c, i) => byK.set(c.l.length, [...(byK.get(c.l.length) ?? []), i]));
    const got = new Float64Array(cs.length);
    const sums = new Float64Array(cs.length);
    const gotP = new Float64Array(cs.length);
    tf.tidy(() => {
      for (const [k, idx] of byK) {
        const logits = tf.tensor(idx.map((i) => cs[i]!.l));
        const d = Categorical({ logits });
        const lp = d.logProb(tf.tensor(idx.map((i) => cs[i]!.x))).dataSync();
        const all = tf.exp(d.logProb(tf.reshape(tf.range(0, k, 1, "float32"), [k, 1]))).arraySync() as number[][];
        const probs = tf.softmax(tf.tensor(idx.map((i) => logProbs64(cs[i]!.l)))); // float32 rounding of exact probabilities
        const pp = Categorical({ probs }).logProb(tf.tensor(idx.map((i) => cs[i]!.x))).dataSync();
        idx.forEach((i, j) => {
          got[i] = lp[j]!;
          gotP[i] = pp[j]!;
          sums[i] = all.reduce((a, row) => a + row[j]!, 0);
        });
      }
    });
    everyCase(cs, ({ l, x }, i) => {
      const ref = logProbs64(l)[x]!;
      const k = l.length;
      // ℓₓ − logSumExp: logSumExp to 2 eps (|lse| + K), the subtraction one more rounding: 4 eps (|ℓₓ| + |lse| + K).
      const tol = 4 * EPS32 * (Math.abs(l[x]!) + Math.abs(lse64(l)) + k);
      // probs: the float32 probabilities carry 2 eps relative (softmax) and log(p/Σp) a few more; tiny
      // probabilities (< 1e−38) are subnormal and lose precision, so only those ≥ 1e−30 are compared.
      const refP = Math.exp(ref) >= 1e-30 ? within("probs", gotP[i]!, ref, 8 * EPS32 * (Math.abs(ref) + k)) : undefined;
      return within("logits", got[i]!, ref, tol) ?? refP ?? within("Σ P", sums[i]!, 1, 4 * EPS32 * kMax * 2);
    });
    expect(valuesOf(Categorical({ probs: [0.5, 0.5, 0] }).logProb(tf.tensor([2, -1, 3, 0.5, 1])))).toEqual([
      -Infinity,
      -Infinity,
      -Infinity,
      -Infinity,
      Math.fround(Math.log(0.5)),
    ]);
  });

  it("gradient of logProb w.r.t. logits is onehot(x) − softmax(ℓ), w.r.t. probs 1/pₓ − 1 (central differences)", () => {
    const cs = cases(fc.record({ l: logitsArb(4), x: fc.integer({ min: 0, max: 3 }) }), 100);
    const g = tf.tidy(() =>
      tf.grad((t: tf.Tensor) => tf.sum(Categorical({ logits: t }).logProb(tf.tensor(cs.map((c) => c.x)))))(tf.tensor(cs.map((c) => c.l))).arraySync(),
    ) as number[][];
    everyCase(cs, ({ l, x }, i) => {
      for (let j = 0; j < 4; j++) {
        const f = (v: number) => logProbs64(l.map((u, m) => (m === j ? v : u)))[x]!;
        // |∂| ≤ 1; float32 softmax to ≈ 2 eps; central differences error ≤ 1e−9 (|f‴| ≤ 1, h ≈ 6e−6·max(1, |ℓ|)).
        const m = within(`∂/∂ℓ${j}`, g[i]![j]!, centralDiff(f, l[j]!), 8 * EPS32 + 1e-8 * Math.max(1, Math.abs(l[j]!)) ** 2);
        if (m) return m;
      }
      return undefined;
    });
    const gp = tf.tidy(() => valuesOf(tf.grad((p: tf.Tensor) => Categorical({ probs: p }).logProb(tf.scalar(1)))(tf.tensor([0.2, 0.5, 0.3, 0]))));
    // log(p₁/Σp): ∂/∂p₁ = 1/p₁ − 1/Σp = 1, ∂/∂pⱼ = −1 (the class of probability 0 included, finite)
    gp.forEach((v, j) => expect(v).toBeCloseTo(j === 1 ? 1 : -1, 6));
  });

  it("mean, variance and entropy of the index equal the float64 sums", () => {
    const cs = cases(fc.integer({ min: 1, max: 10 }).chain((k) => logitsArb(k)), 100);
    everyCase(cs, (l) => {
      const [m, v, h] = tf.tidy(() => {
        const d = Categorical({ logits: l });
        return [d.mean, d.variance, d.entropy()].map((t) => t.dataSync()[0]!);
      });
      const lp = logProbs64(l);
      const p = lp.map(Math.exp);
      const mean = p.reduce((a, pk, k) => a + k * pk, 0);
      const variance = p.reduce((a, pk, k) => a + (k - mean) ** 2 * pk, 0);
      const entropy = -p.reduce((a, pk, k) => a + pk * lp[k]!, 0);
      const k = l.length;
      // sums of K terms with float32 softmax (≈ 2 eps relative each): ≤ 4K eps of the largest term's size
      return (
        within("mean", m!, mean, 4 * k * EPS32 * k) ??
        within("variance", v!, variance, 8 * k * EPS32 * k * k) ??
        within("entropy", h!, entropy, 4 * k * EPS32 * (1 + Math.max(...lp.map((x) => Math.abs(x)))))
      );
    });
  });

  it("batched sampling: each row matches its own probabilities (chi-square), never picks an empty class", () => {
    const runs = 6;
    const rows = 3;
    const alpha = 1e-6 / (2 * rows * runs); // chi-square and mean, per row and run
    const z = zForFailureRate(alpha);
    const N = 10_000;
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }), fc.integer({ min: 1, max: 2 ** 30 }), fc.boolean(), (k, seed, byProbs) => {
        // three rows: uniform, a ramp, and one with an empty class in the middle
        const raw = [Array.from({ length: k }, () => 1), Array.from({ length: k }, (_, j) => j + 1), Array.from({ length: k }, (_, j) => (j === 1 ? 0 : 1))];
        const p = raw.map((r) => r.map((x) => x / r.reduce((a, b) => a + b, 0)));
        const d = byProbs ? Categorical({ probs: p }) : Categorical({ logits: p.map((r) => r.map((x) => (x > 0 ? Math.log(x) : -80))) });
        const xs = columns(d.sample([N], seed));
        for (let r = 0; r < rows; r++) {
          const col = xs[r]!;
          expect(col.every((v) => Number.isInteger(v) && v >= 0 && v < k)).toBe(true);
          if (r === 2 && byProbs) expect(col.includes(1)).toBe(false);
          const gof = chiSquareGof(col, (j) => p[r]![j]!, 0, k - 1);
          expect(gof.pValue).toBeGreaterThan(alpha);
          const mean = p[r]!.reduce((a, q, j) => a + j * q, 0);
          const variance = p[r]!.reduce((a, q, j) => a + (j - mean) ** 2 * q, 0);
          expect(Math.abs(moments(col).mean - mean)).toBeLessThanOrEqual(z * Math.sqrt(variance / N) + 1e-12);
        }
        // Power: sampling every row with the first row's probabilities (the classic batched-sampling bug) moves the
        // ramp row's mean index from 2(k − 1)/3 to (k − 1)/2, a shift ≥ 1/6 that is ≥ 20 standard errors
        // (sd ≤ k/√12, N = 10000); the chi-square over k ≤ 30 bins catches 2% of the mass moved between two
        // classes of probability ≈ 0.1 (noncentrality ≈ 80 against a critical value ≈ 70 for 29 degrees of freedom).
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("draws are detached from the tape: a score-function gradient through logProb(sample) works", () => {
    const g = tf.tidy(() =>
      valuesOf(
        tf.grad((l: tf.Tensor) => {
          const d = Categorical({ logits: l });
          return tf.sum(d.logProb(d.sample([2], 3)));
        })(tf.tensor([0.1, 0.2, 0.3])),
      ),
    );
    expect(g.every(Number.isFinite)).toBe(true);
    expect(Math.abs(g.reduce((a, b) => a + b, 0))).toBeLessThan(1e-6); // Σ (onehot − softmax) = 0
  });

  it("rejects bad arguments with messages naming the parameter", () => {
    expect(() => Categorical({ probs: [0.5, 0.6] })).toThrow(ValidationError);
    expect(() => Categorical({ probs: [0.5, 0.6] })).toThrow("Categorical: 'probs' must be on the simplex");
    expect(() => Categorical({ logits: 0 })).toThrow(ShapeError);
    expect(() => Categorical({ logits: [0, Number.NaN] })).toThrow("Categorical: 'logits' must be a finite real number, got NaN at [1]");
    expect(() => Categorical({} as never)).toThrow("got neither");
  });

  it("does not leak tensors", () => {
    const d = Categorical({ logits: tf.tensor([[0, 1, 2], [2, 1, 0]]) });
    const o = OneHotCategorical({ probs: tf.tensor([0.2, 0.8]) });
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      d.logProb(d.sample([4], 1));
      o.logProb(o.sample([4], 1));
      void d.entropy();
      void d.mean;
      void d.variance;
      void o.variance;
    });
    d.sample([3], 2).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("OneHotCategorical", () => {
  it("draws one-hot vectors; logProb, mean, variance and entropy match the Categorical of the index", () => {
    const cs = cases(fc.integer({ min: 1, max: 8 }).chain((k) => fc.record({ l: logitsArb(k), seed: fc.integer({ min: 1, max: 2 ** 30 }) })), 40);
    everyCase(cs, ({ l, seed }) => {
      const [ok, lpo, lpc, mean, variance, h, hc] = tf.tidy(() => {
        const o = OneHotCategorical({ logits: l });
        const c = Categorical({ logits: l });
        const x = o.sample([5], seed);
        const oneHot = tf.all(tf.logicalAnd(tf.equal(tf.sum(x, -1), 1), tf.all(tf.logicalOr(tf.equal(x, 0), tf.equal(x, 1)), -1))).dataSync()[0];
        const index = tf.argMax(x, -1);
        return [
          oneHot,
          o.logProb(x).dataSync(),
          c.logProb(tf.cast(index, "float32")).dataSync(),
          o.mean.dataSync(),
          o.variance.dataSync(),
          o.entropy().dataSync()[0],
          c.entropy().dataSync()[0],
        ];
      });
      if (ok !== 1) return "not one-hot";
      const p = logProbs64(l).map(Math.exp);
      const k = l.length;
      for (let j = 0; j < 5; j++) {
        const m = within("logProb", (lpo as Float32Array)[j]!, (lpc as Float32Array)[j]!, 0);
        if (m) return m;
      }
      for (let j = 0; j < k; j++) {
        // float32 softmax exp(ℓⱼ − c): the exponent carries a rounding of ≤ eps·|log pⱼ| (absolute), which exp turns
        // into that much relative error, plus 2 eps for exp and the division; p(1 − p) one more rounding
        const rel = EPS32 * (4 + 2 * Math.abs(Math.log(p[j]!)));
        const m =
          within("mean", (mean as Float32Array)[j]!, p[j]!, rel * p[j]!) ??
          within("variance", (variance as Float32Array)[j]!, p[j]! * (1 - p[j]!), (rel + 4 * EPS32) * p[j]!);
        if (m) return m;
      }
      return within("entropy", h as number, hc as number, 0);
    });
    expect(valuesOf(OneHotCategorical({ probs: [0.2, 0.8] }).support.check(tf.tensor([[0, 1], [0.5, 0.5], [1, 1]])).cast("float32"))).toEqual([1, 0, 0]);
    expect(() => OneHotCategorical({ probs: [0.2, 0.8] }).logProb(tf.tensor([1, 0, 0]))).toThrow("value must end in the 2 categories");
    expect(scalarOf(OneHotCategorical({ probs: [0.25, 0.75] }).logProb(tf.tensor([0, 1])))).toBeCloseTo(Math.log(0.75), 6);
  });
});

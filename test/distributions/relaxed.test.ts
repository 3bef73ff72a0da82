import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import gammaln from "@stdlib/math-base-special-gammaln";
import { RelaxedBernoulli, RelaxedOneHotCategorical, ValidationError, tf } from "latent";
import { dkwTest } from "../../src/testing/stats/dkw.js";
import { EPS32, FC, centralDiff, f32, logUniform, scalarOf, valuesOf } from "../helpers.js";
import { cases, chiSquareGof, everyCase, logSigmoid64, within } from "./discrete-helpers.js";

// float64 references. RelaxedBernoulli: P(X ≤ x) = σ(τ logit(x) − ℓ), so its density is the derivative
// log p(x) = log τ + log σ(s) + log σ(−s) − log x − log(1 − x), s = τ logit(x) − ℓ (independent of the Concrete
// formula the library uses).
const logit64 = (x: number) => Math.log(x) - Math.log1p(-x);
const binCdf64 = (x: number, l: number, t: number) => 1 / (1 + Math.exp(-(t * logit64(x) - l)));
const binLogpdf64 = (x: number, l: number, t: number) => {
  const s = t * logit64(x) - l;
  return Math.log(t) + logSigmoid64(s) + logSigmoid64(-s) - Math.log(x) - Math.log1p(-x);
};
// RelaxedOneHotCategorical (Maddison et al. 2017): log (K − 1)! + (K − 1) log τ + Σ(log pₖ − (τ + 1) log xₖ)
// − K log Σ pₖ xₖ^(−τ)
function concreteLogpdf64(x: number[], l: number[], t: number): number {
  const k = l.length;
  const m = Math.max(...l);
  const lse = m + Math.log(l.reduce((a, v) => a + Math.exp(v - m), 0));
  const lp = l.map((v) => v - lse);
  const z = lp.map((v, j) => v - t * Math.log(x[j]!));
  const zm = Math.max(...z);
  const zl = zm + Math.log(z.reduce((a, v) => a + Math.exp(v - zm), 0));
  return gammaln(k) + (k - 1) * Math.log(t) + lp.reduce((a, v, j) => a + v - (t + 1) * Math.log(x[j]!), 0) - k * zl;
}

describe("RelaxedBernoulli", () => {
  it("has Pyro's shapes for rsample, sample, logProb, expand and toEvent; mean and variance throw", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), (sampleShape, batch) => {
        tf.tidy(() => {
          const d = RelaxedBernoulli({ temperature: 0.5, logits: tf.zeros(batch) });
          expect(d.batchShape).toEqual(batch);
          const x = d.rsample(sampleShape, 1);
          expect(x.shape).toEqual([...sampleShape, ...batch]);
          expect(d.sample(sampleShape, 1).shape).toEqual([...sampleShape, ...batch]);
          expect(d.logProb(x).shape).toEqual([...sampleShape, ...batch]);
          expect(RelaxedBernoulli({ temperature: tf.ones(batch), probs: 0.3 }).batchShape).toEqual(batch);
          expect(d.expand([2, ...batch]).rsample([], 2).shape).toEqual([2, ...batch]);
          if (batch.length > 0) expect(d.toEvent(1).logProb(x).shape).toEqual([...sampleShape, ...batch.slice(0, -1)]);
        });
      }),
      { ...FC, numRuns: 10 },
    );
    expect(() => RelaxedBernoulli({ temperature: 1, probs: 0.5 }).mean).toThrow("RelaxedBernoulli: the mean has no closed form");
    expect(() => RelaxedBernoulli({ temperature: 1, probs: 0.5 }).variance).toThrow("no closed form");
  });

  it("logProb equals the derivative of the float64 CDF, for logits and probs", () => {
    const cs = cases(fc.record({ t: logUniform(0.05, 20), l: f32(-15, 15), x: f32(1e-6, 0.99999) }), 300);
    const [gl, gp] = tf.tidy(() => {
      const t = tf.tensor(cs.map((c) => c.t));
      const x = tf.tensor(cs.map((c) => c.x));
      return [
        RelaxedBernoulli({ temperature: t, logits: cs.map((c) => c.l) }).logProb(x).dataSync(),
        RelaxedBernoulli({ temperature: t, probs: cs.map((c) => 1 / (1 + Math.exp(-c.l))) }).logProb(x).dataSync(),
      ];
    });
    everyCase(cs, ({ t, l, x }, i) => {
      const ref = binLogpdf64(x, l, t);
      const p = Math.fround(1 / (1 + Math.exp(-l)));
      const refP = binLogpdf64(x, Math.log(p) - Math.log1p(-p), t);
      // a few roundings of each term: log τ, ℓ, (τ + 1)|log x|, (τ + 1)|log(1 − x)|, 2 softplus(…) ≤ 2(|ℓ| + τ|logit x|) + 2
      const size = 1 + Math.abs(Math.log(t)) + 3 * Math.abs(l) + (3 * t + 1) * (Math.abs(Math.log(x)) + Math.abs(Math.log1p(-x)));
      return within("logits", gl[i]!, ref, 8 * EPS32 * size) ?? within("probs", gp[i]!, refP, 8 * EPS32 * size);
    });
  });

  it("at x = 0 or 1 logProb is the density's limit (±∞, or ∓ℓ at τ = 1), never NaN; −∞ outside [0, 1]", () => {
    const lp = (t: number, x: number) => scalarOf(RelaxedBernoulli({ temperature: t, logits: 0.7 }).logProb(tf.scalar(x)));
    expect(lp(0.5, 1)).toBe(Infinity);
    expect(lp(0.5, 0)).toBe(Infinity);
    expect(lp(2, 1)).toBe(-Infinity);
    expect(lp(2, 0)).toBe(-Infinity);
    expect(lp(1, 1)).toBeCloseTo(0.7, 6); // p(1) = α = e^ℓ at τ = 1
    expect(lp(1, 0)).toBeCloseTo(-0.7, 6);
    expect(lp(0.5, 1.5)).toBe(-Infinity);
  });

  it("logProb gradients (logits, temperature, value) equal central differences of the float64 density", () => {
    const cs = cases(fc.record({ t: logUniform(0.1, 10), l: f32(-8, 8), x: f32(0.01, 0.99) }), 150);
    const g = tf.tidy(() =>
      tf
        .grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(RelaxedBernoulli({ temperature: b, logits: a }).logProb(c)))([
          tf.tensor(cs.map((c) => c.l)),
          tf.tensor(cs.map((c) => c.t)),
          tf.tensor(cs.map((c) => c.x)),
        ])
        .map((t) => t.dataSync()),
    );
    everyCase(cs, ({ t, l, x }, i) => {
      // ∂/∂ℓ = −tanh(s/2)·… (|·| ≤ 1), ∂/∂τ = 1/τ + y·(…) with |y| ≤ 4.6, ∂/∂x of size ≤ (τ + 1)/(x(1 − x)): a few
      // eps of those sizes; central differences err ≤ 1e−8·(size)·max(1, |arg|)².
      const y = Math.abs(logit64(x));
      const sx = (t + 1) / (x * (1 - x));
      return (
        within("∂/∂ℓ", g[0]![i]!, centralDiff((v) => binLogpdf64(x, v, t), l), 16 * EPS32 + 1e-8 * Math.max(1, Math.abs(l)) ** 2) ??
        within("∂/∂τ", g[1]![i]!, centralDiff((v) => binLogpdf64(x, l, v), t), 16 * EPS32 * (1 / t + y) + 1e-8 * (1 / t ** 3 + 1)) ??
        within("∂/∂x", g[2]![i]!, centralDiff((v) => binLogpdf64(v, l, t), x), 16 * EPS32 * sx + 1e-7 * sx ** 3)
      );
    });
  });

  it("rsample draws follow the CDF (DKW) with finite logProb; pathwise gradients equal the implicit-function oracle", () => {
    const runs = 10;
    const alpha = 1e-6 / runs;
    fc.assert(
      // τ ≥ 1.75 and |ℓ| ≤ 4 keep (ℓ + L)/τ within ±15.4 (|L| ≤ 22.9 for 32-bit uniforms): no draw rounds to 0 or 1
      fc.property(f32(1.75, 6), f32(-4, 4), fc.integer({ min: 1, max: 2 ** 30 }), (t, l, seed) => {
        const n = 5000;
        const [x, gl, gt, lp] = tf.tidy(() => {
          const lt = tf.fill([n], l);
          const tt = tf.fill([n], t);
          const f = (a: tf.Tensor, b: tf.Tensor) => RelaxedBernoulli({ temperature: b, logits: a }).rsample([], seed);
          const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(f(a, b)))([lt, tt]);
          const xs = f(lt, tt);
          return [xs.dataSync(), g[0]!.dataSync(), g[1]!.dataSync(), RelaxedBernoulli({ temperature: t, logits: l }).logProb(tf.slice(xs, 0, 200)).dataSync()];
        });
        expect(x.every((v) => v > 0 && v < 1)).toBe(true);
        expect(lp.every(Number.isFinite)).toBe(true);
        expect(dkwTest(x, (v) => binCdf64(v, l, t), alpha).pass).toBe(true);
        for (let j = 0; j < n; j++) {
          const v = x[j]!;
          // x = σ((ℓ + L)/τ): ∂x/∂ℓ = x(1 − x)/τ, ∂x/∂τ = −x(1 − x) logit(x)/τ; float32 sigmoid and its derivative
          // s(1 − s) err by a few eps·x(1 − x) (relative to the smaller of x, 1 − x: 1 − x is rounded absolutely).
          const w = (v * (1 - v)) / t;
          const tol = 8 * EPS32 * (w + 1 / t) * (1 + Math.abs(logit64(v)));
          const m = within("∂x/∂ℓ", gl[j]!, w, tol) ?? within("∂x/∂τ", gt[j]!, -w * logit64(v), tol * (1 + Math.abs(logit64(v))));
          if (m) throw new Error(m);
        }
        // Power: at n = 5000 the DKW band is 0.031; ℓ off by 0.25 moves the CDF by ≥ 0.06 somewhere for these τ.
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("rejects bad arguments with messages naming the parameter", () => {
    expect(() => RelaxedBernoulli({ temperature: 0, logits: 0 })).toThrow(ValidationError);
    expect(() => RelaxedBernoulli({ temperature: [1, -1], logits: 0 })).toThrow("RelaxedBernoulli: 'temperature' must be positive, got -1 at [1]");
    expect(() => RelaxedBernoulli({ temperature: 1, probs: 1 })).toThrow("RelaxedBernoulli: 'probs' must be in (0, 1), got 1");
  });
});

describe("RelaxedOneHotCategorical", () => {
  it("has Pyro's shapes (event [K]); mean and variance throw", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), fc.integer({ min: 1, max: 4 }), (sampleShape, batch, k) => {
        tf.tidy(() => {
          const d = RelaxedOneHotCategorical({ temperature: 0.7, logits: tf.zeros([...batch, k]) });
          expect(d.batchShape).toEqual(batch);
          expect(d.eventShape).toEqual([k]);
          const x = d.rsample(sampleShape, 1);
          expect(x.shape).toEqual([...sampleShape, ...batch, k]);
          expect(d.logProb(x).shape).toEqual([...sampleShape, ...batch]);
          expect(RelaxedOneHotCategorical({ temperature: tf.ones(batch), probs: [0.3, 0.7] }).batchShape).toEqual(batch);
          expect(d.expand([2, ...batch]).rsample([], 2).shape).toEqual([2, ...batch, k]);
        });
      }),
      { ...FC, numRuns: 10 },
    );
    expect(() => RelaxedOneHotCategorical({ temperature: 1, logits: [0, 1] }).mean).toThrow("no closed form");
  });

  it("logProb equals the float64 Concrete density; for K = 2 it is the RelaxedBernoulli density of x₁", () => {
    const cs = cases(
      fc.integer({ min: 2, max: 6 }).chain((k) =>
        fc.record({ t: logUniform(0.2, 5), l: fc.array(f32(-5, 5), { minLength: k, maxLength: k }), w: fc.array(logUniform(0.05, 1), { minLength: k, maxLength: k }) }),
      ),
      150,
    );
    everyCase(cs, ({ t, l, w }) => {
      const s = w.reduce((a, b) => a + b, 0);
      const x = w.map((v) => Math.fround(v / s));
      const got = tf.tidy(() => scalarOf(RelaxedOneHotCategorical({ temperature: t, logits: l }).logProb(tf.tensor(x))));
      const ref = concreteLogpdf64(x, l, t);
      // the sum of K terms log pₖ − (τ + 1) log xₖ and K·logΣexp(zₖ): a few eps of the terms' total size
      const size = l.length * (1 + Math.abs(Math.log(t)) + 2 * Math.max(...l.map(Math.abs)) + (t + 1) * Math.max(...x.map((v) => Math.abs(Math.log(v)))));
      return within("logProb", got, ref, 8 * EPS32 * size);
    });
    const cross = cases(fc.record({ t: logUniform(0.2, 5), a: f32(-5, 5), b: f32(-5, 5), x: f32(0.01, 0.99) }), 50);
    everyCase(cross, ({ t, a, b, x }) => {
      const x2 = Math.fround(1 - x);
      const [c, r] = tf.tidy(() => [
        scalarOf(RelaxedOneHotCategorical({ temperature: t, logits: [a, b] }).logProb(tf.tensor([x, x2]))),
        scalarOf(RelaxedBernoulli({ temperature: t, logits: a - b }).logProb(tf.scalar(x))),
      ]);
      const size = 1 + Math.abs(a) + Math.abs(b) + (t + 1) * (Math.abs(Math.log(x)) + Math.abs(Math.log(x2)));
      return within("K = 2 vs binary", c!, r!, 16 * EPS32 * size);
    });
    expect(scalarOf(RelaxedOneHotCategorical({ temperature: 1, logits: [0, 0] }).logProb(tf.tensor([0.5, 0.6])))).toBe(-Infinity);
  });

  it("draws lie on the simplex; argmax is exactly Categorical(p) (chi-square); x₁ for K = 2 follows the binary CDF (DKW)", () => {
    const runs = 8;
    const alpha = 1e-6 / (2 * runs);
    fc.assert(
      // τ ≥ ½ and logits within [−3, 3]: (ℓⱼ + Gⱼ)/τ gaps stay below 63 (Gumbel noise spans < 25.4), so no
      // coordinate underflows and every draw lies in the open simplex
      fc.property(fc.integer({ min: 2, max: 6 }), f32(0.5, 3), fc.integer({ min: 1, max: 2 ** 30 }), (k, t, seed) => {
        const l = Array.from({ length: k }, (_, j) => Math.fround(-3 + (6 * j) / (k - 1)));
        const n = 10_000;
        const d = RelaxedOneHotCategorical({ temperature: t, logits: l });
        const [xs, lp] = tf.tidy(() => {
          const x = d.rsample([n], seed);
          return [x.arraySync() as number[][], d.logProb(tf.slice(x, [0, 0], [200, k])).dataSync()];
        });
        expect(xs.every((row) => row.every((v) => v > 0) && Math.abs(row.reduce((a, b) => a + b, 0) - 1) <= 4 * k * EPS32)).toBe(true);
        expect(lp.every(Number.isFinite)).toBe(true);
        const m = Math.max(...l);
        const z = l.reduce((a, v) => a + Math.exp(v - m), 0);
        const p = l.map((v) => Math.exp(v - m) / z);
        const argmax = xs.map((row) => row.indexOf(Math.max(...row)));
        expect(chiSquareGof(argmax, (j) => p[j]!, 0, k - 1).pValue).toBeGreaterThan(alpha);
        if (k === 2) expect(dkwTest(xs.map((row) => row[0]!), (v) => binCdf64(v, l[0]! - l[1]!, t), alpha).pass).toBe(true);
        // Power: the argmax test detects a 2% shift of mass between classes of probability ≥ 0.1 (noncentrality ≥ 80
        // at n = 10000); a relaxation that ignored the temperature would fail the DKW band (width 0.025).
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("rsample pathwise gradients equal the implicit-function oracle: ∂x/∂ℓⱼ = x(eⱼ − xⱼ)/τ, ∂x/∂τ = −x(log x − Σ x log x)/τ", () => {
    const cs = cases(fc.record({ t: f32(0.5, 3), l: fc.array(f32(-3, 3), { minLength: 3, maxLength: 3 }), w: fc.array(f32(-1, 1), { minLength: 3, maxLength: 3 }), seed: fc.integer({ min: 1, max: 2 ** 30 }) }), 60);
    everyCase(cs, ({ t, l, w, seed }) => {
      const [x, gl, gt] = tf.tidy(() => {
        const f = (a: tf.Tensor, b: tf.Tensor) => RelaxedOneHotCategorical({ temperature: b, logits: a }).rsample([], seed);
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), tf.tensor(w))))([tf.tensor(l), tf.scalar(t)]);
        return [f(tf.tensor(l), tf.scalar(t)).dataSync(), g[0]!.dataSync(), g[1]!.dataSync()[0]!];
      });
      const xv = Array.from(x as Float32Array);
      const ent = xv.reduce((a, v) => a + v * Math.log(v), 0);
      const wx = xv.reduce((a, v, i) => a + w[i]! * v, 0);
      // Σᵢ wᵢ ∂xᵢ/∂ℓⱼ = xⱼ (wⱼ − Σ wᵢ xᵢ)/τ; Σᵢ wᵢ ∂xᵢ/∂τ = −Σᵢ wᵢ xᵢ (log xᵢ − Σ x log x)/τ.
      // float32 softmax (2 eps relative) and its backward pass: 8 eps·(1 + |log x|max)/τ·Σ|w|.
      const tol = (8 * EPS32 * (1 + Math.max(...xv.map((v) => Math.abs(Math.log(v)))))) / t;
      for (let j = 0; j < 3; j++) {
        const m = within(`∂/∂ℓ${j}`, (gl as Float32Array)[j]!, (xv[j]! * (w[j]! - wx)) / t, tol);
        if (m) return m;
      }
      const refT = -xv.reduce((a, v, i) => a + w[i]! * v * (Math.log(v) - ent), 0) / t;
      return within("∂/∂τ", gt as number, refT, tol * 3);
    });
  });

  it("rejects bad arguments with messages naming the parameter", () => {
    expect(() => RelaxedOneHotCategorical({ temperature: 1, probs: [0, 1] })).toThrow(ValidationError);
    expect(() => RelaxedOneHotCategorical({ temperature: 1, probs: [0, 1] })).toThrow("RelaxedOneHotCategorical: 'probs' must be on the open simplex");
    expect(() => RelaxedOneHotCategorical({ temperature: -1, logits: [0, 1] })).toThrow("'temperature' must be positive, got -1");
    expect(() => RelaxedOneHotCategorical({ temperature: 1, logits: [0, 1] }).logProb(tf.tensor([1, 0, 0]))).toThrow("value must end in the 2 categories");
  });

  it("does not leak tensors", () => {
    const d = RelaxedOneHotCategorical({ temperature: tf.tensor([0.5, 2]), logits: tf.tensor([[0, 1, 2], [2, 1, 0]]) });
    const b = RelaxedBernoulli({ temperature: 0.5, logits: tf.tensor([0, 3]) });
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      d.logProb(d.rsample([3], 1));
      b.logProb(b.rsample([3], 1));
      tf.grad((t: tf.Tensor) => tf.sum(RelaxedBernoulli({ temperature: t, logits: 0.3 }).logProb(tf.tensor([0, 0.3, 1]))))(tf.scalar(0.7));
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(valuesOf(tf.tidy(() => tf.isNaN(b.logProb(tf.tensor([0, 1]))).cast("float32")))).toEqual([0, 0]);
  });
});

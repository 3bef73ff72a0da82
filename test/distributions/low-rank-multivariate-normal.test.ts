import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LowRankMultivariateNormal, MultivariateNormal, ShapeError, ValidationError, tf } from "latent";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, f32, logUniform, scalarOf, valuesOf } from "../helpers.js";
import { type Dual, add, cholesky64, cond, dual, frob, lift, log, mul, solve64, sub, sum, values } from "../math/linalg64.js";

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * A random low-rank-plus-diagonal Normal on ℝⁿ (n ≤ 5, rank r ≤ 3): W entries in [−1, 1], D
 * log-uniform in [0.1, 2], μ ∈ [−5, 5]ⁿ, and a point x = fl(μ + W u₁ + √D ⊙ u₂), u ∈ [−3, 3].
 */
const lrCase = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }))
  .chain(([n, r]) =>
    fc.record({
      n: fc.constant(n),
      r: fc.constant(r),
      loc: fc.array(f32(-5, 5), { minLength: n, maxLength: n }),
      w: fc.array(f32(-1, 1), { minLength: n * r, maxLength: n * r }),
      d: fc.array(logUniform(0.1, 2), { minLength: n, maxLength: n }),
      u: fc.array(f32(-3, 3), { minLength: n + r, maxLength: n + r }),
    }),
  )
  .map((c) => {
    const w = Array.from({ length: c.n }, (_, i) => c.w.slice(i * c.r, (i + 1) * c.r));
    const x = c.loc.map((m, i) => Math.fround(m + w[i]!.reduce((a, v, k) => a + v * c.u[k]!, 0) + Math.sqrt(c.d[i]!) * c.u[c.r + i]!));
    return { ...c, w, x };
  });
type LrCase = typeof lrCase extends fc.Arbitrary<infer T> ? T : never;

/** float64 log N(x; μ, W Wᵀ + diag D) through the full covariance's Cholesky factor, over duals. */
function logpdf64(loc: Dual[], w: Dual[][], d: Dual[], x: Dual[]): Dual {
  const n = loc.length;
  const sigma = w.map((ri, i) => w.map((rj, j) => add(sum(ri.map((v, k) => mul(v, rj[k]!))), i === j ? d[i]! : dual(0))));
  const l = cholesky64(sigma);
  const z = solve64(l, x.map((v, i) => [sub(v, loc[i]!)])).map((row) => row[0]!);
  return sub(sub(mul(dual(-0.5), sum(z.map((v) => mul(v, v)))), sum(l.map((row, i) => log(row[i]!)))), dual(0.5 * n * LOG_2PI));
}

/** Error scales: ‖Σ⁻¹δ‖, ‖Σ⁻¹‖_F, κ(C) of the capacitance, R = max(1, max‖Wᵢ‖²/min D), A = ‖|x| + |μ|‖. */
function scales(c: LrCase) {
  const n = c.n;
  const sigma = c.w.map((ri, i) => c.w.map((rj, j) => ri.reduce((a, v, k) => a + v * rj[k]!, 0) + (i === j ? c.d[i]! : 0)));
  const eye = (m: number) => Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => (i === j ? 1 : 0)));
  const inv = values(solve64(lift(sigma), lift(eye(n))));
  const delta = c.x.map((v, i) => v - c.loc[i]!);
  const sd = inv.map((row) => row.reduce((a, v, j) => a + v * delta[j]!, 0));
  const cap = eye(c.r).map((row, a) => row.map((v, b) => v + c.w.reduce((s, wi, i) => s + (wi[a]! * wi[b]!) / c.d[i]!, 0)));
  const wn = Math.max(...c.w.map((row) => row.reduce((a, v) => a + v * v, 0)));
  return {
    sigma,
    q: Math.sqrt(sd.reduce((a, v) => a + v * v, 0)),
    sinv: frob(inv),
    kC: cond(cap),
    ratio: Math.max(1, wn / Math.min(...c.d)),
    quad: sd.reduce((a, v, i) => a + v * delta[i]!, 0),
    a: Math.sqrt(c.x.reduce((s, v, i) => s + (Math.abs(v) + Math.abs(c.loc[i]!)) ** 2, 0)),
    logDet: 2 * values(cholesky64(lift(sigma))).reduce((a, row, i) => a + Math.abs(Math.log(row[i]!)), 0),
  };
}

const build = (c: LrCase) => LowRankMultivariateNormal(c.loc, c.w, c.d);

describe("LowRankMultivariateNormal", () => {
  it("has the shapes of Pyro's convention", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), (sampleShape, batch) => {
        tf.tidy(() => {
          const d = LowRankMultivariateNormal(tf.zeros([...batch, 3]), tf.ones([3, 2]), tf.ones([3]));
          expect(d.batchShape).toEqual(batch);
          expect(d.eventShape).toEqual([3]);
          expect(d.rank).toBe(2);
          const x = d.sample(sampleShape, 1);
          expect(x.shape).toEqual([...sampleShape, ...batch, 3]);
          expect(d.logProb(x).shape).toEqual([...sampleShape, ...batch]);
          expect(d.mean.shape).toEqual([...batch, 3]);
          expect(d.variance.shape).toEqual([...batch, 3]);
          expect(d.entropy().shape).toEqual(batch);
          expect(d.covarianceMatrix.shape).toEqual([...batch, 3, 3]);
          expect(d.expand([2, ...batch]).sample([], 1).shape).toEqual([2, ...batch, 3]);
        });
      }),
      { ...FC, numRuns: 30 },
    );
  });

  it("logProb, mean, variance and entropy equal float64 formulas with the full covariance", () => {
    fc.assert(
      fc.property(lrCase, (c) => {
        const d = build(c);
        const lp = scalarOf(d.logProb(tf.tensor(c.x)));
        const ref = logpdf64(lift([c.loc])[0]!, lift(c.w), lift([c.d])[0]!, lift([c.x])[0]!).v;
        const s = scales(c);
        // Woodbury in float32: Σδ²/D and ‖L_C⁻¹Wᵀ D⁻¹δ‖² carry ≤ (n + r)·eps32 relative error each,
        // of size ≤ R·δᵀΣ⁻¹δ·(1 + κ(C)) before they cancel; the capacitance (float32 products)
        // and its factor add κ(C)·(n + r)·eps32 relative; log det adds a few eps32 per term; the
        // rounding of δ moves the result by ≤ ‖Σ⁻¹δ‖·eps32·A. Asserted with 16×:
        const tol = 16 * EPS32 * ((c.n + c.r) * (1 + s.kC) * s.ratio * (s.quad + s.logDet + c.n) + s.q * s.a + c.n * LOG_2PI);
        expect(Math.abs(lp - ref)).toBeLessThanOrEqual(tol);
        expect(valuesOf(d.mean)).toEqual(c.loc);
        valuesOf(d.variance).forEach((v, i) => expect(Math.abs(v - s.sigma[i]![i]!)).toBeLessThanOrEqual(4 * (c.r + 2) * EPS32 * s.sigma[i]![i]!));
        const h = 0.5 * c.n * (1 + LOG_2PI) + values(cholesky64(lift(s.sigma))).reduce((a, row, i) => a + Math.log(row[i]!), 0);
        expect(Math.abs(scalarOf(d.entropy()) - h)).toBeLessThanOrEqual(16 * EPS32 * ((c.n + c.r) * (1 + s.kC) * s.ratio * (s.logDet + c.n) + c.n * LOG_2PI));
        // the same density as a MultivariateNormal with the float64 covariance rounded to float32
        const full = MultivariateNormal(c.loc, { covarianceMatrix: s.sigma.map((row) => row.map(Math.fround)) });
        expect(Math.abs(scalarOf(full.logProb(tf.tensor(c.x))) - lp)).toBeLessThanOrEqual(2 * tol + 16 * EPS32 * cond(s.sigma) * (s.quad + c.n));
      }),
      FC,
    );
  });

  it("logProb gradients (loc, covFactor, covDiag, value) equal exact float64 derivatives (forward-mode duals)", () => {
    fc.assert(
      fc.property(lrCase, (c) => {
        const [gLoc, gW, gD, gX] = tf.tidy(() =>
          tf
            .grads((loc: tf.Tensor, w: tf.Tensor, d: tf.Tensor, x: tf.Tensor) => LowRankMultivariateNormal(loc, w, d).logProb(x))([
              tf.tensor(c.loc),
              tf.tensor(c.w),
              tf.tensor(c.d),
              tf.tensor(c.x),
            ])
            .map((g) => g.arraySync()),
        ) as [number[], number[][], number[], number[]];
        const s = scales(c);
        const base = { loc: lift([c.loc])[0]!, w: lift(c.w), d: lift([c.d])[0]!, x: lift([c.x])[0]! };
        const unit = (m: number, i: number) => [Array.from({ length: m }, (_, k) => (k === i ? 1 : 0))];
        // Gradient sizes: ∂/∂x = −Σ⁻¹δ (size q), ∂/∂W = (Σ⁻¹δδᵀΣ⁻¹ − Σ⁻¹) W, ∂/∂D = ½ diag(·),
        // size G = q² + ‖Σ⁻¹‖ (times ‖W‖ ≤ √(n r) for W). The float32 Woodbury path computes Σ⁻¹
        // applied to vectors with ≤ (n + r)·(1 + κ(C))·R·eps32 relative error (as for the
        // value); δ's rounding adds ‖Σ⁻¹‖·eps32·A per unit of q. Asserted with 32×:
        const rel = 32 * EPS32 * (c.n + c.r) * (1 + s.kC) * s.ratio;
        const tolX = rel * (s.q + 1) + 4 * EPS32 * s.sinv * s.a;
        const tolM = rel * (s.q * s.q + s.sinv + 1) * Math.sqrt(c.n * c.r) + 8 * EPS32 * s.sinv * s.a * (s.q + 1) * Math.sqrt(c.n * c.r);
        for (let i = 0; i < c.n; i++) {
          expect(Math.abs(gLoc[i]! - logpdf64(lift([c.loc], unit(c.n, i))[0]!, base.w, base.d, base.x).d)).toBeLessThanOrEqual(tolX);
          expect(Math.abs(gX[i]! - logpdf64(base.loc, base.w, base.d, lift([c.x], unit(c.n, i))[0]!).d)).toBeLessThanOrEqual(tolX);
          expect(Math.abs(gD[i]! - logpdf64(base.loc, base.w, lift([c.d], unit(c.n, i))[0]!, base.x).d)).toBeLessThanOrEqual(tolM);
          for (let k = 0; k < c.r; k++) {
            const dir = c.w.map((row, p) => row.map((_, q) => (p === i && q === k ? 1 : 0)));
            expect(Math.abs(gW[i]![k]! - logpdf64(base.loc, lift(c.w, dir), base.d, base.x).d)).toBeLessThanOrEqual(tolM);
          }
        }
      }),
      { ...FC, numRuns: 60 },
    );
  });

  it("rsample is pathwise: d/d loc = w, and w·(x − μ) = Σ W ∂/∂W + 2 Σ D ∂/∂D (homogeneity)", () => {
    fc.assert(
      fc.property(lrCase, fc.array(f32(-1, 1), { minLength: 5, maxLength: 5 }), fc.integer({ min: 1, max: 2 ** 30 }), (c, w5, seed) => {
        const wt = w5.slice(0, c.n);
        const { gLoc, gW, gD, x } = tf.tidy(() => {
          const f = (loc: tf.Tensor, w: tf.Tensor, d: tf.Tensor) => tf.sum(tf.mul(LowRankMultivariateNormal(loc, w, d).rsample([], seed), tf.tensor(wt)));
          const [a, b, e] = tf.grads(f)([tf.tensor(c.loc), tf.tensor(c.w), tf.tensor(c.d)]);
          return {
            gLoc: a!.arraySync() as number[],
            gW: b!.arraySync() as number[][],
            gD: e!.arraySync() as number[],
            x: build(c).rsample([], seed).arraySync() as number[],
          };
        });
        expect(gLoc).toEqual(wt);
        // x = μ + Wε₁ + √D ε₂ is linear in W and homogeneous of degree ½ in D, so by Euler
        // w·(x − μ) = Σᵢₖ Wᵢₖ ∂f/∂Wᵢₖ + 2 Σᵢ Dᵢ ∂f/∂Dᵢ. Each side has ≤ (r + 3)·eps32 relative error
        // in the magnitudes Σ|wᵢ|(|μᵢ| + |xᵢ|) and Σ|Wᵢₖ ∂f/∂Wᵢₖ| + 2Σ|Dᵢ ∂f/∂Dᵢ|.
        const lhs = wt.reduce((a, v, i) => a + v * (x[i]! - c.loc[i]!), 0);
        const terms = [...c.w.flatMap((row, i) => row.map((v, k) => v * gW[i]![k]!)), ...c.d.map((v, i) => 2 * v * gD[i]!)];
        const rhs = terms.reduce((a, v) => a + v, 0);
        const size = wt.reduce((a, v, i) => a + Math.abs(v) * (Math.abs(x[i]!) + Math.abs(c.loc[i]!)), 0) + terms.reduce((a, v) => a + Math.abs(v), 0);
        expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(4 * (c.r + 3) * EPS32 * size + 2 ** -140);
      }),
      { ...FC, numRuns: 50 },
    );
  });

  it("sample mean and variance match μ and diag Σ (CLT, false-failure rate 1e-6)", () => {
    const runs = 5;
    const count = 20_000;
    const n = 4;
    // 2n assertions per run; Bonferroni over runs × assertions
    const z = zForFailureRate(1e-6 / (runs * 2 * n));
    fc.assert(
      fc.property(
        fc.array(f32(-3, 3), { minLength: n, maxLength: n }),
        fc.array(f32(-1, 1), { minLength: 2 * n, maxLength: 2 * n }),
        fc.array(logUniform(0.1, 2), { minLength: n, maxLength: n }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        (mu, wf, dg, seed) => {
          const w = Array.from({ length: n }, (_, i) => wf.slice(2 * i, 2 * i + 2));
          const xs = valuesOf(LowRankMultivariateNormal(mu, w, dg).sample([count], seed));
          for (let i = 0; i < n; i++) {
            const v = w[i]![0]! ** 2 + w[i]![1]! ** 2 + dg[i]!;
            let m = 0;
            let s2 = 0;
            for (let s = 0; s < count; s++) {
              m += xs[s * n + i]!;
              s2 += (xs[s * n + i]! - mu[i]!) ** 2;
            }
            // mean ~ N(μᵢ, v/count); with the known mean, (x − μ)² has mean v and variance 2v²
            // (Gaussian). Power: a draw missing the √D term (or the W term) moves the variance by
            // Dᵢ ≥ 0.1 (or Σₖ Wᵢₖ²), i.e. by ≥ 5% of v, above z·v·√(2/count) ≈ 0.05·v in most runs.
            expect(Math.abs(m / count - mu[i]!)).toBeLessThanOrEqual(z * Math.sqrt(v / count));
            expect(Math.abs(s2 / count - v)).toBeLessThanOrEqual(z * v * Math.sqrt(2 / count));
          }
        },
      ),
      { ...FC, numRuns: runs },
    );
  });

  it("rejects bad parameters and shapes with messages naming the parameter", () => {
    expect(() => LowRankMultivariateNormal([0, 0], [[1], [1]], [1, -1])).toThrow(ValidationError);
    expect(() => LowRankMultivariateNormal([0, 0], [[1], [1]], [1, -1])).toThrow("LowRankMultivariateNormal: 'covDiag' must be positive, got -1 at [1]");
    expect(() => LowRankMultivariateNormal([0, 0], [[1], [NaN]], [1, 1])).toThrow("'covFactor' must be a finite real number, got NaN at [1,0]");
    expect(() => LowRankMultivariateNormal([0, 0], [[1, 0, 0]], [1, 1])).toThrow(ShapeError);
    expect(() => LowRankMultivariateNormal([0, 0], [1, 1], [1, 1])).toThrow("'covFactor' must have shape [..., 2, r] with r ≥ 1 (n from 'loc'), got [2]");
    expect(() => LowRankMultivariateNormal([0, 0], [[1], [1]], [1, 1, 1])).toThrow("'covDiag' must have shape [..., 2] (n from 'loc'), got [3]");
    expect(() => LowRankMultivariateNormal([0, 0], [[1], [1]], [1, 1]).logProb(tf.zeros([3]))).toThrow("value must have shape [..., 2], got [3]");
  });

  it("does not leak tensors", () => {
    const d = LowRankMultivariateNormal(tf.zeros([2, 3]), tf.ones([3, 2]), tf.ones([3]));
    const before = tf.memory().numTensors;
    const x = d.rsample([2], 1);
    const out = [x, d.logProb(x), d.sample([3], 2), d.entropy(), d.mean, d.variance, d.covarianceMatrix, d.scaleTril, d.logDetCovariance(), d.capacitanceTril];
    out.push(tf.grad((w: tf.Tensor) => tf.sum(LowRankMultivariateNormal(tf.zeros([3]), w, tf.ones([3])).logProb(tf.ones([3]))))(tf.ones([3, 2])));
    tf.dispose(out);
    // the tf.ones([3, 2]) argument of the gradient is the only tensor created outside
    expect(tf.memory().numTensors).toBe(before + 1);
  });
});

import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MultivariateNormal, MultivariateNormalDistribution, ShapeError, ValidationError, realVector, tf } from "latent";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, f32, logUniform, scalarOf, valuesOf } from "../helpers.js";
import {
  type DMat,
  type Dual,
  add,
  cholesky64,
  cond,
  dual,
  frob,
  lift,
  log,
  mul,
  solve64,
  sub,
  sum,
  values,
} from "../math/linalg64.js";

const LOG_2PI = Math.log(2 * Math.PI);
type Kind = "scaleTril" | "covarianceMatrix" | "precisionMatrix";

/**
 * A random MultivariateNormal on ℝⁿ (n ≤ 4) and a point: L lower triangular with diagonal
 * log-uniform in [0.5, 2] and off-diagonal entries in [−0.5, 0.5]; Σ = fl(L Lᵀ); P = fl(Σ⁻¹)
 * (symmetric); x = fl(μ + L u), u ∈ [−3, 3]ⁿ. All parameters are float32 numbers.
 */
const mvnCase = fc.integer({ min: 1, max: 4 }).chain((n) =>
  fc
    .record({
      loc: fc.array(f32(-5, 5), { minLength: n, maxLength: n }),
      diag: fc.array(logUniform(0.5, 2), { minLength: n, maxLength: n }),
      off: fc.array(f32(-0.5, 0.5), { minLength: n * n, maxLength: n * n }),
      u: fc.array(f32(-3, 3), { minLength: n, maxLength: n }),
      kind: fc.constantFrom<Kind>("scaleTril", "covarianceMatrix", "precisionMatrix"),
    })
    .map((r) => {
      const l = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? r.diag[i]! : j < i ? r.off[i * n + j]! : 0)));
      const cov = l.map((ri, i) => l.map((rj, j) => (j <= i ? Math.fround(ri.reduce((a, v, k) => a + v * rj[k]!, 0)) : 0)));
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) cov[i]![j] = cov[j]![i]!;
      const eye = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
      const prec = values(solve64(lift(cov), lift(eye))).map((row) => row.map(Math.fround));
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) prec[i]![j] = prec[j]![i]!;
      const x = r.loc.map((m, i) => Math.fround(m + l[i]!.reduce((a, v, k) => a + v * r.u[k]!, 0)));
      const matrix = r.kind === "scaleTril" ? l : r.kind === "covarianceMatrix" ? cov : prec;
      return { n, loc: r.loc, l, cov, prec, x, kind: r.kind, matrix };
    }),
);
type MvnCase = typeof mvnCase extends fc.Arbitrary<infer T> ? T : never;

/** float64 log-density as a dual-number function of (loc, matrix, x) for each parameterization. */
function logpdf64(kind: Kind, loc: Dual[], m: DMat, x: Dual[]): Dual {
  const n = loc.length;
  const delta = x.map((v, i) => sub(v, loc[i]!));
  let out: Dual;
  if (kind === "precisionMatrix") {
    // −½ δᵀ P δ + log det P / 2
    const lp = cholesky64(m);
    const quad = sum(delta.map((di, i) => sum(delta.map((dj, j) => mul(mul(di, m[i]![j]!), dj)))));
    out = add(mul(dual(-0.5), quad), sum(lp.map((r, i) => log(r[i]!))));
  } else {
    const l = kind === "scaleTril" ? m : cholesky64(m);
    const z = solve64(
      l.map((r, i) => r.map((v, j) => (j <= i ? v : dual(0)))),
      delta.map((d) => [d]),
    ).map((r) => r[0]!);
    out = sub(mul(dual(-0.5), sum(z.map((v) => mul(v, v)))), sum(l.map((r, i) => log(r[i]!))));
  }
  return sub(out, dual(0.5 * n * LOG_2PI));
}

const build = (c: MvnCase) => MultivariateNormal(c.loc, { [c.kind]: c.matrix } as { scaleTril: number[][] });

/** Scales for the error budgets: ‖L⁻¹‖_F, κ_F(L), ‖z‖ with z = L⁻¹(x − μ), and ‖|x| + |μ|‖. */
function scales(c: MvnCase) {
  const eye = c.l.map((r, i) => r.map((_, j) => (i === j ? 1 : 0)));
  const linv = frob(values(solve64(lift(c.l), lift(eye))));
  const z = values(solve64(lift(c.l), lift(c.x.map((v, i) => [v - c.loc[i]!]))));
  return {
    linv,
    kappa: cond(c.l),
    z: frob(z),
    a: Math.sqrt(c.x.reduce((s, v, i) => s + (Math.abs(v) + Math.abs(c.loc[i]!)) ** 2, 0)),
    logDiag: c.l.reduce((s, r, i) => s + Math.abs(Math.log(r[i]!)), 0),
  };
}

describe("MultivariateNormal", () => {
  it("has the shapes of Pyro's convention, with batch from loc and the matrix", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
        fc.integer({ min: 1, max: 3 }),
        (sampleShape, batch, n) => {
          tf.tidy(() => {
            const d = MultivariateNormal(tf.zeros([...batch, n]), { scaleTril: tf.eye(n) });
            expect(d.batchShape).toEqual(batch);
            expect(d.eventShape).toEqual([n]);
            const x = d.sample(sampleShape, 1);
            expect(x.shape).toEqual([...sampleShape, ...batch, n]);
            expect(d.logProb(x).shape).toEqual([...sampleShape, ...batch]);
            expect(d.mean.shape).toEqual([...batch, n]);
            expect(d.variance.shape).toEqual([...batch, n]);
            expect(d.entropy().shape).toEqual(batch);
            expect(d.covarianceMatrix.shape).toEqual([...batch, n, n]);
            expect(d.expand([2, ...batch]).sample([], 1).shape).toEqual([2, ...batch, n]);
            const m = MultivariateNormal(tf.zeros([n]), { covarianceMatrix: tf.broadcastTo(tf.eye(n), [...batch, n, n]) });
            expect(m.batchShape).toEqual(batch);
            expect(m.logProb(tf.zeros([n])).shape).toEqual(batch);
          });
        },
      ),
      { ...FC, numRuns: 30 },
    );
  });

  it("logProb, mean, variance and entropy equal float64 formulas in every parameterization", () => {
    fc.assert(
      fc.property(mvnCase, (c) => {
        const d = build(c);
        const lp = scalarOf(d.logProb(tf.tensor(c.x)));
        const ref = logpdf64(c.kind, lift([c.loc])[0]!, lift(c.matrix), lift([c.x])[0]!).v;
        const s = scales(c);
        // δ = x − μ rounds by eps32·(|x| + |μ|), moving z = L⁻¹δ by ≤ eps32·‖L⁻¹‖·A; a factor L
        // built by Cholesky (or from P) is within ≈ eps32 relative per entry of its float64
        // value, moving z by ≤ 2·eps32·κ(L)·‖z‖; ½‖z‖² then moves by ‖z‖ times that; the sums
        // and logs add a few eps32 relative to ‖z‖², Σ|log Lᵢᵢ| and n log 2π. Asserted with 16×:
        const tol = 16 * EPS32 * (s.z * s.linv * s.a + (1 + s.kappa) * s.z * s.z + s.logDiag + c.n * LOG_2PI + 1);
        expect(Math.abs(lp - ref)).toBeLessThanOrEqual(tol);
        // mean μ exactly; variance Σᵢᵢ (a sum of ≤ 4 squares: ≤ (n + 1)·eps32 relative, plus
        // the (1 + κ) eps32 perturbation of a computed factor)
        expect(valuesOf(d.mean)).toEqual(c.loc);
        const v = valuesOf(d.variance);
        const sig = c.l.map((r) => r.reduce((a, x) => a + x * x, 0));
        v.forEach((vi, i) => expect(Math.abs(vi - sig[i]!)).toBeLessThanOrEqual(4 * (c.n + 1 + s.kappa) * EPS32 * sig[i]!));
        const h = 0.5 * c.n * (1 + LOG_2PI) + c.l.reduce((a, r, i) => a + Math.log(r[i]!), 0);
        expect(Math.abs(scalarOf(d.entropy()) - h)).toBeLessThanOrEqual(16 * EPS32 * (1 + s.kappa) * (s.logDiag + c.n * (1 + LOG_2PI)));
      }),
      FC,
    );
  });

  it("logProb gradients (loc, matrix, value) equal exact float64 derivatives (forward-mode duals)", () => {
    fc.assert(
      fc.property(mvnCase, (c) => {
        const n = c.n;
        const [gLoc, gM, gX] = tf.tidy(() => {
          // through the factory: Σ and P are factored differentiably
          const f = (loc: tf.Tensor, m: tf.Tensor, x: tf.Tensor) =>
            MultivariateNormal(loc, { [c.kind]: m } as { scaleTril: tf.Tensor }).logProb(x);
          return tf.grads(f)([tf.tensor(c.loc), tf.tensor(c.matrix), tf.tensor(c.x)]).map((g) => g.arraySync());
        }) as [number[], number[][], number[]];
        const base = { loc: lift([c.loc])[0]!, m: lift(c.matrix), x: lift([c.x])[0]! };
        const unitVec = (i: number) => c.loc.map((_, k) => (k === i ? 1 : 0));
        const s = scales(c);
        // Budgets (derivation as for the value): gradient sizes G_x = ‖L⁻¹‖(‖z‖ + 1),
        // G_L = ‖L⁻¹‖(‖z‖² + 1), G_Σ = ‖L⁻¹‖²(‖z‖² + 1), G_P = ‖L‖² + ‖δ‖² + 1; float32
        // arithmetic and a computed factor give 64·eps32·(1 + κ)·G, the rounding of δ adds
        // 8·eps32·A times the next derivative (one more factor ‖L⁻¹‖, or ‖δ‖ + 1 for P).
        const sumL2 = c.l.flat().reduce((a, v) => a + v * v, 0);
        const d2 = c.x.reduce((a, v, i) => a + (v - c.loc[i]!) ** 2, 0);
        const budget = (g: number, next: number) => 64 * EPS32 * (1 + s.kappa) * g + 8 * EPS32 * s.a * next;
        const tolX = budget(s.linv * (s.z + 1), s.linv * s.linv);
        const tolM =
          c.kind === "scaleTril"
            ? budget(s.linv * (s.z * s.z + 1), s.linv * s.linv * (s.z + 1))
            : c.kind === "covarianceMatrix"
              ? budget(s.linv ** 2 * (s.z * s.z + 1), s.linv ** 3 * (s.z + 1))
              : budget(sumL2 + d2 + 1, Math.sqrt(d2) + 1);
        for (let i = 0; i < n; i++) {
          const dl = logpdf64(c.kind, lift([c.loc], [unitVec(i)])[0]!, base.m, base.x).d;
          const dx = logpdf64(c.kind, base.loc, base.m, lift([c.x], [unitVec(i)])[0]!).d;
          expect(Math.abs(gLoc[i]! - dl)).toBeLessThanOrEqual(tolX);
          expect(Math.abs(gX[i]! - dx)).toBeLessThanOrEqual(tolX);
          for (let j = 0; j <= i; j++) {
            // scaleTril: the lower entry alone; Σ and P: the symmetric direction E_ij + E_ji,
            // whose library counterpart is g_ij + g_ji (the gradient is symmetric).
            const sym = c.kind !== "scaleTril";
            const dir = c.matrix.map((r, p) => r.map((_, q) => ((p === i && q === j) || (sym && p === j && q === i) ? 1 : 0)));
            const ref = logpdf64(c.kind, base.loc, lift(c.matrix, dir), base.x).d;
            const got = sym && i !== j ? gM[i]![j]! + gM[j]![i]! : gM[i]![j]!;
            expect(Math.abs(got - ref)).toBeLessThanOrEqual(sym && i !== j ? 2 * tolM : tolM);
            if (!sym && j < i) expect(gM[j]![i]).toBe(0); // the upper triangle of scaleTril is not read
          }
        }
      }),
      { ...FC, numRuns: 60 },
    );
  });

  it("rsample is pathwise: d x / d loc = I and d(w·x)/d L_ij = w_i ε_j", () => {
    fc.assert(
      fc.property(mvnCase, fc.array(f32(-1, 1), { minLength: 4, maxLength: 4 }), fc.integer({ min: 1, max: 2 ** 30 }), (c, w4, seed) => {
        const n = c.n;
        const w = w4.slice(0, n);
        const { gLoc, gL, x } = tf.tidy(() => {
          const f = (loc: tf.Tensor, l: tf.Tensor) => tf.sum(tf.mul(new MultivariateNormalDistribution(loc, l).rsample([], seed), tf.tensor(w)));
          const [a, b] = tf.grads(f)([tf.tensor(c.loc), tf.tensor(c.l)]);
          return { gLoc: a!.arraySync() as number[], gL: b!.arraySync() as number[][], x: MultivariateNormal(c.loc, { scaleTril: c.l }).rsample([], seed).arraySync() as number[] };
        });
        expect(gLoc).toEqual(w.map((v) => Math.fround(v)));
        const eps = values(solve64(lift(c.l), lift(x.map((v, i) => [v - c.loc[i]!])))).map((r) => r[0]!);
        const s = scales(c);
        // ε recovered from the float32 draw x: |Δε| ≤ 4·eps32·‖L⁻¹‖·‖|x| + |μ|‖ (x = μ + Lε rounds
        // by ≤ (n + 1)·eps32 relative to those terms); the library gradient w_i ε_j is exact up to
        // one rounding.
        const epsTol = 4 * (n + 1) * EPS32 * s.linv * (Math.sqrt(x.reduce((a, v) => a + v * v, 0)) + Math.sqrt(c.loc.reduce((a, v) => a + v * v, 0)) + 1);
        // (+2⁻¹⁴⁹: w may be subnormal)
        for (let i = 0; i < n; i++) {
          for (let j = 0; j <= i; j++) {
            expect(Math.abs(gL[i]![j]! - w[i]! * eps[j]!)).toBeLessThanOrEqual(Math.abs(w[i]!) * (epsTol + EPS32 * Math.abs(eps[j]!)) + 2 ** -149);
          }
        }
      }),
      { ...FC, numRuns: 50 },
    );
  });

  it("sample mean and covariance match μ and Σ (CLT, false-failure rate 1e-6)", () => {
    const runs = 5;
    const n = 3;
    const count = 20_000;
    // n means + n(n+1)/2 covariance entries per run, Bonferroni over runs × assertions
    const z = zForFailureRate(1e-6 / (runs * (n + (n * (n + 1)) / 2)));
    fc.assert(
      fc.property(
        fc.array(f32(-3, 3), { minLength: n, maxLength: n }),
        fc.array(logUniform(0.5, 2), { minLength: n, maxLength: n }),
        fc.array(f32(-1, 1), { minLength: n * n, maxLength: n * n }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        (mu, diag, off, seed) => {
          const l = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? diag[i]! : j < i ? off[i * n + j]! : 0)));
          const sigma = l.map((ri) => l.map((rj) => ri.reduce((a, v, k) => a + v * rj[k]!, 0)));
          const xs = valuesOf(MultivariateNormal(mu, { scaleTril: l }).sample([count], seed));
          for (let i = 0; i < n; i++) {
            let m = 0;
            for (let s = 0; s < count; s++) m += xs[s * n + i]!;
            m /= count;
            // mean of count draws: N(μᵢ, Σᵢᵢ/count)
            expect(Math.abs(m - mu[i]!)).toBeLessThanOrEqual(z * Math.sqrt(sigma[i]![i]! / count));
            for (let j = 0; j <= i; j++) {
              let c = 0;
              for (let s = 0; s < count; s++) c += (xs[s * n + i]! - mu[i]!) * (xs[s * n + j]! - mu[j]!);
              c /= count;
              // with the known mean, (xᵢ − μᵢ)(xⱼ − μⱼ) has mean Σᵢⱼ and variance ΣᵢᵢΣⱼⱼ + Σᵢⱼ²
              // (Isserlis); its CLT bound at this count (excess kurtosis ≤ 12 → skew of the mean
              // ≈ 0.02, negligible against z). Power: an off-diagonal entry of L off by 0.1 moves
              // Σᵢⱼ by ≈ 0.1·Lⱼⱼ ≈ 0.1, above the bound z·√(2·4/20000) ≈ 0.12 only for the larger
              // scales; a wrong factor (Lᵀ instead of L) is caught in nearly every run.
              expect(Math.abs(c - sigma[i]![j]!)).toBeLessThanOrEqual(z * Math.sqrt((sigma[i]![i]! * sigma[j]![j]! + sigma[i]![j]! ** 2) / count));
            }
          }
        },
      ),
      { ...FC, numRuns: runs },
    );
  });

  it("covarianceMatrix and precisionMatrix getters invert each other; the factors agree across parameterizations", () => {
    fc.assert(
      fc.property(mvnCase, (c) => {
        const s = scales(c);
        const byCov = MultivariateNormal(c.loc, { covarianceMatrix: c.cov });
        const byPrec = MultivariateNormal(c.loc, { precisionMatrix: c.prec });
        const [lc, lp, prodErr] = tf.tidy(() => {
          const prod = tf.matMul(byPrec.covarianceMatrix, byCov.precisionMatrix);
          return [byCov.scaleTril.arraySync(), byPrec.scaleTril.arraySync(), tf.max(tf.abs(tf.sub(prod, tf.eye(c.n)))).dataSync()[0]!];
        }) as [number[][], number[][], number];
        // Both factors are L up to the rounding of Σ (and of P = Σ⁻¹): ≤ 8·(n + 1)·κ(L)²·eps32
        // relative to ‖L‖ (perturbation theory of Cholesky, Higham Thm 10.8, in the 2-norm bound).
        const scaleL = frob(c.l);
        for (let i = 0; i < c.n; i++) {
          for (let j = 0; j < c.n; j++) {
            expect(Math.abs(lc[i]![j]! - c.l[i]![j]!)).toBeLessThanOrEqual(8 * (c.n + 1) * s.kappa ** 2 * EPS32 * scaleL);
            expect(Math.abs(lp[i]![j]! - c.l[i]![j]!)).toBeLessThanOrEqual(16 * (c.n + 1) * s.kappa ** 2 * EPS32 * scaleL);
          }
        }
        expect(prodErr).toBeLessThanOrEqual(32 * (c.n + 1) * s.kappa ** 2 * EPS32);
      }),
      FC,
    );
  });

  it("support is the real vectors (tag real, event rank 1) and samples lie in it with finite logProb", () => {
    const d = MultivariateNormal([0, 0, 0], { covarianceMatrix: [[4, 1, 0], [1, 2, 0.5], [0, 0.5, 1]] });
    expect(d.support).toBe(realVector);
    expect(d.support.tag).toBe("real");
    expect(d.support.eventRank).toBe(1);
    tf.tidy(() => {
      const x = d.sample([500], 7);
      expect(valuesOf(d.support.check(x)).every((v) => v === 1)).toBe(true);
      expect(valuesOf(d.logProb(x)).every(Number.isFinite)).toBe(true);
    });
  });

  it("rejects bad matrices and shapes with messages naming the parameter", () => {
    expect(() => MultivariateNormal([0, 0], { covarianceMatrix: [[1, 2], [2, 1]] })).toThrow(ValidationError);
    expect(() => MultivariateNormal([0, 0], { covarianceMatrix: [[1, 2], [2, 1]] })).toThrow(
      "MultivariateNormal: 'covarianceMatrix' must be a symmetric positive-definite matrix, got a value",
    );
    expect(() => MultivariateNormal([0, 0], { scaleTril: [[1, 1], [0, 1]] })).toThrow(
      "MultivariateNormal: 'scaleTril' must be lower triangular with a positive diagonal, got a value",
    );
    expect(() => MultivariateNormal([0, 0], { scaleTril: [[[1, 0], [0, 1]], [[-1, 0], [0, 1]]] })).toThrow("got a value at [1]");
    expect(() => MultivariateNormal([0, NaN], { scaleTril: [[1, 0], [0, 1]] })).toThrow("MultivariateNormal: 'loc' must be a finite real number, got NaN at [1]");
    expect(() => MultivariateNormal([0, 0, 0], { scaleTril: [[1, 0], [0, 1]] })).toThrow(ShapeError);
    expect(() => MultivariateNormal([0, 0, 0], { scaleTril: [[1, 0], [0, 1]] })).toThrow("'loc' has 3 entries in its last axis, so the matrix must have shape [..., 3, 3], got [2,2]");
    expect(() => MultivariateNormal([0, 0], { scaleTril: tf.eye(2), covarianceMatrix: tf.eye(2) } as never)).toThrow(
      "MultivariateNormal: give exactly one of 'scaleTril', 'covarianceMatrix' or 'precisionMatrix', got scaleTril and covarianceMatrix",
    );
    expect(() => MultivariateNormal([0, 0], {} as never)).toThrow("got none");
    const d = MultivariateNormal([0, 0], { scaleTril: tf.eye(2) });
    expect(() => d.logProb(tf.zeros([3]))).toThrow("MultivariateNormal.logProb: value must have shape [..., 2], got [3]");
    expect(() => d.expand([3, 2])).not.toThrow();
    expect(() => MultivariateNormal(tf.zeros([3, 2]), { scaleTril: tf.eye(2) }).expand([2])).toThrow(ShapeError);
  });

  it("does not leak tensors", () => {
    const d = MultivariateNormal(tf.zeros([2, 3]), { covarianceMatrix: [[4, 1, 0], [1, 2, 0.5], [0, 0.5, 1]] });
    const p = MultivariateNormal([0, 0, 0], { precisionMatrix: [[4, 1, 0], [1, 2, 0.5], [0, 0.5, 1]] });
    const before = tf.memory().numTensors;
    const x = d.rsample([2], 1);
    const out = [
      x,
      d.logProb(x),
      d.sample([3], 2),
      d.entropy(),
      d.mean,
      d.variance,
      d.covarianceMatrix,
      p.precisionMatrix,
      tf.grad((l: tf.Tensor) => tf.sum(new MultivariateNormalDistribution(tf.zeros([3]), l).logProb(tf.ones([3]))))(p.scaleTril),
    ];
    tf.dispose(out);
    expect(tf.memory().numTensors).toBe(before);
  });
});

import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Bernoulli,
  type Distribution,
  KLNotFoundError,
  LowRankMultivariateNormal,
  MultivariateNormal,
  Normal,
  hasKL,
  kl,
  tf,
} from "latent";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, f32, logUniform, scalarOf, valuesOf } from "../helpers.js";
import { cond, lift, logAbsDet, solve64, values } from "../math/linalg64.js";

type Kind = "scaleTril" | "covarianceMatrix" | "precisionMatrix" | "lowRank" | "diagonal";

/**
 * A Gaussian on ℝⁿ in one of five forms, with its float64 mean and covariance (the covariance
 * the library is actually given: L Lᵀ, the float32 Σ, the inverse of the float32 P, W Wᵀ + D,
 * or diag σ²) and an error factor F for its float32 computation (1 for an exact factor, κ(L)
 * for a computed Cholesky factor, (n + r)(1 + κ(C))·R for Woodbury, see the distribution tests).
 */
interface Gauss {
  kind: Kind;
  make: () => Distribution;
  mu: number[];
  sigma: number[][];
  factor: number;
}

const eye = (n: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
const inv64 = (m: number[][]) => values(solve64(lift(m), lift(eye(m.length))));

function gauss(n: number, kind: Kind): fc.Arbitrary<Gauss> {
  return fc
    .record({
      mu: fc.array(f32(-3, 3), { minLength: n, maxLength: n }),
      diag: fc.array(logUniform(0.5, 2), { minLength: n, maxLength: n }),
      off: fc.array(f32(-0.5, 0.5), { minLength: n * n, maxLength: n * n }),
      w: fc.array(f32(-1, 1), { minLength: 2 * n, maxLength: 2 * n }),
      d: fc.array(logUniform(0.2, 2), { minLength: n, maxLength: n }),
    })
    .map(({ mu, diag, off, w, d }) => {
      const l = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? diag[i]! : j < i ? off[i * n + j]! : 0)));
      const llt = l.map((ri) => l.map((rj) => ri.reduce((a, v, k) => a + v * rj[k]!, 0)));
      const kL = cond(l);
      switch (kind) {
        case "scaleTril":
          return { kind, mu, sigma: llt, factor: 1, make: () => MultivariateNormal(mu, { scaleTril: l }) };
        case "covarianceMatrix": {
          const cov = llt.map((r) => r.map(Math.fround));
          return { kind, mu, sigma: cov, factor: kL, make: () => MultivariateNormal(mu, { covarianceMatrix: cov }) };
        }
        case "precisionMatrix": {
          const prec = inv64(llt).map((r) => r.map(Math.fround));
          for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) prec[i]![j] = prec[j]![i]!;
          return { kind, mu, sigma: inv64(prec), factor: 2 * kL, make: () => MultivariateNormal(mu, { precisionMatrix: prec }) };
        }
        case "lowRank": {
          const wm = Array.from({ length: n }, (_, i) => w.slice(2 * i, 2 * i + 2));
          const sigma = wm.map((ri, i) => wm.map((rj, j) => ri[0]! * rj[0]! + ri[1]! * rj[1]! + (i === j ? d[i]! : 0)));
          const cap = eye(2).map((row, a) => row.map((v, b) => v + wm.reduce((s, wi, i) => s + (wi[a]! * wi[b]!) / d[i]!, 0)));
          const ratio = Math.max(1, ...wm.map((r) => (r[0]! ** 2 + r[1]! ** 2) / Math.min(...d)));
          return { kind, mu, sigma, factor: (n + 2) * (1 + cond(cap)) * ratio, make: () => LowRankMultivariateNormal(mu, wm, d) };
        }
        case "diagonal":
          return { kind, mu, sigma: diag.map((s, i) => diag.map((_, j) => (i === j ? s * s : 0))), factor: 1, make: () => Normal(mu, diag).toEvent(1) };
      }
    });
}

/** float64 KL(p ‖ q) = ½[tr(Σq⁻¹Σp) + δᵀΣq⁻¹δ − n + log det Σq − log det Σp], by elimination; and Σ|terms|. */
function kl64(p: Gauss, q: Gauss): { value: number; size: number } {
  const n = p.mu.length;
  const tr = values(solve64(lift(q.sigma), lift(p.sigma))).reduce((a, r, i) => a + r[i]!, 0);
  const delta = p.mu.map((v, i) => [v - q.mu[i]!]);
  const maha = values(solve64(lift(q.sigma), lift(delta))).reduce((a, r, i) => a + r[0]! * delta[i]![0]!, 0);
  const ldq = logAbsDet(q.sigma);
  const ldp = logAbsDet(p.sigma);
  return { value: 0.5 * (tr + maha - n + ldq - ldp), size: 0.5 * (Math.abs(tr) + maha + n + Math.abs(ldq) + Math.abs(ldp)) };
}

const pairs: Array<[Kind, Kind]> = [
  ["scaleTril", "scaleTril"],
  ["covarianceMatrix", "precisionMatrix"],
  ["precisionMatrix", "scaleTril"],
  ["diagonal", "covarianceMatrix"],
  ["scaleTril", "diagonal"],
  ["lowRank", "lowRank"],
  ["lowRank", "scaleTril"],
  ["covarianceMatrix", "lowRank"],
];

const pairArb = (a: Kind, b: Kind) => fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(gauss(n, a), gauss(n, b)));

describe.each(pairs)("KL(%s ‖ %s)", (a, b) => {
  it("is ≥ 0 (float32-honest) and equals the float64 formula", () => {
    fc.assert(
      fc.property(pairArb(a, b), ([p, q]) => {
        const k = scalarOf(kl(p.make(), q.make()));
        const ref = kl64(p, q);
        // The terms are each computed to ≤ 32·eps32·(1 + F) relative (triangular solves and
        // Cholesky in float64 rounded once, Woodbury in float32 as in the distribution tests),
        // so the float32 KL is within 32·eps32·(1 + F_p + F_q)·(1 + Σ|terms|) of the float64 one,
        // which is itself ≥ 0 up to float64 rounding.
        const tol = 32 * EPS32 * (1 + p.factor + q.factor) * (1 + ref.size);
        expect(ref.value).toBeGreaterThanOrEqual(-1e-12 * (1 + ref.size));
        expect(k).toBeGreaterThanOrEqual(-tol);
        expect(Math.abs(k - ref.value)).toBeLessThanOrEqual(tol);
      }),
      { ...FC, numRuns: 30 },
    );
  });

  it("KL(p ‖ p) is 0: exactly for full and diagonal factors, within a few eps32 for Woodbury", () => {
    fc.assert(
      fc.property(pairArb(a, b), ([p]) => {
        const d = p.make();
        const self = scalarOf(kl(d, d));
        const twin = scalarOf(kl(d, p.make()));
        if (p.kind === "lowRank") {
          // tr(Σ⁻¹Σ) − n and the log-determinants cancel only in float32: ≤ 32·eps32·(1 + F)·(1 + Σ|terms|)
          const size = kl64(p, p).size;
          expect(Math.abs(self)).toBeLessThanOrEqual(32 * EPS32 * (1 + p.factor) * (1 + size));
          expect(Math.abs(twin)).toBeLessThanOrEqual(32 * EPS32 * (1 + p.factor) * (1 + size));
        } else {
          // M = L⁻¹L is I exactly (forward substitution of L's own columns), t = 0: every term is 0
          expect(self).toBe(0);
          expect(twin).toBe(0);
        }
      }),
      { ...FC, numRuns: 15 },
    );
  });

  it("has gradients for both arguments' parameters and the broadcast batch shape", () => {
    const params = (kind: Kind, n: number, off: number): tf.Tensor[] => {
      const mu = tf.tensor(Array.from({ length: n }, (_, i) => 0.3 * i - off));
      switch (kind) {
        case "scaleTril":
          return [mu, tf.tensor([[1.2 + off, 0, 0], [0.3, 0.9, 0], [-0.2, 0.4, 1.1]])];
        case "covarianceMatrix":
        case "precisionMatrix":
          return [mu, tf.tensor([[2 + off, 0.3, 0.1], [0.3, 1.5, -0.2], [0.1, -0.2, 1]])];
        case "lowRank":
          return [mu, tf.tensor([[0.5, off], [-0.3, 0.2], [0.1, 0.7]]), tf.tensor([1 + off, 0.8, 1.3])];
        case "diagonal":
          return [mu, tf.tensor([1.1 + off, 0.7, 1.4])];
      }
    };
    const build = (kind: Kind, t: tf.Tensor[]): Distribution => {
      switch (kind) {
        case "lowRank":
          return LowRankMultivariateNormal(t[0]!, t[1]!, t[2]!);
        case "diagonal":
          return Normal(t[0]!, t[1]!).toEvent(1);
        default:
          return MultivariateNormal(t[0]!, { [kind]: t[1]! } as { scaleTril: tf.Tensor });
      }
    };
    tf.tidy(() => {
      const pt = params(a, 3, 0.1);
      const qt = params(b, 3, 0.4);
      const grads = tf.grads((...ts: tf.Tensor[]) => kl(build(a, ts.slice(0, pt.length)), build(b, ts.slice(pt.length))))([...pt, ...qt]);
      for (const g of grads) {
        const v = valuesOf(g.clone());
        expect(v.every(Number.isFinite)).toBe(true);
        expect(v.some((x) => x !== 0)).toBe(true);
      }
      // batch shapes [3, 1] and [4] broadcast to [3, 4]
      const pb = build(a, params(a, 3, 0.1)).expand([3, 1]);
      const qb = build(b, params(b, 3, 0.4)).expand([4]);
      expect(kl(pb, qb).shape).toEqual([3, 4]);
    });
  });

  it("closed form equals the Monte Carlo estimate E_p[log p − log q] within a CLT bound (1e-6)", () => {
    const runs = 3;
    // Bonferroni over the 8 pairs × runs
    const z = zForFailureRate(1e-6 / (pairs.length * runs));
    const count = 10_000;
    fc.assert(
      fc.property(pairArb(a, b), fc.integer({ min: 1, max: 2 ** 30 }), ([p, q], seed) => {
        const pd = p.make();
        const qd = q.make();
        const terms = tf.tidy(() => {
          const x = pd.sample([count], seed);
          return valuesOf(tf.sub(pd.logProb(x), qd.logProb(x)));
        });
        const mean = terms.reduce((s, v) => s + v, 0) / count;
        const sd = Math.sqrt(terms.reduce((s, v) => s + (v - mean) ** 2, 0) / (count - 1));
        // The log-ratio is a quadratic form in a Gaussian vector (all moments finite): the CLT
        // holds at this count with the sample SD; the float32 log-densities add ≤ 1e-5 of bias.
        // Power: a trace or log-det term off by a factor 1.1, or a missing ½, shifts the
        // estimate by ≳ 0.05·KL, caught whenever that exceeds z·sd/√count ≈ 0.04·sd.
        expect(Math.abs(mean - scalarOf(kl(pd, qd)))).toBeLessThanOrEqual((z * sd) / Math.sqrt(count) + 1e-5 * (1 + kl64(p, q).size));
      }),
      { ...FC, numRuns: runs },
    );
  });
});

describe("diagonal Gaussians three ways", () => {
  it("Independent(Normal) KL = Σ Normal KLs = diagonal MultivariateNormal KL", () => {
    const klN64 = (m1: number, s1: number, m2: number, s2: number) => Math.log(s2 / s1) + (s1 * s1 + (m1 - m2) ** 2) / (2 * s2 * s2) - 0.5;
    fc.assert(
      fc.property(
        fc.array(fc.record({ m1: f32(-5, 5), s1: logUniform(0.05, 20), m2: f32(-5, 5), s2: logUniform(0.05, 20) }), { minLength: 1, maxLength: 5 }),
        (cols) => {
          const col = (k: "m1" | "s1" | "m2" | "s2") => cols.map((c) => c[k]);
          const diag = (s: number[]) => s.map((v, i) => s.map((_, j) => (i === j ? v : 0)));
          const ind = scalarOf(kl(Normal(col("m1"), col("s1")).toEvent(1), Normal(col("m2"), col("s2")).toEvent(1)));
          const mvn = scalarOf(kl(MultivariateNormal(col("m1"), { scaleTril: diag(col("s1")) }), MultivariateNormal(col("m2"), { scaleTril: diag(col("s2")) })));
          const mixed = scalarOf(kl(Normal(col("m1"), col("s1")).toEvent(1), MultivariateNormal(col("m2"), { scaleTril: diag(col("s2")) })));
          const sum = cols.reduce((a, c) => a + klN64(c.m1, c.s1, c.m2, c.s2), 0);
          // every form computes per coordinate ½(expm1(t) − t) + ½d² (the MVN form with the
          // strictly-lower part 0 exactly), each to 16·eps32 of its terms, then sums:
          const size = cols.reduce((a, c) => {
            const t = 2 * Math.log(c.s1 / c.s2);
            return a + 0.5 * (Math.abs(Math.expm1(t)) + Math.abs(t) + ((c.m1 - c.m2) / c.s2) ** 2) + 1;
          }, 0);
          for (const v of [ind, mvn, mixed]) expect(Math.abs(v - sum)).toBeLessThanOrEqual(16 * EPS32 * size);
          // the matrix forms agree with each other to the float32 rounding of their sums
          expect(Math.abs(mvn - mixed)).toBeLessThanOrEqual(8 * EPS32 * size);
        },
      ),
      { ...FC, numRuns: 50 },
    );
  });

  it("says which pairs have no rule", () => {
    const mvn = MultivariateNormal([0, 0], { scaleTril: [[1, 0], [0, 1]] });
    const bern = Bernoulli({ probs: [0.5, 0.5] }).toEvent(1);
    expect(hasKL(bern, mvn)).toBe(false);
    expect(() => kl(bern, mvn)).toThrow(KLNotFoundError);
    expect(() => kl(bern, mvn)).toThrow("only Independent(Normal, 1) pairs with a MultivariateNormal, got Independent(Bernoulli)");
    expect(hasKL(Normal([0, 0], 1).toEvent(1), mvn)).toBe(true);
    expect(hasKL(mvn, Normal([0, 0], 1).toEvent(1))).toBe(true);
    expect(hasKL(Normal(tf.zeros([2, 2]), 1).toEvent(2), mvn)).toBe(false);
    const three = MultivariateNormal([0, 0, 0], { scaleTril: tf.eye(3) });
    expect(() => kl(mvn, three)).toThrow("live in different dimensions: event shapes [2] and [3]");
    expect(() => kl(LowRankMultivariateNormal([0, 0], [[1], [1]], [1, 1]), three)).toThrow(KLNotFoundError);
  });

  it("does not leak tensors", () => {
    const p = MultivariateNormal([0, 1], { covarianceMatrix: [[2, 0.5], [0.5, 1]] });
    const q = LowRankMultivariateNormal([1, 0], [[1], [0.5]], [1, 0.75]);
    const r = Normal([0, 1], [1, 2]).toEvent(1);
    const before = tf.memory().numTensors;
    tf.dispose([kl(p, q), kl(q, p), kl(q, q), kl(p, p), kl(r, p), kl(p, r)]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import digamma64 from "@stdlib/math-base-special-digamma";
import gammaln from "@stdlib/math-base-special-gammaln";
import { Beta, Dirichlet, ShapeError, kl, tf } from "latent";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, scalarOf, valuesOf } from "../helpers.js";
import { richardson } from "../distributions/continuous-suite.js";
import { logU } from "../distributions/gamma-family-specs.js";

const abs = Math.abs;
const log = Math.log;
const sum = (v: readonly number[]) => v.reduce((s, t) => s + t, 0);

// float64 references: the textbook KL and log-density.
const logB = (a: readonly number[]) => sum(a.map(gammaln)) - gammaln(sum(a));
const kl64 = (a: readonly number[], b: readonly number[]) => {
  const a0 = sum(a);
  return logB(b) - logB(a) + sum(a.map((ak, k) => (ak - b[k]!) * (digamma64(ak) - digamma64(a0))));
};
const logpdf64 = (x: readonly number[], a: readonly number[]) => sum(a.map((ak, k) => (ak - 1) * log(x[k]!))) - logB(a);

/**
 * Error model (eps32 = 2⁻²⁴, c = 8 as in kl-specs.ts): log B(β) − log B(α) − Σₖ(αₖ − βₖ)D(αₖ, α₀ − αₖ). Each
 * log B is K + 1 lgammas (4 ulp each) with α₀'s rounding (K·eps32·α₀|ψ(α₀)|); D = ψ(α₀) − ψ(αₖ) to 4 ulp plus
 * the rounding of α₀ − αₖ (≤ K·eps32·α₀, moving D by ≤ ψ′(α₀)·K·eps32·α₀ ≤ K·eps32·(1 + 1/α₀)).
 */
const size = (a: readonly number[], b: readonly number[]) => {
  const a0 = sum(a);
  const b0 = sum(b);
  const k = a.length;
  const lb = (v: readonly number[], v0: number) => sum(v.map((t) => abs(gammaln(t)))) + abs(gammaln(v0)) + k * v0 * abs(digamma64(v0));
  return lb(a, a0) + lb(b, b0) + sum(a.map((ak, i) => abs(ak - b[i]!) * (digamma64(a0) - digamma64(ak) + k * (1 + 1 / a0))));
};

const pair = (lo: number, hi: number) =>
  fc.integer({ min: 2, max: 5 }).chain((k) =>
    fc.tuple(fc.array(logU(lo, hi), { minLength: k, maxLength: k }), fc.array(logU(lo, hi), { minLength: k, maxLength: k })),
  );

describe("KL(Dirichlet ‖ Dirichlet)", () => {
  it("is ≥ 0 (float32-honest) and equals the float64 reference within 8·eps32·(1 + Σ|terms|)", () => {
    fc.assert(
      fc.property(pair(0.05, 100), ([a, b]) => {
        const k = scalarOf(kl(Dirichlet(a), Dirichlet(b)));
        const ref = kl64(a, b);
        const s = size(a, b);
        expect(ref).toBeGreaterThanOrEqual(-1e-12 * (1 + s));
        expect(k).toBeGreaterThanOrEqual(-8 * EPS32 * (1 + s));
        expect(abs(k - ref)).toBeLessThanOrEqual(8 * EPS32 * (1 + s));
      }),
      FC,
    );
  });

  it("KL(p ‖ p) is exactly 0, and for K = 2 it equals KL(Beta ‖ Beta) of the first component", () => {
    fc.assert(
      fc.property(pair(0.05, 100), ([a, b]) => {
        expect(scalarOf(kl(Dirichlet(a), Dirichlet(a)))).toBe(0);
        const [a1, a2] = a;
        const [b1, b2] = b;
        const d = scalarOf(kl(Dirichlet([a1!, a2!]), Dirichlet([b1!, b2!])));
        const bb = scalarOf(kl(Beta(a1!, a2!), Beta(b1!, b2!)));
        // the same quantity by two float32 arrangements (lgamma sums vs lbeta): both within their error models.
        expect(abs(d - bb)).toBeLessThanOrEqual(16 * EPS32 * (1 + size([a1!, a2!], [b1!, b2!])));
      }),
      FC,
    );
  });

  it("equals the Monte Carlo mean of log p(x) − log q(x), x ~ p, within a CLT bound (false-failure rate 1e-6)", () => {
    const runs = 10;
    const z = zForFailureRate(1e-6 / runs);
    const n = 20_000;
    fc.assert(
      fc.property(pair(1, 10), fc.integer({ min: 1, max: 2 ** 30 }), ([a, b], seed) => {
        const k = a.length;
        const xs = valuesOf(Dirichlet(a).sample([n], seed));
        const terms = Array.from({ length: n }, (_, s) => {
          const x = xs.slice(s * k, (s + 1) * k);
          return logpdf64(x, a) - logpdf64(x, b);
        });
        const m = sum(terms) / n;
        const sd = Math.sqrt(sum(terms.map((t) => (t - m) ** 2)) / (n - 1));
        // The log-ratio Σ(αₖ − βₖ) log xₖ + const under p with αₖ ≥ 1 has all moments and moderate skewness.
        // Power: a rule wrong by 5% of KL or by a constant ≥ 0.01 exceeds z·sd/√n (≈ 0.035·sd) in most runs.
        expect(abs(m - scalarOf(kl(Dirichlet(a), Dirichlet(b))))).toBeLessThanOrEqual((z * sd) / Math.sqrt(n) + 8 * EPS32 * (1 + size(a, b)));
      }),
      { ...FC, numRuns: runs },
    );
  });

  it("has gradients for every concentration of both arguments, equal to Richardson differences of the reference", () => {
    fc.assert(
      fc.property(pair(0.1, 50), ([a, b]) => {
        const k = a.length;
        const [ga, gb] = tf.tidy(() =>
          tf.grads((u: tf.Tensor, v: tf.Tensor) => kl(Dirichlet(u), Dirichlet(v)))([tf.tensor(a), tf.tensor(b)]).map((g) => valuesOf(g.clone())),
        );
        const s = size(a, b);
        for (let i = 0; i < 2 * k; i++) {
          const onP = i < k;
          const j = onP ? i : i - k;
          const v = onP ? a[j]! : b[j]!;
          const scale = v / (1 + Math.sqrt(v));
          const ref = richardson((w) => (onP ? kl64(a.map((t, l) => (l === j ? w : t)), b) : kl64(a, b.map((t, l) => (l === j ? w : t)))), v, scale);
          const g = (onP ? ga : gb)![j]!;
          // 4c·eps32·(1 + Σ|terms|)/scale (as in kl-specs.ts) + the reference's roundoff and truncation.
          const tol = (32 * EPS32 * (1 + s)) / scale + 1e-9 * abs(ref) + (2e-12 * (s + abs(kl64(a, b)))) / scale;
          expect(Number.isFinite(g)).toBe(true);
          expect(abs(g - ref)).toBeLessThanOrEqual(tol);
          if (abs(ref) > 10 * tol) expect(g).not.toBe(0);
        }
      }),
      FC,
    );
  });

  it("has the broadcast batch shape, composes with expand, and refuses different event sizes", () => {
    tf.tidy(() => {
      const p = Dirichlet(tf.fill([3, 1, 4], 2));
      const q = Dirichlet(tf.fill([5, 4], 0.5));
      const k = kl(p, q);
      expect(k.shape).toEqual([3, 5]);
      const one = scalarOf(kl(Dirichlet([2, 2, 2, 2]), Dirichlet([0.5, 0.5, 0.5, 0.5])));
      expect(valuesOf(k).every((v) => v === one)).toBe(true);
      expect(kl(Dirichlet([1, 2]).expand([6]), Dirichlet([2, 1])).shape).toEqual([6]);
      expect(() => kl(Dirichlet([1, 2, 3]), Dirichlet([1, 2]))).toThrow(ShapeError);
      expect(() => kl(Dirichlet([1, 2, 3]), Dirichlet([1, 2]))).toThrow("kl(Dirichlet, Dirichlet): event shapes [3] and [2] differ");
    });
  });

  it("does not leak tensors (value and gradients)", () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      kl(Dirichlet([1, 2, 3]), Dirichlet([3, 2, 1]));
    });
    const a = tf.tensor([1, 2, 3]);
    const b = tf.tensor([3, 2, 1]);
    tf.grads((u: tf.Tensor, v: tf.Tensor) => kl(Dirichlet(u), Dirichlet(v)))([a, b]).forEach((t) => t.dispose());
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

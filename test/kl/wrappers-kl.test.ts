import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  KLNotFoundError,
  MultivariateNormal,
  Normal,
  Transformed,
  affineTransform,
  expTransform,
  hasKL,
  kl,
  sigmoidTransform,
  softplusTransform,
  stickBreakingTransform,
  tf,
} from "latent";
import { zForFailureRate } from "../../src/testing/stats/normal-quantile-bound.js";
import { EPS32, FC, f32, logUniform, scalarOf, valuesOf } from "../helpers.js";

const normalPair = fc.record({ m1: f32(-3, 3), s1: logUniform(0.2, 5), m2: f32(-3, 3), s2: logUniform(0.2, 5) });

describe("KL(Transformed ‖ Transformed)", () => {
  it("with the same transforms equals the KL of the bases (bit for bit), ≥ 0 and 0 for p = q", () => {
    fc.assert(
      fc.property(normalPair, ({ m1, s1, m2, s2 }) => {
        const t = [affineTransform(1, 3), expTransform];
        const k = scalarOf(kl(Transformed(Normal(m1, s1), t), Transformed(Normal(m2, s2), t)));
        expect(k).toBe(scalarOf(kl(Normal(m1, s1), Normal(m2, s2))));
        expect(k).toBeGreaterThanOrEqual(0);
        // transforms compared by parameters: two sigmoid(0, 2) objects are the same map
        const sig = scalarOf(kl(Transformed(Normal(m1, s1), sigmoidTransform(0, 2)), Transformed(Normal(m1, s1), sigmoidTransform(0, 2))));
        expect(sig).toBe(0);
      }),
      { ...FC, numRuns: 50 },
    );
  });

  it("sums base batch dimensions that a vector transform reads as events", () => {
    tf.tidy(() => {
      const p = Transformed(Normal(tf.tensor([[0, 1, -1], [2, 0, 0]]), 1), stickBreakingTransform);
      const q = Transformed(Normal(tf.zeros([2, 3]), 2), stickBreakingTransform);
      expect(p.batchShape).toEqual([2]);
      const k = valuesOf(kl(p, q));
      const parts = valuesOf(kl(Normal(tf.tensor([[0, 1, -1], [2, 0, 0]]), 1), Normal(tf.zeros([2, 3]), 2)));
      // one float32 sum of three terms each: ≤ 2·eps32·Σ|terms|
      for (let b = 0; b < 2; b++) {
        const row = parts.slice(3 * b, 3 * b + 3);
        const ref = row.reduce((a, v) => a + v, 0);
        expect(Math.abs(k[b]! - ref)).toBeLessThanOrEqual(2 * EPS32 * row.reduce((a, v) => a + Math.abs(v), 0));
      }
    });
  });

  it("closed form equals Monte Carlo E_p[log p(y) − log q(y)] with the Jacobians in place (CLT, 1e-6)", () => {
    const runs = 4;
    const z = zForFailureRate(1e-6 / runs);
    const n = 4_000;
    fc.assert(
      fc.property(
        fc.array(f32(-1, 1), { minLength: 4, maxLength: 4 }),
        fc.array(logUniform(0.5, 2), { minLength: 2, maxLength: 2 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        (m, d, seed) => {
          // two MultivariateNormals on ℝ², pushed onto the simplex in ℝ³
          const p = Transformed(MultivariateNormal(m.slice(0, 2), { scaleTril: [[d[0]!, 0], [0.3, 1]] }), stickBreakingTransform);
          const q = Transformed(MultivariateNormal(m.slice(2), { scaleTril: [[1, 0], [-0.2, d[1]!]] }), stickBreakingTransform);
          const terms = tf.tidy(() => {
            const y = p.sample([n], seed);
            return valuesOf(tf.sub(p.logProb(y), q.logProb(y)));
          });
          const mean = terms.reduce((a, b) => a + b, 0) / n;
          const sd = Math.sqrt(terms.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
          // The log-ratio is a quadratic in the base Gaussian (the Jacobians cancel up to the
          // float32 round trip through the simplex, ≤ 1e-4 for these inputs): CLT with the
          // sample SD. Power: a rule that forgot to cancel the Jacobians or used KL(q ‖ p)
          // differs by O(1) here, far above z·sd/√n.
          expect(Math.abs(mean - scalarOf(kl(p, q)))).toBeLessThanOrEqual((z * sd) / Math.sqrt(n) + 1e-4);
        },
      ),
      { ...FC, numRuns: runs },
    );
  });

  it("has no rule for different transforms", () => {
    const p = Transformed(Normal(0, 1), expTransform);
    const q = Transformed(Normal(0, 1), softplusTransform);
    expect(hasKL(p, q)).toBe(false);
    expect(() => kl(p, q)).toThrow(KLNotFoundError);
    expect(() => kl(p, q)).toThrow("apply different transforms (exp vs softplus); a closed form exists only for the same transforms");
    expect(hasKL(Transformed(Normal(0, 1), sigmoidTransform(0, 1)), Transformed(Normal(0, 1), sigmoidTransform(0, 2)))).toBe(false);
    expect(hasKL(p, Transformed(Normal(1, 2), expTransform))).toBe(true);
  });

  it("has gradients for both bases' parameters", () => {
    const g = tf.tidy(() =>
      tf
        .grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => kl(Transformed(Normal(a, b), expTransform), Transformed(Normal(c, d), expTransform)))([
          tf.scalar(0.5),
          tf.scalar(1.5),
          tf.scalar(-0.2),
          tf.scalar(0.7),
        ])
        .map((t) => t.dataSync()[0]!),
    );
    // ∂/∂m1 = (m1 − m2)/s2², ∂/∂s1 = −1/s1 + s1/s2², ∂/∂m2 = −(m1 − m2)/s2², ∂/∂s2 = 1/s2 − (s1² + (m1 − m2)²)/s2³;
    // a few float32 roundings of terms ≤ 10
    const ref = [0.7 / 0.49, -1 / 1.5 + 1.5 / 0.49, -0.7 / 0.49, 1 / 0.7 - (2.25 + 0.49) / 0.343];
    g.forEach((v, i) => expect(Math.abs(v - ref[i]!)).toBeLessThanOrEqual(64 * EPS32 * 10));
  });
});

describe("KL(Masked ‖ Masked)", () => {
  it("is the bases' KL where both masks are true and exactly 0 elsewhere", () => {
    fc.assert(
      fc.property(fc.array(normalPair, { minLength: 3, maxLength: 3 }), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), (cols, bits) => {
        const col = (k: "m1" | "s1" | "m2" | "s2") => cols.map((c) => c[k]);
        const ma = tf.tensor(bits.slice(0, 3), undefined, "bool");
        const mb = tf.tensor(bits.slice(3), undefined, "bool");
        const p = Normal(col("m1"), col("s1"));
        const q = Normal(col("m2"), col("s2"));
        const k = valuesOf(kl(p.mask(ma), q.mask(mb)));
        const base = valuesOf(kl(p, q));
        k.forEach((v, i) => expect(v).toBe(bits[i]! && bits[i + 3]! ? base[i] : 0));
        tf.dispose([ma, mb]);
      }),
      FC,
    );
    expect(hasKL(Normal(0, 1).mask(true), Normal(0, 2).mask(false))).toBe(true);
    expect(scalarOf(kl(Normal(0, 1).mask(true), Normal(1, 2).mask(false)))).toBe(0);
  });
});

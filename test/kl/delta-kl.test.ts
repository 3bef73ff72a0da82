import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Delta, Gumbel, HalfNormal, KLNotFoundError, LogNormal, Normal, hasKL, kl, tf } from "latent";
import { EPS32, FC, f32, logUniform, scalarOf, valuesOf } from "../helpers.js";

describe("KL(Delta ‖ any)", () => {
  it("is −q.logProb(v) (Pyro's convention, logDensity ignored) for any q, bit for bit", () => {
    fc.assert(
      fc.property(f32(-5, 5), f32(-3, 3), logUniform(0.1, 10), f32(-2, 2), (v, m, s, ld) => {
        tf.tidy(() => {
          for (const q of [Normal(m, s), Gumbel(m, s), LogNormal(m, s)]) {
            const x = q.name === "LogNormal" ? Math.fround(Math.exp(v)) : v;
            expect(scalarOf(kl(Delta(x, { logDensity: ld }), q))).toBe(-scalarOf(q.logProb(tf.scalar(x))));
          }
        });
      }),
      FC,
    );
    // A concrete value: KL(δ₀ ‖ N(0, 1)) = ½ log 2π.
    expect(Math.abs(scalarOf(kl(Delta(0), Normal(0, 1))) - 0.5 * Math.log(2 * Math.PI))).toBeLessThanOrEqual(4 * EPS32);
  });

  it("is +∞ where q has no density at v, and is found for every q (hasKL)", () => {
    expect(scalarOf(kl(Delta(-1), HalfNormal(1)))).toBe(Infinity);
    expect(hasKL(Delta(0), Normal(0, 1))).toBe(true);
    expect(hasKL(Delta(0), HalfNormal(1).expand([3]))).toBe(true);
  });

  it("has gradients for v (−∂ log q/∂x) and for q's parameters, and the broadcast batch shape", () => {
    fc.assert(
      fc.property(f32(-5, 5), f32(-3, 3), logUniform(0.1, 10), (v, m, s) => {
        const [gv, gm, gs] = tf.tidy(() =>
          tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => kl(Delta(a), Normal(b, c)))([tf.scalar(v), tf.scalar(m), tf.scalar(s)]).map(
            (g) => g.dataSync()[0]!,
          ),
        );
        const z = (v - m) / s;
        // analytic: ∂/∂v = z/σ, ∂/∂μ = −z/σ, ∂/∂σ = (1 − z²)/σ; a few float32 roundings of terms ≤ (z² + |z| + 1)/σ.
        const tol = (8 * EPS32 * (z * z + Math.abs(z) + 1)) / s;
        expect(Math.abs(gv! - z / s)).toBeLessThanOrEqual(tol);
        expect(Math.abs(gm! + z / s)).toBeLessThanOrEqual(tol);
        expect(Math.abs(gs! - (1 - z * z) / s)).toBeLessThanOrEqual(tol);
      }),
      FC,
    );
    tf.tidy(() => {
      expect(kl(Delta(tf.zeros([3, 1])), Normal(tf.zeros([4]), 1)).shape).toEqual([3, 4]);
      expect(kl(Delta(tf.zeros([3, 1])).expand([3, 4]), Normal(0, 1)).shape).toEqual([3, 4]);
    });
  });

  it("composes with events: Delta(v, eventDim 1) against Normal(...).toEvent(1) sums over the event", () => {
    tf.tidy(() => {
      const v = [0.5, -1, 2];
      const k = scalarOf(kl(Delta(v, { eventDim: 1 }), Normal(0, 1).expand([3]).toEvent(1)));
      const ref = v.reduce((a, x) => a + 0.5 * x * x + 0.5 * Math.log(2 * Math.PI), 0);
      expect(Math.abs(k - ref)).toBeLessThanOrEqual(8 * EPS32 * (ref + 3));
      // Independent on both sides: klIndependent sums the elementwise Delta KLs.
      const k2 = valuesOf(kl(Delta(tf.tensor([v, v])).toEvent(1), Normal(0, 1).expand([2, 3]).toEvent(1)));
      for (const x of k2) expect(Math.abs(x - ref)).toBeLessThanOrEqual(8 * EPS32 * (ref + 3));
    });
  });

  it("refuses event shapes that differ, naming both", () => {
    expect(() => kl(Delta([1, 2], { eventDim: 1 }), Normal(0, 1))).toThrow(KLNotFoundError);
    expect(() => kl(Delta([1, 2], { eventDim: 1 }), Normal(0, 1))).toThrow("kl: (Delta, Normal) needs equal event shapes, got [2] and []");
  });
});

// The fused Normal log-density and Normal–Normal KL: values and all gradients (broadcast inputs
// included) against float64 formulas.
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tf } from "latent";
import { klNormal, normalLogDensity } from "../../src/math/normal-density.js";
import { EPS32, FC, f32, logUniform } from "../helpers.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

describe("normalLogDensity", () => {
  it("equals the float64 log-density, with gradients −z/σ, Σ z/σ and Σ (z² − 1)/σ summed to scalar μ, σ", () => {
    fc.assert(
      fc.property(fc.array(f32(-20, 20), { minLength: 1, maxLength: 6 }), f32(-5, 5), logUniform(0.05, 20), (xs, mu, sigma) => {
        const [lp, gx, gmu, gs] = tf.tidy(() => {
          const x = tf.tensor1d(xs);
          const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(normalLogDensity(a, b, c));
          const g = tf.grads(f)([x, tf.scalar(mu), tf.scalar(sigma)]);
          return [normalLogDensity(x, tf.scalar(mu), tf.scalar(sigma)).dataSync(), ...g.map((t) => t.dataSync())];
        });
        let sMu = 0;
        let sSigma = 0;
        xs.forEach((x, i) => {
          const z = (x - mu) / sigma;
          // float32: z carries ≤ 2 eps relative, z² ≤ 5 eps, the sum a few eps of its terms' sizes
          expect(Math.abs(lp[i]! - (-0.5 * z * z - Math.log(sigma) - HALF_LOG_2PI))).toBeLessThanOrEqual(8 * EPS32 * (z * z + Math.abs(Math.log(sigma)) + 1));
          expect(Math.abs(gx![i]! + z / sigma)).toBeLessThanOrEqual(4 * EPS32 * Math.abs(z / sigma));
          sMu += z / sigma;
          sSigma += (z * z - 1) / sigma;
        });
        const n = xs.length;
        const sizeMu = xs.reduce((a, x) => a + Math.abs((x - mu) / sigma / sigma), 0);
        const sizeS = xs.reduce((a, x) => a + (((x - mu) / sigma) ** 2 + 1) / sigma, 0);
        expect(Math.abs(gmu![0]! - sMu)).toBeLessThanOrEqual((4 + n) * EPS32 * sizeMu);
        expect(Math.abs(gs![0]! - sSigma)).toBeLessThanOrEqual((8 + n) * EPS32 * sizeS);
      }),
      FC,
    );
  });
});

describe("klNormal", () => {
  it("equals the float64 KL, is 0 at p = q, and its four gradients equal the derivatives", () => {
    fc.assert(
      fc.property(f32(-5, 5), logUniform(0.05, 20), f32(-5, 5), logUniform(0.05, 20), (mp, sp, mq, sq) => {
        const [kl, self, g] = tf.tidy(() => {
          const args = [mp, sp, mq, sq].map((v) => tf.scalar(v));
          const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => klNormal(a, b, c, d);
          return [
            klNormal(args[0]!, args[1]!, args[2]!, args[3]!).dataSync()[0]!,
            klNormal(args[0]!, args[1]!, args[0]!, args[1]!).dataSync()[0]!,
            tf.grads(f)(args).map((t) => t.dataSync()[0]!),
          ];
        });
        const r = sp / sq;
        const d = (mp - mq) / sq;
        const ref = 0.5 * (r * r - 1 - 2 * Math.log(r)) + 0.5 * d * d;
        // t = 2(log σp − log σq) in float32 carries an absolute error ≤ eps·(2|log σp| + 2|log σq| + |t|) ≤ eps·(4|log σp| +
        // 4|log σq|), which expm1 turns into that much error relative to e^t = r², plus ~4 eps for expm1 itself; the d² term and
        // the sums ≤ 8 eps relative to their sizes
        const eT = EPS32 * (4 * Math.abs(Math.log(sp)) + 4 * Math.abs(Math.log(sq)) + 4);
        expect(Math.abs(kl - ref)).toBeLessThanOrEqual(eT * r * r + 8 * EPS32 * (r * r + Math.abs(Math.log(r)) + d * d));
        expect(self).toBe(0);
        const want = [d / sq, (r * r - 1) / sp, -d / sq, -(r * r - 1 + d * d) / sq];
        const sizes = [Math.abs(d / sq), (r * r + 1) / sp, Math.abs(d / sq), (r * r + 1 + d * d) / sq];
        const fromT = [0, (eT * r * r) / sp, 0, (eT * r * r) / sq];
        want.forEach((w, i) => expect(Math.abs(g[i]! - w)).toBeLessThanOrEqual(8 * EPS32 * sizes[i]! + fromT[i]!));
      }),
      FC,
    );
  });
});

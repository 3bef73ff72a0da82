import { describe, expect, it } from "vitest";
import { Gumbel, kl, tf } from "latent";
import { scalarOf } from "../helpers.js";
import { klSuite } from "./kl-suite.js";
import { gumbelKL } from "./kl-specs.js";

describe("KL(Gumbel ‖ Gumbel)", () => {
  klSuite(gumbelKL);
  it("overflows to +∞, not NaN, where the true KL exceeds the float32 range, with finite gradients", () => {
    tf.tidy(() => {
      // r = 100: e^{log Γ(101)} = e^{364} is beyond float32 (max ≈ e^{88.7}), and so is the KL.
      expect(scalarOf(kl(Gumbel(0, 100), Gumbel(0, 1)))).toBe(Infinity);
      // δ = −200: e^{200}.
      expect(scalarOf(kl(Gumbel(-200, 1), Gumbel(0, 1)))).toBe(Infinity);
      // r = 1e-3 (lgamma near its pole at 0) stays finite, with finite gradients.
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => kl(Gumbel(a, b), Gumbel(0, 1)))([tf.scalar(0), tf.scalar(0.001)]);
      expect(g.every((t) => Number.isFinite(t.dataSync()[0]!))).toBe(true);
    });
  });
});

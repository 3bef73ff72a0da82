import * as fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { softplus, tf, useBackend } from "latent";
import { EPS32, FC, f32 } from "../helpers.js";

// float64 reference
const sp = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

describe.each(["cpu", "wasm"] as const)("softplus on %s", (backend) => {
  afterAll(async () => {
    await useBackend("cpu");
  });
  it("is accurate to a few eps32 relative over [−80, 80] (both tails), gradient sigmoid", async () => {
    await useBackend(backend);
    fc.assert(
      fc.property(f32(-80, 80), (x) => {
        const [v, g] = tf.tidy(() => [softplus(tf.scalar(x)).dataSync()[0]!, tf.grad((t: tf.Tensor) => softplus(t))(tf.scalar(x)).dataSync()[0]!]);
        // Relative accuracy (softplus > 0 everywhere); a log(1 + tiny) implementation would return
        // 0 for x < −17 and fail here. tfjs's kernel returns eˣ below x = log(eps) + 2 ≈ −13.9,
        // whose relative error eˣ/2 peaks there at 4.4e-7 ≈ 7.4·2⁻²³: bound 16·EPS32 (2⁻²⁴ units).
        expect(Math.abs(v! - sp(x))).toBeLessThanOrEqual(16 * EPS32 * sp(x));
        const sig = 1 / (1 + Math.exp(-x));
        expect(Math.abs(g! - sig)).toBeLessThanOrEqual(4 * EPS32 * sig);
      }),
      FC,
    );
    expect(tf.tidy(() => tf.grad((t: tf.Tensor) => softplus(t))(tf.scalar(0)).dataSync()[0])).toBe(0.5);
  });
});

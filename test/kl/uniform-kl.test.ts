import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Uniform, kl, tf } from "latent";
import { FC, f32, logUniform, valuesOf } from "../helpers.js";
import { klSuite } from "./kl-suite.js";
import { uniformKL } from "./kl-specs.js";

describe("KL(Uniform ‖ Uniform)", () => {
  klSuite(uniformKL);

  it("is +∞ exactly when p's interval is not inside q's (touching bounds are inside), with finite gradients", () => {
    fc.assert(
      fc.property(f32(-10, 10), logUniform(0.05, 20), logUniform(1e-3, 5), fc.constantFrom("left", "right", "both", "touch"), (aq, w, d, how) => {
        const bq = Math.fround(aq + w);
        const [ap, bp] =
          how === "left"
            ? [Math.fround(aq - d), bq]
            : how === "right"
              ? [aq, Math.fround(bq + d)]
              : how === "both"
                ? [Math.fround(aq - d), Math.fround(bq + d)]
                : [aq, bq];
        const [k, ...g] = tf.tidy(() => {
          const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, e: tf.Tensor) => kl(Uniform(a, b), Uniform(c, e));
          const grads = tf.grads(f)([tf.scalar(ap!), tf.scalar(bp!), tf.scalar(aq), tf.scalar(bq)]).map((t) => t.dataSync()[0]!);
          return [kl(Uniform(ap!, bp!), Uniform(aq, bq)).dataSync()[0]!, ...grads];
        });
        expect(k).toBe(how === "touch" ? 0 : Infinity);
        expect(g.every(Number.isFinite)).toBe(true);
      }),
      FC,
    );
    // Elementwise over a batch, with broadcasting.
    expect(valuesOf(kl(Uniform([0, 0, -2], [1, 3, 1]), Uniform(-1, 2)))).toEqual([Math.fround(Math.log(3)), Infinity, Infinity]);
  });
});

import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Laplace, ShapeError, ValidationError, tf } from "latent";
import { FC, f32, logUniform, scalarOf, valuesOf } from "../helpers.js";
import { continuousSuite } from "./continuous-suite.js";
import { laplaceSpec } from "./continuous-specs.js";

describe("Laplace", () => {
  continuousSuite(laplaceSpec);

  it("at the kink x = loc the gradients are finite subgradients: ∂/∂x, −∂/∂loc ∈ [−1/b, 1/b]", () => {
    fc.assert(
      fc.property(f32(-10, 10), logUniform(0.05, 20), (mu, b) => {
        const [gMu, gB, gX] = tf.tidy(() =>
          tf.grads((m: tf.Tensor, s: tf.Tensor, x: tf.Tensor) => Laplace(m, s).logProb(x))([tf.scalar(mu), tf.scalar(b), tf.scalar(mu)]).map(
            (g) => g.dataSync()[0]!,
          ),
        );
        const bound = Math.fround(1 / b) * (1 + 2 ** -22);
        expect(Math.abs(gMu!)).toBeLessThanOrEqual(bound);
        expect(Math.abs(gX!)).toBeLessThanOrEqual(bound);
        // ∂/∂b = (|z| − 1)/b = −1/b at z = 0: two roundings.
        expect(Math.abs(gB! + 1 / b)).toBeLessThanOrEqual((4 * 2 ** -24) / b);
      }),
      FC,
    );
  });

  it("stays NaN-free at extreme but valid parameters", () => {
    tf.tidy(() => {
      for (const [mu, b] of [[0, 1e-30], [1e30, 1], [0, 1e30], [-1e30, 1e-10]] as const) {
        const d = Laplace(mu, b);
        const xs = valuesOf(d.sample([2000], 7));
        expect(xs.every(Number.isFinite)).toBe(true);
        expect(valuesOf(d.logProb(tf.tensor(xs))).every((v) => !Number.isNaN(v))).toBe(true);
        for (const t of [d.mean, d.variance, d.entropy()]) expect(Number.isNaN(scalarOf(t))).toBe(false);
      }
    });
  });

  it("rejects bad parameters with messages naming the parameter, value and index", () => {
    expect(() => Laplace(0, -2)).toThrow(ValidationError);
    expect(() => Laplace([0, 0], [[1, 1], [1, -2]])).toThrow("Laplace: 'scale' must be positive, got -2 at [1,1]");
    expect(() => Laplace([0, 1, 2], [1, 1])).toThrow(ShapeError);
    expect(() => Laplace([0, 1, 2], [1, 1])).toThrow(/^Laplace: shapes \[3\], \[2\].* do not broadcast/);
  });
});

// Adam's two update paths (JavaScript for variables of ≤ 4096 entries, tfjs kernels above) compute the
// same update as a float64 reference, and a checkpointed state restores either path exactly.
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adam, tf } from "latent";
import { EPS32, FC, f32 } from "../helpers.js";

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

/** Float64 Adam over `grads` (one array per step) from x0; returns the final parameters. */
function reference(x0: number[], grads: number[][], lr: number): number[] {
  const m = x0.map(() => 0);
  const v = x0.map(() => 0);
  const x = [...x0];
  grads.forEach((g, s) => {
    const t = s + 1;
    for (let i = 0; i < x.length; i++) {
      m[i] = BETA1 * m[i]! + (1 - BETA1) * g[i]!;
      v[i] = BETA2 * v[i]! + (1 - BETA2) * g[i]! ** 2;
      x[i] = x[i]! - (lr * (m[i]! / (1 - BETA1 ** t))) / (Math.sqrt(v[i]! / (1 - BETA2 ** t)) + EPSILON);
    }
  });
  return x;
}

// Run the optimizer on a variable of `size` entries whose first entries are x0 (the rest 0, gradient 0).
function run(x0: number[], grads: number[][], lr: number, size: number): number[] {
  const pad = (a: number[]) => [...a, ...new Array(size - a.length).fill(0)];
  const opt = adam(lr, { epsilon: EPSILON }).create();
  const p = tf.variable(tf.tensor1d(pad(x0)));
  for (const g of grads) tf.tidy(() => opt.apply(new Map([["p", tf.tensor1d(pad(g))]]), new Map([["p", p]])));
  const out = Array.from(p.dataSync()).slice(0, x0.length);
  p.dispose();
  opt.dispose();
  return out;
}

describe("adam", () => {
  it("updates small (JavaScript) and large (tensor) variables like the float64 formula", () => {
    fc.assert(
      fc.property(
        fc.array(f32(-2, 2), { minLength: 1, maxLength: 4 }).chain((x0) =>
          fc.record({ x0: fc.constant(x0), grads: fc.array(fc.array(f32(-10, 10), { minLength: x0.length, maxLength: x0.length }), { minLength: 1, maxLength: 5 }) }),
        ),
        ({ x0, grads }) => {
          const lr = 0.01;
          const ref = reference(x0, grads, lr);
          for (const size of [x0.length, 5000]) {
            const got = run(x0, grads, lr, size);
            // Each step moves x by at most lr·(1 − β₁)/√(1 − β₂)·√(1/(1 − β₂ᵗ))… ≤ ~lr·3.2 per step in exact
            // arithmetic; float32 rounding of x (|x| ≤ 2 + 5·0.032) adds ≤ ½ ulp per step and the update's own
            // float32 kernels ≤ 8 eps relative of a step: 5 steps · (eps·2.2 + 8·eps·0.032) < 16 eps absolute.
            got.forEach((g, i) => expect(Math.abs(g - ref[i]!)).toBeLessThanOrEqual(16 * EPS32 * 2.2));
          }
        },
      ),
      { ...FC, numRuns: 30 },
    );
  });

  it("restores a saved state into a fresh optimizer: the next updates are identical", () => {
    for (const size of [3, 5000]) {
      const opt = adam(0.05).create();
      const p = tf.variable(tf.linspace(-1, 1, size));
      // a gradient that depends on the variable, so the moments differ entry by entry
      const step = (o: typeof opt, x: tf.Variable) => tf.tidy(() => o.apply(new Map([["p", tf.sin(tf.mul(x, 3))]]), new Map([["p", x]])));
      for (let i = 0; i < 3; i++) step(opt, p);
      const saved = opt.state();
      const q = tf.variable(tf.clone(p));
      const fresh = adam(0.05).create();
      fresh.setState(saved);
      step(opt, p);
      step(fresh, q);
      expect(Array.from(q.dataSync())).toEqual(Array.from(p.dataSync()));
      tf.dispose([p, q, ...saved.values()]);
      opt.dispose();
      fresh.dispose();
    }
  });
});

import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import gammaln from "@stdlib/math-base-special-gammaln";
import digamma64 from "@stdlib/math-base-special-digamma";
import { lgamma } from "../../src/math/lgamma.js";
import { logUniform } from "../helpers.js";

await tf.setBackend("cpu");

/** Float32 machine epsilon (spacing of floats in [1, 2)); one ulp of v is between EPS32·|v|/2 and EPS32·|v|. */
const EPS32 = 2 ** -23;
const RUNS = { seed: 42, numRuns: 100 };

const batch = (arb: fc.Arbitrary<number>) => fc.array(arb, { minLength: 1, maxLength: 64 });

/**
 * Evaluates `f` on the float32 rounding of `xs` and checks |f̂(x) − ref(x)| ≤ tol(ref(x), x) for every
 * element, the reference taken at the float32 value the tensor actually holds.
 */
function checkElementwise(
  f: (x: tf.Tensor) => tf.Tensor,
  xs: number[],
  ref: (x: number) => number,
  tol: (r: number, x: number) => number,
): void {
  const x32 = Float32Array.from(xs);
  const got = tf.tidy(() => f(tf.tensor1d(x32)).dataSync());
  for (let i = 0; i < x32.length; i++) {
    const x = x32[i]!;
    const r = ref(x);
    const err = Math.abs(got[i]! - r);
    if (!(err <= tol(r, x))) {
      throw new Error(`x = ${x}: got ${got[i]}, reference ${r}, error ${err} > tolerance ${tol(r, x)}`);
    }
  }
}

function grid(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

// Error bound for lgamma: |error| ≤ 4·EPS32·|log Γ(x)|.
// - No input-rounding term: the reference is evaluated at the float32 value the tensor holds (that is,
//   the float32 rounding of the sampled double), so the conditioning |x·ψ(x)|·EPS32 of rounding x never enters.
// - Every branch assembles the result from a few float32 operations without cancellation: near the zeros
//   x = 1, 2 the result is t·F(t) with t = x − 1 or x − 2 exact (Sterbenz), so the relative error there is
//   that of the polynomial F (Horner with decreasing terms, ≲ 1 ulp) plus one multiplication; the
//   recurrence for x ∈ [3, 7) adds log of a product of ≤ 4 exact factors (≤ 2.5 ulp of the product inside
//   the log) to a positive value; Stirling for x ≥ 7 has (x − ½)(log x − 1) dominating the sum, each
//   factor correct to ≈ 1 ulp. The tally is ≈ 2 EPS32 relative; we assert 4 EPS32 (≤ 2 excess bits over
//   the ½-ulp ideal) and measured a maximum of 1.8 EPS32·|log Γ| over 2·10⁵ log-uniform points in
//   [1e−6, 1e6] and dense grids around 1, 1.46 and 2.
const lgammaTol = (r: number) => 4 * EPS32 * Math.abs(r);

describe("lgamma", () => {
  test("accuracy, x log-uniform in [1e-6, 1e6]", () => {
    fc.assert(
      fc.property(batch(logUniform(1e-6, 1e6)), (xs) => checkElementwise(lgamma, xs, gammaln, lgammaTol)),
      RUNS,
    );
  });

  test("accuracy next to the zeros x = 1 and x = 2 (relative, not absolute)", () => {
    fc.assert(
      fc.property(batch(fc.oneof(fc.double({ min: 0.9, max: 1.1, noNaN: true }), fc.double({ min: 1.9, max: 2.1, noNaN: true }))), (xs) =>
        checkElementwise(lgamma, xs, gammaln, lgammaTol),
      ),
      RUNS,
    );
    // The float32 neighbours of 1 and 2 themselves (the hardest relative cases).
    const near: number[] = [];
    for (const c of [1, 2]) for (let k = 1; k <= 8; k++) near.push(c * (1 + k * EPS32), c * (1 - k * EPS32 / 2));
    checkElementwise(lgamma, near, gammaln, lgammaTol);
    checkElementwise(lgamma, grid(0.4, 8, 4001), gammaln, lgammaTol);
  });

  test("exact zeros and special values", () => {
    const got = tf.tidy(() => lgamma(tf.tensor1d([1, 2, 0, -1, NaN, Infinity])).dataSync());
    expect(Array.from(got)).toEqual([0, 0, Infinity, NaN, NaN, Infinity]);
  });

  // Gradient = digamma(x), computed by the float32 digamma of this library: its bound (see
  // digamma.test.ts) is 4·EPS32·|ψ(x)|, relative even next to ψ's zero x₀ ≈ 1.4616, and the custom gradient
  // multiplies it by dy = 1 exactly, so the same relative tolerance applies.
  test("gradient equals digamma (float64 reference), x log-uniform in [1e-6, 1e6]", () => {
    const grad = tf.grad((x: tf.Tensor) => lgamma(x));
    fc.assert(
      fc.property(batch(logUniform(1e-6, 1e6)), (xs) =>
        checkElementwise(grad, xs, digamma64, (r) => 4 * EPS32 * Math.abs(r)),
      ),
      RUNS,
    );
  });

  test("works inside variableGrads and leaks no tensors", () => {
    const v = tf.variable(tf.tensor1d([0.5, 3, 20]));
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(lgamma(v)) as tf.Scalar, [v]);
    const g = grads[v.name]!.dataSync();
    expect(Math.abs(g[0]! - digamma64(0.5))).toBeLessThan(1e-6);
    expect(Math.abs(g[1]! - digamma64(3))).toBeLessThan(1e-6);
    value.dispose();
    tf.dispose(grads);
    expect(tf.memory().numTensors).toBe(before);

    const x = tf.tensor1d([1e-6, 1.5, 1e6]);
    const before2 = tf.memory().numTensors;
    tf.tidy(() => lgamma(x)).dispose();
    tf.tidy(() => tf.grad((t: tf.Tensor) => lgamma(t))(x)).dispose();
    expect(tf.memory().numTensors).toBe(before2);
    x.dispose();
    v.dispose();
  });
});

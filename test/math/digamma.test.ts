import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import digamma64 from "@stdlib/math-base-special-digamma";
import { digamma, tetragamma, trigamma } from "../../src/math/digamma.js";
import { logUniform } from "../helpers.js";

await tf.setBackend("cpu");

/** Float32 machine epsilon (spacing of floats in [1, 2)); one ulp of v is between EPS32·|v|/2 and EPS32·|v|. */
const EPS32 = 2 ** -23;
const EPS64 = 2 ** -52;
const RUNS = { seed: 42, numRuns: 100 };
/** ψ's positive zero. */
const X0 = 1.4616321449683623;

const batch = (arb: fc.Arbitrary<number>) => fc.array(arb, { minLength: 1, maxLength: 64 });

/** Checks |f̂(x) − ref(x)| ≤ tol(ref(x), x) elementwise, the reference taken at the float32 input. */
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

// Float64 references for ψ′ and ψ″ (stdlib has none): upward recurrence ψ⁽ⁿ⁾(x) = ψ⁽ⁿ⁾(x + 1) ∓ n!/xⁿ⁺¹
// to x ≥ 30, then the asymptotic series (truncation below 1e−19 relative at x = 30); float64 rounding
// keeps them within ~1e−14 relative, six orders below the float32 tolerances. They are cross-checked
// against finite differences of @stdlib's digamma below.
function trigamma64(x: number): number {
  let acc = 0;
  while (x < 30) {
    acc += 1 / (x * x);
    x += 1;
  }
  const r = 1 / x;
  const r2 = r * r;
  return acc + r + r2 / 2 + r2 * r * (1 / 6 - r2 * (1 / 30 - r2 * (1 / 42 - r2 * (1 / 30 - (r2 * 5) / 66))));
}
function tetragamma64(x: number): number {
  let acc = 0;
  while (x < 30) {
    acc -= 2 / (x * x * x);
    x += 1;
  }
  const r = 1 / x;
  const r2 = r * r;
  return acc - r2 - r2 * r - r2 * r2 * (1 / 2 - r2 * (1 / 6 - r2 * (1 / 6 - r2 * (3 / 10 - (r2 * 5) / 6))));
}

/**
 * Central difference of a float64 function with the relative step h = EPS64^{1/3}·x (the brief's
 * max(1, |x|)·EPS64^{1/3} would step below 0 for x < 6e−6; for x ≥ 1 the two agree). Truncation error
 * h²|f‴|/6 and rounding error EPS64·|f|/h are then both ≈ EPS64^{2/3} ≈ 4e−11 times O(1) factors for
 * f = ψ (ψ ~ −1/x, ψ′ ~ 1/x², ψ‴ ~ 6/x⁴ for small x; ψ ~ log x for large x, a factor ≤ 14 at 1e6),
 * so the difference quotient matches ψ′ to better than 1e−9 relative.
 */
function centralDifference(f: (x: number) => number, x: number): number {
  const h = Math.cbrt(EPS64) * x;
  const xp = x + h;
  const xm = x - h;
  return (f(xp) - f(xm)) / (xp - xm);
}

// Error bounds: |error| ≤ 4·EPS32·|f(x)| for ψ, ψ′ and ψ″ alike.
// - No input-rounding term: references are evaluated at the float32 value the tensor holds.
// - ψ: next to its zero x₀ the result is u·R(u) with u = (x − x₀ʰⁱ) − x₀ˡᵒ (first subtraction exact,
//   second rounded to ½ ulp of u), R a degree-12 Horner polynomial (≈ 1 ulp), so the error is relative
//   even where ψ → 0; the recurrence adds positive terms 1/(x − k) (≤ ½ ulp each) to ψ(z) ≥ 0, the x < 1
//   branch adds −1/x to a value of the same sign, and the asymptotic branch is dominated by log x.
// - ψ′, ψ″: a sum of same-signed terms (each within ~1.5 ulp: one rounding of x + k, the power, the
//   division), added smallest first, so the relative error of the sum is that of its terms.
// The tally is ≈ 2 EPS32; we assert 4 EPS32 (≤ 2 excess bits). Measured maxima over 2·10⁵ log-uniform
// points in [1e−6, 1e6] plus dense grids around 1, x₀ and 2: ψ 1.7, ψ′ 1.7, ψ″ 2.2 (in units of EPS32·|f|).
const relTol = (r: number) => 4 * EPS32 * Math.abs(r);

describe("digamma", () => {
  test("accuracy, x log-uniform in [1e-6, 1e6]", () => {
    fc.assert(fc.property(batch(logUniform(1e-6, 1e6)), (xs) => checkElementwise(digamma, xs, digamma64, relTol)), RUNS);
  });

  test("relative accuracy next to the zero x0 = 1.4616…", () => {
    fc.assert(
      fc.property(batch(fc.double({ min: X0 - 0.05, max: X0 + 0.05, noNaN: true })), (xs) =>
        checkElementwise(digamma, xs, digamma64, relTol),
      ),
      RUNS,
    );
    // The float32 numbers closest to x₀, where |ψ| ~ 1e−8 and only the hi/lo split of x₀ gives any
    // correct digit.
    const x0f = Math.fround(X0);
    const near = Array.from({ length: 41 }, (_, k) => x0f + (k - 20) * 2 ** -23);
    checkElementwise(digamma, near, digamma64, relTol);
  });

  test("special values", () => {
    const got = tf.tidy(() => digamma(tf.tensor1d([1, 0, -1, NaN, Infinity])).dataSync());
    expect(got[0]).toBeCloseTo(-0.5772156649, 6);
    expect(Array.from(got.slice(1))).toEqual([-Infinity, NaN, NaN, Infinity]);
  });

  // Gradient: the custom gradient is this library's float32 trigamma (bound 4·EPS32·ψ′, see below) times
  // dy = 1; the float64 central difference is within 1e−9 relative of ψ′ (see centralDifference), so the
  // tolerance is (4·EPS32 + 1e−9)·ψ′.
  test("gradient matches a float64 central difference of digamma", () => {
    const grad = tf.grad((x: tf.Tensor) => digamma(x));
    fc.assert(
      fc.property(batch(logUniform(1e-6, 1e6)), (xs) =>
        checkElementwise(grad, xs, (x) => centralDifference(digamma64, x), (r) => (4 * EPS32 + 1e-9) * Math.abs(r)),
      ),
      RUNS,
    );
  });

  test("leaks no tensors (value and gradient)", () => {
    const x = tf.tensor1d([1e-6, 0.5, X0, 3, 1e6]);
    const before = tf.memory().numTensors;
    tf.tidy(() => digamma(x)).dispose();
    tf.tidy(() => tf.grad((t: tf.Tensor) => digamma(t))(x)).dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe("trigamma and tetragamma", () => {
  test("the float64 references agree with finite differences of @stdlib digamma", () => {
    // Independent check of the hand-written references: ψ′ against the difference quotient of ψ (≤ 1e−9
    // relative, see centralDifference), ψ″ against that of ψ′.
    fc.assert(
      fc.property(logUniform(1e-6, 1e6), (x) => {
        const d1 = centralDifference(digamma64, x);
        const d2 = centralDifference(trigamma64, x);
        expect(Math.abs(trigamma64(x) - d1)).toBeLessThanOrEqual(1e-9 * Math.abs(d1));
        expect(Math.abs(tetragamma64(x) - d2)).toBeLessThanOrEqual(1e-9 * Math.abs(d2));
      }),
      RUNS,
    );
  });

  test("trigamma accuracy, x log-uniform in [1e-6, 1e6]", () => {
    fc.assert(fc.property(batch(logUniform(1e-6, 1e6)), (xs) => checkElementwise(trigamma, xs, trigamma64, relTol)), RUNS);
  });

  test("tetragamma accuracy, x log-uniform in [1e-6, 1e6]", () => {
    fc.assert(
      fc.property(batch(logUniform(1e-6, 1e6)), (xs) => checkElementwise(tetragamma, xs, tetragamma64, relTol)),
      RUNS,
    );
  });

  // Gradient of trigamma = tetragamma (the custom gradient calls it; tolerance as for its value).
  test("gradient of trigamma equals tetragamma", () => {
    const grad = tf.grad((x: tf.Tensor) => trigamma(x));
    fc.assert(fc.property(batch(logUniform(1e-6, 1e6)), (xs) => checkElementwise(grad, xs, tetragamma64, relTol)), RUNS);
  });

  test("special values and no tensor leaks", () => {
    const got = tf.tidy(() => trigamma(tf.tensor1d([1, 0, -1, NaN, Infinity])).dataSync());
    expect(got[0]).toBeCloseTo(Math.PI ** 2 / 6, 6);
    expect(Array.from(got.slice(1))).toEqual([Infinity, NaN, NaN, 0]);
    const x = tf.tensor1d([1e-6, 0.5, 3, 1e6]);
    const before = tf.memory().numTensors;
    tf.tidy(() => trigamma(x)).dispose();
    tf.tidy(() => tetragamma(x)).dispose();
    tf.tidy(() => tf.grad((t: tf.Tensor) => trigamma(t))(x)).dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import erfc from "@stdlib/math-base-special-erfc";
import erfcinv from "@stdlib/math-base-special-erfcinv";
import { ndtr, ndtri } from "../../src/math/ndtri.js";
import { logUniform } from "../helpers.js";

await tf.setBackend("cpu");

/** Float32 machine epsilon (spacing of floats in [1, 2)); one ulp of v is between EPS32·|v|/2 and EPS32·|v|. */
const EPS32 = 2 ** -23;
/** Smallest positive subnormal float32: the absolute resolution of results below 1.18e−38. */
const TINY32 = 2 ** -149;
const RUNS = { seed: 42, numRuns: 100 };

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

// Float64 references: Φ(x) = ½·erfc(−x/√2); Φ⁻¹(p) = −√2·erfcinv(2p), mirrored for p > ½ so that
// 1 − p (exact for a float32 p ≥ ½) is what reaches erfcinv; φ(x) = e^{−x²/2}/√(2π).
const ndtr64 = (x: number) => 0.5 * erfc(-x / Math.SQRT2);
const ndtri64 = (p: number): number => (p > 0.5 ? -ndtri64(1 - p) : -Math.SQRT2 * erfcinv(2 * p));
const pdf64 = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

// Error bound for ndtr: |error| ≤ 4·EPS32·Φ(x) + 2·TINY32.
// - The input is the float32 value itself, so the tail's large condition number x² (an input rounding
//   of ½ ulp would move Φ(−10) by 100·EPS32/2 relative) does not enter. The implementation must not
//   reintroduce it: e^{−x²/2} is formed as e^{−h²/2}·e^{−(x−h)(x+h)/2} with h² exact, so the exponent
//   carries no rounding error proportional to x². What remains: two correctly rounded exps (≤ ½ ulp each),
//   the scaled tail G(|x|) (polynomial, fit error ≤ 1e−8, float32 Horner ≈ 1.5 ulp), two products:
//   ≈ 3 EPS32 relative at worst; we assert 4 EPS32 (2 excess bits), measured max 2.4 EPS32·Φ over a dense
//   grid of [−13, 8].
// - Below Φ ≈ 1.18e−38 (x ≲ −13.1) the result is subnormal: float32 only resolves multiples of TINY32
//   there, and each of the two last products rounds to that grid, hence the 2·TINY32 absolute term
//   (measured ≤ 1.03 TINY32).
// - For x > 0, Φ(x) = 1 − Φ(−x) ≥ ½ with Φ(−x) ≤ ½ accurate to 3 EPS32 relative: the absolute error is
//   ≤ 1.5 EPS32 + ½ ulp(1) ≤ 4·EPS32·Φ(x).
const ndtrTol = (r: number) => 4 * EPS32 * r + 2 * TINY32;

describe("ndtr", () => {
  test("accuracy, x uniform in [-14.5, 10] (the whole float32 lower tail)", () => {
    fc.assert(
      fc.property(batch(fc.double({ min: -14.5, max: 10, noNaN: true })), (xs) => checkElementwise(ndtr, xs, ndtr64, ndtrTol)),
      RUNS,
    );
  });

  test("lower tail keeps relative accuracy where 0.5·(1 + erf) would round to 0", () => {
    // x ≤ −8.5: 0.5·(1 + erf(x/√2)) is exactly 0 in float32 (1 + erf rounds to 0 once erf = −1).
    const xs = Array.from({ length: 200 }, (_, i) => -8.5 - (4.5 * i) / 199);
    checkElementwise(ndtr, xs, ndtr64, ndtrTol);
    const v = tf.tidy(() => ndtr(tf.scalar(-10)).dataSync()[0]!);
    expect(v).toBeGreaterThan(0);
  });

  test("special values", () => {
    const got = tf.tidy(() => ndtr(tf.tensor1d([0, -Infinity, Infinity, NaN, -40, 40])).dataSync());
    expect(Array.from(got)).toEqual([0.5, 0, 1, NaN, 0, 1]);
  });

  // Gradient: the custom gradient is φ(x) = e^{−h²/2}·e^{−(x−h)(x+h)/2}·(1/√(2π)): two exps and two
  // products, ≤ 2 EPS32 relative; asserted 4 EPS32 relative plus the 2·TINY32 subnormal floor
  // (φ(x) < 1.18e−38 for |x| > 13.2).
  test("gradient equals the normal density, x uniform in [-14, 14]", () => {
    const grad = tf.grad((x: tf.Tensor) => ndtr(x));
    fc.assert(
      fc.property(batch(fc.double({ min: -14, max: 14, noNaN: true })), (xs) => checkElementwise(grad, xs, pdf64, ndtrTol)),
      RUNS,
    );
  });

  test("leaks no tensors", () => {
    const x = tf.tensor1d([-13, -1, 0, 2, 9]);
    const before = tf.memory().numTensors;
    tf.tidy(() => ndtr(x)).dispose();
    tf.tidy(() => tf.grad((t: tf.Tensor) => ndtr(t))(x)).dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

// Error bound for ndtri: |error| ≤ 4·EPS32·|Φ⁻¹(p)|.
// - Central region |p − ½| ≤ 0.35: z = q·C(q²) with q = p − ½ exact, so the error is relative even at
//   z → 0 (C: fit error 7e−9, Horner ≈ 1 ulp, one product).
// - Tails: the A&S 26.2.23 start (error < 4.5e−4) is refined by one Halley step (cubic: ~1e−10), so only
//   the float32 evaluation of the residual F = log Φ(z) − log p̃ matters: its dominant error is the
//   rounding of log p̃, ½ ulp of |log p̃| ≈ z²/2, which moves z by (EPS32·z²/4)·(Φ/φ)(z) ≈ EPS32·|z|/4 —
//   relative EPS32/4, i.e. Φ⁻¹ is well conditioned in log p. With the remaining roundings (h² exact) the
//   tally is ≈ 2 EPS32; asserted 4 EPS32, measured max 1.5 EPS32·|z| (2·10⁵ log-uniform p in [1e−45, ½],
//   their mirror images 1 − p, and a uniform grid on (0, 1)).
const ndtriTol = (r: number) => 4 * EPS32 * Math.abs(r);

describe("ndtri", () => {
  test("accuracy, lower tail: p log-uniform in [1e-45, 0.5] (subnormal p included)", () => {
    fc.assert(
      fc.property(batch(logUniform(1e-45, 0.5)), (ps) => checkElementwise(ndtri, ps, ndtri64, ndtriTol)),
      RUNS,
    );
  });

  test("accuracy, upper tail: p = 1 - q, q log-uniform in [2^-24, 0.5]", () => {
    fc.assert(
      fc.property(batch(logUniform(2 ** -24, 0.5).map((q) => 1 - q)), (ps) => checkElementwise(ndtri, ps, ndtri64, ndtriTol)),
      RUNS,
    );
  });

  test("accuracy, p uniform in (0, 1) and relative accuracy next to p = 0.5", () => {
    fc.assert(
      fc.property(batch(fc.double({ min: 1e-7, max: 1 - 1e-7, noNaN: true })), (ps) => checkElementwise(ndtri, ps, ndtri64, ndtriTol)),
      RUNS,
    );
    const near = Array.from({ length: 41 }, (_, k) => 0.5 + (k - 20) * 2 ** -25);
    checkElementwise(ndtri, near, ndtri64, ndtriTol);
  });

  test("special values", () => {
    const got = tf.tidy(() => ndtri(tf.tensor1d([0, 1, 0.5, -0.1, 1.1, NaN])).dataSync());
    expect(Array.from(got)).toEqual([-Infinity, Infinity, 0, NaN, NaN, NaN]);
  });

  test("round trip ndtr(ndtri(p)) = p", () => {
    fc.assert(
      fc.property(batch(logUniform(1e-37, 0.5)), (ps) => {
        const p32 = Float32Array.from(ps);
        const back = tf.tidy(() => ndtr(ndtri(tf.tensor1d(p32))).dataSync());
        for (let i = 0; i < p32.length; i++) {
          // An error δz ≤ 4·EPS32·|z| in ndtri moves Φ by the relative amount (φ/Φ)(z)·δz, and
          // (φ/Φ)(z) ≤ 1 + |z| for z ≤ 0 (≈ |z| in the tail, 0.8 at z = 0); ndtr itself adds ≤ 4·EPS32.
          const z = ndtri64(p32[i]!);
          expect(Math.abs(back[i]! - p32[i]!)).toBeLessThanOrEqual((4 * (1 + Math.abs(z)) * Math.abs(z) + 4) * EPS32 * p32[i]!);
        }
      }),
      RUNS,
    );
  });

  // Gradient: the custom gradient is √(2π)·G(|z|)/p̃ with p̃ = min(p, 1 − p) exact and G the scaled tail
  // (≈ 1.5 ulp; its argument z is off by ≤ 1.5 EPS32·|z| but d log G/dz is O(1) — about −1/|z| in the
  // tails — so that adds ≤ 1.5 EPS32), one product and one division: ≈ 3 EPS32; asserted 4 EPS32 relative
  // against √(2π)·exp(z²/2) at the float64 z. (The naive e^{z²/2} would carry the error of z times z²,
  // ~250 EPS32 at p = 1e−37.)
  test("gradient equals 1/φ(Φ⁻¹(p))", () => {
    const grad = tf.grad((p: tf.Tensor) => ndtri(p));
    const ref = (p: number) => 1 / pdf64(ndtri64(p));
    fc.assert(
      fc.property(batch(fc.oneof(logUniform(1e-37, 0.5), logUniform(2 ** -24, 0.5).map((q) => 1 - q))), (ps) =>
        checkElementwise(grad, ps, ref, (r) => 4 * EPS32 * Math.abs(r)),
      ),
      RUNS,
    );
  });

  test("leaks no tensors", () => {
    const p = tf.tensor1d([1e-30, 0.2, 0.5, 0.9, 1 - 2 ** -24]);
    const before = tf.memory().numTensors;
    tf.tidy(() => ndtri(p)).dispose();
    tf.tidy(() => tf.grad((t: tf.Tensor) => ndtri(t))(p)).dispose();
    expect(tf.memory().numTensors).toBe(before);
    p.dispose();
  });
});

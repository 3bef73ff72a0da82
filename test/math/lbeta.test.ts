import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import betaln from "@stdlib/math-base-special-betaln";
import digamma64 from "@stdlib/math-base-special-digamma";
import { lbeta } from "../../src/math/lbeta.js";
import { logUniform } from "../helpers.js";

await tf.setBackend("cpu");

/** Float32 machine epsilon (spacing of floats in [1, 2)); one ulp of v is between EPS32·|v|/2 and EPS32·|v|. */
const EPS32 = 2 ** -23;
// lbeta is ~300 float32 kernels per call (three lgammas, a digamma, Stirling terms): 50 batches of ≤ 64
// pairs per property keep each file within a few seconds.
const RUNS = { seed: 42, numRuns: 50 };

const pairs = (lo: number, hi: number) =>
  fc.array(fc.tuple(logUniform(lo, hi), logUniform(lo, hi)), { minLength: 1, maxLength: 64 });

/** Checks |f̂ − ref| ≤ tol(ref) for every pair, the references taken at the float32 inputs. */
function checkPairs(
  f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor,
  ab: [number, number][],
  ref: (a: number, b: number) => number,
  tol: (r: number) => number,
): void {
  const a32 = Float32Array.from(ab, (p) => p[0]);
  const b32 = Float32Array.from(ab, (p) => p[1]);
  const got = tf.tidy(() => f(tf.tensor1d(a32), tf.tensor1d(b32)).dataSync());
  for (let i = 0; i < a32.length; i++) {
    const r = ref(a32[i]!, b32[i]!);
    const err = Math.abs(got[i]! - r);
    if (!(err <= tol(r))) {
      throw new Error(`(a, b) = (${a32[i]}, ${b32[i]}): got ${got[i]}, reference ${r}, error ${err} > ${tol(r)}`);
    }
  }
}

// Error bound for the value: |error| ≤ 4·EPS32·(|log B(a, b)| + 1).
// - No input-rounding term: the reference is evaluated at the float32 inputs.
// - Relative part: for max(a, b) ≥ 4 the implementation uses Stirling-based forms whose main terms have
//   one sign ((x − ½)·log(x/s), −y·log1p(x/y), −½ log y, −x·log s, …), each correct to ≈ 1–2 ulp, so the
//   error is a few EPS32 relative to log B itself. (The naive log Γ(a) + log Γ(b) − log Γ(a + b) would
//   instead carry ½ ulp of log Γ(a + b), about 1 in absolute terms at a + b = 1e6, where log B(1e6, 1) is −13.8.)
// - Absolute part: for a, b < 4 the value is log Γ(x) + log Γ(y) − log Γ(x + y) with the rounding of x + y
//   corrected to first order (TwoSum); each log Γ is within 2 EPS32 of its O(1) magnitude (log Γ(x + y)
//   ≤ log Γ(8) ≈ 8.5), so an absolute error of a few EPS32 remains where B(a, b) ≈ 1 and log B ≈ 0 — the
//   same order as the conditioning a·|∂ₐ log B| + b·|∂_b log B| = O(1) there (e.g. 1 at a = b = 1).
// Measured maximum: 2.5·EPS32·(|log B| + 1) over 3·10⁵ log-uniform pairs in [1e−6, 1e6]², [1e−3, 16]²
// and [8, 1e6]². Asserted 4 (≤ 2 excess bits).
const valueTol = (r: number) => 4 * EPS32 * (Math.abs(r) + 1);

// Float64 references for the gradient ∂ₐ log B = ψ(a) − ψ(a + b). The plain float64 difference loses
// log₂(|ψ(a)|/|ψ(a) − ψ(a + b)|) bits; for b/a ≥ 1e−5 that is ≤ 2⁻⁵²·14·1e5 ≈ 3e−10 relative. For
// b/a < 1e−5 we use ψ(a) − ψ(a + b) = −b·ψ′(a) − b²/2·ψ″(a) − …, whose truncation (b²/6)|ψ‴(a)/ψ′(a)| ≤
// (b/a)² ≤ 1e−10 relative; ψ′, ψ″ are float64 series (as in digamma.test.ts, cross-checked there).
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
const digammaDiff64 = (a: number, b: number) =>
  b / a < 1e-5 ? -(b * trigamma64(a) + ((b * b) / 2) * tetragamma64(a)) : digamma64(a) - digamma64(a + b);

// Gradient bound: |error| ≤ 6·EPS32·|ψ(a) − ψ(a + b)|, purely relative. The implementation never
// subtracts two digammas: it shifts a up to z ≥ 8 and writes ψ(a) − ψ(a + b) as −Σₖ b/((a + k)(a + k + b))
// plus −log1p(b/z) − w·(½ + …), w = 1/z − 1/(z + b) factored exactly — at most 8 + 2 terms of one sign,
// each carrying ≈ 2–3 roundings (a + k, a + k + b, product, quotient), so ≈ 3 EPS32 relative. Measured
// maximum 3.6 EPS32 over 3·10⁵ pairs; asserted 6 (≤ 2.6 excess bits).
const gradTol = (r: number) => 6 * EPS32 * Math.abs(r);

describe("lbeta", () => {
  test("accuracy, a and b log-uniform in [1e-6, 1e6]", () => {
    fc.assert(fc.property(pairs(1e-6, 1e6), (ab) => checkPairs(lbeta, ab, betaln, valueTol)), RUNS);
  });

  test("accuracy for small arguments, [1e-3, 16]^2", () => {
    fc.assert(fc.property(pairs(1e-3, 16), (ab) => checkPairs(lbeta, ab, betaln, valueTol)), RUNS);
  });

  test("no cancellation for large arguments: log B(n, 1) = -log n and pairs in [8, 1e6]^2", () => {
    // log B(n, 1) = −log n exactly; the three-lgamma formula is off by ~1 here.
    checkPairs(lbeta, [[1e6, 1], [1, 1e6], [3e5, 1], [1e6, 2]], betaln, (r) => 4 * EPS32 * Math.abs(r));
    fc.assert(fc.property(pairs(8, 1e6), (ab) => checkPairs(lbeta, ab, betaln, (r) => 4 * EPS32 * Math.abs(r))), RUNS);
  });

  test("broadcasting, special values", () => {
    const got = tf.tidy(() => lbeta(tf.tensor2d([[1], [2]]), tf.tensor1d([1, 3, 0])).arraySync()) as number[][];
    expect(got[0]![0]).toBe(0);
    expect(got[1]![1]).toBeCloseTo(Math.log(1 / 12), 6);
    expect(got[0]![2]).toBe(Infinity);
    expect(tf.tidy(() => lbeta(tf.scalar(0), tf.scalar(0)).dataSync()[0])).toBe(Infinity);
    const bad = tf.tidy(() => lbeta(tf.tensor1d([-1, 1, NaN]), tf.tensor1d([1, -1, 1])).dataSync());
    expect(Array.from(bad)).toEqual([NaN, NaN, NaN]);
  });

  test("gradient equals (psi(a) - psi(a+b), psi(b) - psi(a+b)), a and b log-uniform in [1e-6, 1e6]", () => {
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => lbeta(a, b));
    for (const [lo, hi] of [[1e-6, 1e6], [1e-3, 16]] as const) {
      fc.assert(
        fc.property(pairs(lo, hi), (ab) => {
          const a32 = Float32Array.from(ab, (p) => p[0]);
          const b32 = Float32Array.from(ab, (p) => p[1]);
          const [ga, gb] = tf.tidy(() => grads([tf.tensor1d(a32), tf.tensor1d(b32)]).map((g) => g.dataSync()));
          for (let i = 0; i < a32.length; i++) {
            const a = a32[i]!;
            const b = b32[i]!;
            for (const [got, ref] of [[ga![i]!, digammaDiff64(a, b)], [gb![i]!, digammaDiff64(b, a)]] as const) {
              if (!(Math.abs(got - ref) <= gradTol(ref))) {
                throw new Error(`(a, b) = (${a}, ${b}): gradient ${got}, reference ${ref}`);
              }
            }
          }
        }),
        RUNS,
      );
    }
  });

  test("gradient is reduced to the input shapes under broadcasting", () => {
    const a = tf.tensor2d([[1], [2]]);
    const b = tf.tensor1d([1, 3, 5]);
    const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(lbeta(x, y)))([a, b]);
    expect(ga!.shape).toEqual([2, 1]);
    expect(gb!.shape).toEqual([3]);
    const expectA = [1, 3, 5].reduce((acc, bv) => acc + digamma64(1) - digamma64(1 + bv), 0);
    expect(Math.abs(ga!.dataSync()[0]! - expectA)).toBeLessThan(1e-5);
    tf.dispose([a, b, ga!, gb!]);
  });

  test("leaks no tensors", () => {
    const a = tf.tensor1d([1e-6, 0.5, 3, 20, 1e6]);
    const b = tf.tensor1d([2, 1e6, 0.5, 30, 1]);
    const before = tf.memory().numTensors;
    tf.tidy(() => lbeta(a, b)).dispose();
    tf.dispose(tf.tidy(() => tf.grads((x: tf.Tensor, y: tf.Tensor) => lbeta(x, y))([a, b])));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b]);
  });
});

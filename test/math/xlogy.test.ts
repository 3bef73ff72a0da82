import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { xlog1py, xlogy } from "../../src/math/xlogy.js";
import { logUniform } from "../helpers.js";

await tf.setBackend("cpu");

/** Float32 machine epsilon (spacing of floats in [1, 2)); one ulp of v is between EPS32·|v|/2 and EPS32·|v|. */
const EPS32 = 2 ** -23;
const RUNS = { seed: 42, numRuns: 100 };
/** Smallest positive subnormal float32: results below 1.18e−38 are only resolved to multiples of it. */
const TINY32 = 2 ** -149;

/** x: mostly any float in [−1e3, 1e3], sometimes exactly 0. */
const xArb = fc.oneof({ arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }), weight: 4 }, { arbitrary: fc.constant(0), weight: 1 });
/** y > 0 over 60 decades, plus a dense band around 1 where log y is small. */
const yArb = fc.oneof(logUniform(1e-30, 1e30), fc.double({ min: 0.5, max: 2, noNaN: true }));
/** y > −1 for log1p: tiny |y| of both signs (where log(1 + y) would lose everything), up to 1e30. */
const y1pArb = fc.oneof(
  logUniform(1e-30, 1e30),
  logUniform(1e-30, 0.999).map((v) => -v),
);
const pairs = (xa: fc.Arbitrary<number>, ya: fc.Arbitrary<number>) =>
  fc.array(fc.tuple(xa, ya), { minLength: 1, maxLength: 64 });

/** Runs f on float32 tensors and checks every element against ref at the float32 inputs. */
function checkPairs(
  f: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor,
  xy: [number, number][],
  ref: (x: number, y: number) => number,
  tol: (r: number) => number,
): void {
  const x32 = Float32Array.from(xy, (p) => p[0]);
  const y32 = Float32Array.from(xy, (p) => p[1]);
  const got = tf.tidy(() => f(tf.tensor1d(x32), tf.tensor1d(y32)).dataSync());
  for (let i = 0; i < x32.length; i++) {
    const r = ref(x32[i]!, y32[i]!);
    const err = Math.abs(got[i]! - r);
    if (!(err <= tol(r))) {
      throw new Error(`(x, y) = (${x32[i]}, ${y32[i]}): got ${got[i]}, reference ${r}, error ${err} > ${tol(r)}`);
    }
  }
}

const xlogy64 = (x: number, y: number) => (x === 0 ? 0 : x * Math.log(y));
const xlog1py64 = (x: number, y: number) => (x === 0 ? 0 : x * Math.log1p(y));

// Bounds (no input-rounding term: references at the float32 inputs).
// - xlogy: log y correctly rounded on the CPU backend (≤ ½ ulp, relative even near y = 1 since y is
//   exact), then one product (≤ ½ ulp): ≤ 1 ulp ≤ EPS32·|f|; asserted 2·EPS32·|f|.
// - xlog1py: log1p as log(u)·y/(u − 1), u = fl(1 + y) (Kahan/Goldberg, ≤ 4 roundings of ½ ulp, the
//   first compensated by the second), then one product: ≈ 2 EPS32; asserted 4·EPS32·|f|.
// - Gradients ∂x = log y (or log1p y), ∂y = x/y (or x/(1 + y)): one or two correctly rounded operations
//   times dy = 1, so ≤ 2·EPS32 relative for xlogy; for ∂y of xlog1py the rounding of 1 + y is ½ ulp of
//   1 + y, i.e. at most EPS32/2 relative: asserted 4·EPS32 for xlog1py.
// - fc.double also produces subnormal x; a subnormal result is only resolved to TINY32 = 2⁻¹⁴⁹, hence the
//   absolute term TINY32 in every tolerance.
describe("xlogy", () => {
  test("accuracy against float64 x·log(y)", () => {
    fc.assert(fc.property(pairs(xArb, yArb), (xy) => checkPairs(xlogy, xy, xlogy64, (r) => 2 * EPS32 * Math.abs(r) + TINY32)), RUNS);
  });

  test("gradients log(y) and x/y", () => {
    const grads = tf.grads((x: tf.Tensor, y: tf.Tensor) => xlogy(x, y));
    fc.assert(
      fc.property(pairs(xArb, yArb), (xy) => {
        checkPairs((x, y) => grads([x, y])[0]!, xy, (x, y) => (x === 0 ? 0 : Math.log(y)), (r) => 2 * EPS32 * Math.abs(r) + TINY32);
        checkPairs((x, y) => grads([x, y])[1]!, xy, (x, y) => (x === 0 ? 0 : x / y), (r) => 2 * EPS32 * Math.abs(r) + TINY32);
      }),
      RUNS,
    );
  });

  test("0·log 0 = 0 with finite (zero) gradients; x·log 0 = −∞ for x > 0", () => {
    const x = tf.tensor1d([0, 0, 0, 0, 2]);
    const y = tf.tensor1d([0, 1, Infinity, NaN, 0]);
    const value = tf.tidy(() => xlogy(x, y).dataSync());
    expect(Array.from(value)).toEqual([0, 0, 0, 0, -Infinity]);
    const [gx, gy] = tf.grads((a: tf.Tensor, b: tf.Tensor) => xlogy(a, b))([x, y]);
    expect(Array.from(gx!.dataSync())).toEqual([0, 0, 0, 0, -Infinity]);
    expect(Array.from(gy!.dataSync())).toEqual([0, 0, 0, 0, Infinity]);
    tf.dispose([x, y, gx!, gy!]);
  });

  test("broadcasting: gradients are summed to each input's shape", () => {
    const x = tf.tensor2d([[1], [0], [3]]);
    const y = tf.tensor1d([2, 5]);
    const [gx, gy] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(xlogy(a, b)))([x, y]);
    expect(gx!.shape).toEqual([3, 1]);
    expect(gy!.shape).toEqual([2]);
    const gxv = gx!.dataSync();
    expect(gxv[0]).toBeCloseTo(Math.log(2) + Math.log(5), 6);
    expect(gxv[1]).toBe(0);
    const gyv = gy!.dataSync();
    expect(gyv[0]).toBeCloseTo((1 + 3) / 2, 6);
    expect(gyv[1]).toBeCloseTo((1 + 3) / 5, 6);
    tf.dispose([x, y, gx!, gy!]);
  });

  test("leaks no tensors", () => {
    const x = tf.tensor1d([0, 1, 2]);
    const y = tf.tensor1d([0, 3, 0.5]);
    const before = tf.memory().numTensors;
    tf.tidy(() => xlogy(x, y)).dispose();
    tf.tidy(() => xlog1py(x, y)).dispose();
    tf.dispose(tf.tidy(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => xlogy(a, b))([x, y])));
    tf.dispose(tf.tidy(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => xlog1py(a, b))([x, y])));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });
});

describe("xlog1py", () => {
  test("accuracy against float64 x·log1p(y), including |y| down to 1e-30", () => {
    fc.assert(fc.property(pairs(xArb, y1pArb), (xy) => checkPairs(xlog1py, xy, xlog1py64, (r) => 4 * EPS32 * Math.abs(r) + TINY32)), RUNS);
  });

  test("gradients log1p(y) and x/(1+y)", () => {
    const grads = tf.grads((x: tf.Tensor, y: tf.Tensor) => xlog1py(x, y));
    fc.assert(
      fc.property(pairs(xArb, y1pArb), (xy) => {
        checkPairs((x, y) => grads([x, y])[0]!, xy, (x, y) => (x === 0 ? 0 : Math.log1p(y)), (r) => 4 * EPS32 * Math.abs(r) + TINY32);
        checkPairs((x, y) => grads([x, y])[1]!, xy, (x, y) => (x === 0 ? 0 : x / (1 + y)), (r) => 4 * EPS32 * Math.abs(r) + TINY32);
      }),
      RUNS,
    );
  });

  test("0·log1p(−1) = 0 with zero gradients; special values", () => {
    const x = tf.tensor1d([0, 0, 2, 1]);
    const y = tf.tensor1d([-1, Infinity, -1, Infinity]);
    expect(Array.from(tf.tidy(() => xlog1py(x, y).dataSync()))).toEqual([0, 0, -Infinity, Infinity]);
    const [gx, gy] = tf.grads((a: tf.Tensor, b: tf.Tensor) => xlog1py(a, b))([x, y]);
    expect(Array.from(gx!.dataSync()).slice(0, 2)).toEqual([0, 0]);
    expect(Array.from(gy!.dataSync()).slice(0, 2)).toEqual([0, 0]);
    tf.dispose([x, y, gx!, gy!]);
  });
});

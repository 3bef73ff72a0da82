import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { logSumExp } from "../../src/math/logsumexp.js";

await tf.setBackend("cpu");

/** Float32 machine epsilon (spacing of floats in [1, 2)); one ulp of v is between EPS32·|v|/2 and EPS32·|v|. */
const EPS32 = 2 ** -23;
/** Smallest positive subnormal float32. */
const TINY32 = 2 ** -149;
const RUNS = { seed: 42, numRuns: 100 };

/**
 * Matrices of 1–6 rows × 1–40 columns; every row is a common offset in [−1e4, 1e4] plus spreads in
 * [−60, 60], with occasional −Infinity entries (and so occasionally all −Infinity rows).
 */
const matrix = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 40 }))
  .chain(([r, c]) =>
    fc.array(
      fc.tuple(
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        fc.array(fc.oneof({ arbitrary: fc.double({ min: -60, max: 60, noNaN: true }), weight: 9 }, { arbitrary: fc.constant(-Infinity), weight: 1 }), {
          minLength: c,
          maxLength: c,
        }),
      ).map(([offset, row]) => row.map((v) => Math.fround(offset + v))),
      { minLength: r, maxLength: r },
    ),
  );

/** Float64 log-sum-exp and softmax of a row of float32 values. */
function reference(row: number[]): { lse: number; softmax: number[] } {
  const m = Math.max(...row);
  if (m === -Infinity) return { lse: -Infinity, softmax: row.map(() => 0) };
  const e = row.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return { lse: m + Math.log(s), softmax: e.map((v) => v / s) };
}

// Value bound: |error| ≤ 2·EPS32·(|f| + n), n = row length (no input-rounding term: references use the
// float32 entries). With m = max x exact, each xᵢ − m is rounded by ≤ ½ ulp, i.e. |xᵢ − m|·EPS32/2, which
// changes exp(xᵢ − m) by that relative amount; weighted by exp(xᵢ − m)/S this contributes at most
// maxₜ t·e⁻ᵗ·EPS32/2 ≤ EPS32/5 per entry; the exps add ½ ulp each, a float32 running sum (wasm) at most
// (n − 1)·EPS32/2 relative (the CPU backend sums in float64), log S is within ½ ulp, and the final + m
// rounds to ½ ulp of |f|. Altogether ≤ EPS32·(|f|/2 + n) + ½ ulp; asserted 2·EPS32·(|f| + n).
// Gradient bound: |ĝᵢ − pᵢ| ≤ EPS32·pᵢ·(|xᵢ − m| + n + 3) + TINY32, from the same terms: the rounding of
// xᵢ − m (the true conditioning of softmax in xᵢ), the exp, the sum and the division, plus the subnormal
// floor for probabilities below 1.18e−38.
describe("logSumExp", () => {
  test("accuracy and softmax gradient along the last axis", () => {
    fc.assert(
      fc.property(matrix, (rows) => {
        const x = tf.tensor2d(rows);
        const value = tf.tidy(() => logSumExp(x, 1).dataSync());
        const grad = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(logSumExp(t, 1)))(x).dataSync());
        x.dispose();
        const n = rows[0]!.length;
        rows.forEach((row, r) => {
          const ref = reference(row);
          if (ref.lse === -Infinity) {
            expect(value[r]).toBe(-Infinity);
          } else {
            expect(Math.abs(value[r]! - ref.lse)).toBeLessThanOrEqual(2 * EPS32 * (Math.abs(ref.lse) + n));
          }
          const m = Math.max(...row);
          row.forEach((v, j) => {
            const p = ref.softmax[j]!;
            const g = grad[r * n + j]!;
            const spread = Number.isFinite(v - m) ? Math.abs(v - m) : 0;
            expect(Math.abs(g - p)).toBeLessThanOrEqual(EPS32 * p * (spread + n + 3) + TINY32);
          });
        });
      }),
      RUNS,
    );
  });

  test("all -Infinity rows give -Infinity and a zero gradient, never NaN", () => {
    const x = tf.tensor2d([
      [-Infinity, -Infinity, -Infinity],
      [0, -Infinity, 0],
    ]);
    expect(Array.from(tf.tidy(() => logSumExp(x, 1).dataSync()))).toEqual([-Infinity, Math.fround(Math.log(2))]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(logSumExp(t, -1)))(x);
    expect(Array.from(g.dataSync())).toEqual([0, 0, 0, 0.5, 0, 0.5]);
    g.dispose();
    x.dispose();
  });

  test("no overflow or underflow", () => {
    const got = tf.tidy(() => logSumExp(tf.tensor1d([1000, 1000])).dataSync()[0]!);
    expect(got).toBeCloseTo(1000 + Math.log(2), 3);
    const low = tf.tidy(() => logSumExp(tf.tensor1d([-1000, -1000 - Math.log(3)])).dataSync()[0]!);
    expect(Math.abs(low - (-1000 + Math.log(4 / 3)))).toBeLessThanOrEqual(2 * EPS32 * 1002);
  });

  test("axes, negative axes, keepDims and the all-axes default", () => {
    const x = tf.tensor3d([
      [[0, 1], [2, 3]],
      [[4, 5], [6, 7]],
    ]);
    const lse = (xs: number[]) => reference(xs).lse;
    tf.tidy(() => {
      const all = logSumExp(x);
      expect(all.shape).toEqual([]);
      expect(all.dataSync()[0]).toBeCloseTo(lse([0, 1, 2, 3, 4, 5, 6, 7]), 5);
      const a0 = logSumExp(x, 0);
      expect(a0.shape).toEqual([2, 2]);
      expect(a0.dataSync()[3]).toBeCloseTo(lse([3, 7]), 5);
      const a02 = logSumExp(x, [0, -1], true);
      expect(a02.shape).toEqual([1, 2, 1]);
      expect(a02.dataSync()[1]).toBeCloseTo(lse([2, 3, 6, 7]), 5);
      const neg = logSumExp(x, -2);
      expect(neg.shape).toEqual([2, 2]);
      expect(neg.dataSync()[0]).toBeCloseTo(lse([0, 2]), 5);
      // Size-1 dimensions that are not reduced are kept.
      const single = logSumExp(tf.tensor2d([[1, 2, 3]]), 1);
      expect(single.shape).toEqual([1]);
    });
    const g = tf.grad((t: tf.Tensor) => tf.sum(logSumExp(t, [0, 2], true)))(x);
    expect(g.shape).toEqual([2, 2, 2]);
    const p = reference([0, 1, 4, 5]).softmax;
    const gv = g.dataSync();
    expect(gv[0]).toBeCloseTo(p[0]!, 6);
    expect(gv[5]).toBeCloseTo(p[3]!, 6);
    tf.dispose([g, x]);
  });

  test("works with variableGrads and leaks no tensors", () => {
    const v = tf.variable(tf.tensor2d([[1, 2, 3], [-Infinity, -Infinity, -Infinity]]));
    const before = tf.memory().numTensors;
    // The loss is −∞ (second row), but its gradient is still well defined: softmax on row 1, 0 on row 2.
    const { value, grads } = tf.variableGrads(() => tf.sum(logSumExp(v, 1)) as tf.Scalar, [v]);
    expect(value.dataSync()[0]).toBe(-Infinity);
    const g = grads[v.name]!.dataSync();
    expect(g[0]! + g[1]! + g[2]!).toBeCloseTo(1, 6);
    expect(Array.from(g.slice(3))).toEqual([0, 0, 0]);
    value.dispose();
    tf.dispose(grads);
    expect(tf.memory().numTensors).toBe(before);
    const before2 = tf.memory().numTensors;
    tf.tidy(() => logSumExp(v, 1)).dispose();
    tf.tidy(() => tf.grad((t: tf.Tensor) => logSumExp(t))(v)).dispose();
    expect(tf.memory().numTensors).toBe(before2);
    v.dispose();
  });
});

import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ShapeError, tf, triangularSolve } from "latent";
import { EPS32, FC, f32, logUniform } from "../helpers.js";
import { cond, derivs, lift, maxAbs, solve64, transpose, triangle, values } from "./linalg64.js";

const EPS64 = 2 ** -53;
/** Smallest positive float32 (subnormal): results below it round to 0. */
const TINY32 = 2 ** -149;

/**
 * A random triangular system: n ≤ 8, k ≤ 3 right-hand sides, diagonal magnitudes log-uniform in
 * [0.5, 2] with random signs, off-diagonal entries in [−1, 1]; the triangle not named by `lower`
 * is filled with junk (±1e3), which the op must ignore. All entries are float32 numbers.
 */
const system = fc
  .record({ n: fc.integer({ min: 1, max: 8 }), k: fc.integer({ min: 1, max: 3 }), lower: fc.boolean(), transpose: fc.boolean() })
  .chain(({ n, k, lower, transpose: tr }) =>
    fc.record({
      n: fc.constant(n),
      k: fc.constant(k),
      lower: fc.constant(lower),
      transpose: fc.constant(tr),
      diag: fc.array(fc.tuple(logUniform(0.5, 2), fc.boolean()), { minLength: n, maxLength: n }),
      off: fc.array(f32(-1, 1), { minLength: n * n, maxLength: n * n }),
      junk: fc.array(f32(-1e3, 1e3), { minLength: n * n, maxLength: n * n }),
      b: fc.array(f32(-3, 3), { minLength: n * k, maxLength: n * k }),
      w: fc.array(f32(-1, 1), { minLength: n * k, maxLength: n * k }),
    }),
  );

type System = typeof system extends fc.Arbitrary<infer T> ? T : never;

function build(s: System): { full: number[][]; tri: number[][]; b: number[][]; w: number[][] } {
  const { n, k, lower } = s;
  const full: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) {
      const inside = lower ? j < i : j > i;
      if (i === j) row.push(s.diag[i]![0] * (s.diag[i]![1] ? 1 : -1));
      else row.push(inside ? s.off[i * n + j]! : s.junk[i * n + j]!);
    }
    full.push(row);
  }
  const rows = (v: number[]) => Array.from({ length: n }, (_, i) => v.slice(i * k, (i + 1) * k));
  return { full, tri: triangle(full, lower), b: rows(s.b), w: rows(s.w) };
}

const op = (m: number[][], tr: boolean) => (tr ? transpose(m) : m);

describe("triangularSolve", () => {
  it("equals a float64 Gaussian-elimination solve to float32 rounding, reading only its triangle", () => {
    fc.assert(
      fc.property(system, (s) => {
        const { full, tri, b } = build(s);
        const got = tf.tidy(() =>
          triangularSolve(tf.tensor2d(full), tf.tensor2d(b), { lower: s.lower, transpose: s.transpose }).arraySync(),
        ) as number[][];
        const ref = values(solve64(lift(op(tri, s.transpose)), lift(b)));
        // The op substitutes in float64 (backward stable: forward error ≤ n·u64·κ·max|x|, Higham
        // Thm 8.5), the reference eliminates in float64 (the same order of error), and the op
        // rounds once to float32 (≤ 2⁻²⁴ relative, or 2⁻¹⁴⁹ absolute in the subnormal range).
        // Asserted: 2⁻²⁴|x| + 64·n·κ·2⁻⁵³·max|x| + 2⁻¹⁴⁹.
        const kappa = cond(tri);
        const slack = 64 * s.n * kappa * EPS64 * maxAbs(ref) + TINY32;
        ref.forEach((r, i) => r.forEach((v, j) => expect(Math.abs(got[i]![j]! - v)).toBeLessThanOrEqual(EPS32 * Math.abs(v) + slack)));
      }),
      FC,
    );
  });

  it("gradients for L (on its triangle, zero elsewhere) and b equal forward-mode float64 derivatives", () => {
    fc.assert(
      fc.property(system, (s) => {
        const { full, tri, b, w } = build(s);
        const { n, k, lower } = s;
        const [gl, gb] = tf.tidy(() => {
          const f = (l: tf.Tensor, rhs: tf.Tensor) => tf.sum(tf.mul(triangularSolve(l, rhs, { lower, transpose: s.transpose }), tf.tensor2d(w)));
          return tf.grads(f)([tf.tensor2d(full), tf.tensor2d(b)]).map((g) => g.arraySync() as number[][]);
        });
        // d/dt Σ W ⊙ op(L + tE)⁻¹(b + tF) by dual numbers, one direction per entry.
        const pair = (x: number[][]) => x.reduce((a, r, i) => a + r.reduce((c, v, j) => c + v * w[i]![j]!, 0), 0);
        const unit = (rows: number, cols: number, i: number, j: number) =>
          Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => (r === i && c === j ? 1 : 0)));
        const dirL = (i: number, j: number) =>
          pair(derivs(solve64(lift(op(tri, s.transpose), op(unit(n, n, i, j), s.transpose)), lift(b))));
        const dirB = (i: number, j: number) => pair(derivs(solve64(lift(op(tri, s.transpose)), lift(b, unit(n, k, i, j)))));
        // Error: L̄ = −b̄ xᵀ with b̄ = op(L)⁻ᵀ W; each factor has float64 error ≤ n·u64·κ times its
        // size, so |ΔL̄| ≤ 64·n·κ·u64·k·max|b̄|·max|x| (same for the dual reference), plus the
        // final float32 rounding 2⁻²⁴|L̄| (+2⁻¹⁴⁹ for subnormals); |Δb̄| ≤ 2⁻²⁴|b̄| + 64·n·κ·u64·max|b̄|.
        const kappa = cond(tri);
        const x = values(solve64(lift(op(tri, s.transpose)), lift(b)));
        const bbar = values(solve64(lift(op(transpose(tri), s.transpose)), lift(w)));
        const slackB = 64 * n * kappa * EPS64 * maxAbs(bbar) + TINY32;
        const slackL = 64 * n * kappa * EPS64 * maxAbs(bbar) * k * maxAbs(x) + TINY32;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            const inside = lower ? j <= i : j >= i;
            if (!inside) expect(gl![i]![j]).toBe(0);
            else {
              const ref = dirL(i, j);
              expect(Math.abs(gl![i]![j]! - ref)).toBeLessThanOrEqual(EPS32 * Math.abs(ref) + slackL);
            }
          }
          for (let j = 0; j < k; j++) {
            const ref = dirB(i, j);
            expect(Math.abs(gb![i]![j]! - ref)).toBeLessThanOrEqual(EPS32 * Math.abs(ref) + slackB);
          }
        }
      }),
      { ...FC, numRuns: 50 },
    );
  });

  it("broadcasts batch dimensions; each slice equals its unbatched solve, gradients sum over broadcasts", () => {
    fc.assert(
      fc.property(system, system, (s1, s2) => {
        // Two systems with the same n (and k, lower, transpose of the first).
        const n = Math.min(s1.n, s2.n);
        const trim = (s: System): System => ({ ...s1, diag: s.diag.slice(0, n), off: s.off.slice(0, n * n), junk: s.junk.slice(0, n * n), n });
        const a = build(trim(s1));
        const c = build(trim(s2));
        const opts = { lower: s1.lower, transpose: s1.transpose };
        const k = s1.k;
        const bs = [a.b.slice(0, n), c.b.slice(0, n)].map((m) => m.map((r) => r.slice(0, k)));
        // l: [2, 1, n, n], b: [3, n, k] → x: [2, 3, n, k]
        const rhs = [bs[0]!, bs[1]!, bs[0]!.map((r) => r.map((v) => -v))];
        const { batched, gl, singles, glSum } = tf.tidy(() => {
          const l = tf.tensor4d([[a.full], [c.full]]);
          const rb = tf.tensor3d(rhs);
          const out = triangularSolve(l, rb, opts);
          const g = tf.grad((t: tf.Tensor) => tf.sum(triangularSolve(t, rb, opts)))(l);
          const one = (m: number[][], r: number[][]) => triangularSolve(tf.tensor2d(m), tf.tensor2d(r), opts).arraySync() as number[][];
          const gOne = (m: number[][]) =>
            rhs.map((r) => tf.grad((t: tf.Tensor) => tf.sum(triangularSolve(t, tf.tensor2d(r), opts)))(tf.tensor2d(m)).arraySync() as number[][]);
          return {
            batched: out.arraySync() as number[][][][],
            gl: g.arraySync() as number[][][][],
            singles: [a.full, c.full].map((m) => rhs.map((r) => one(m, r))),
            glSum: [a.full, c.full].map(gOne),
          };
        });
        expect(batched.length).toBe(2);
        expect(batched[0]!.length).toBe(3);
        // Same float64 algorithm on the same numbers: bit-identical slices.
        expect(batched).toEqual(singles);
        // The broadcast gradient sums three slices in float64 and rounds once; the per-slice
        // gradients were each rounded: |Δ| ≤ 2⁻²⁴·(|sum| + Σ|slices|).
        for (let m = 0; m < 2; m++) {
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < n; j++) {
              const parts = glSum[m]!.map((g) => g[i]![j]!);
              const sum = parts.reduce((x, y) => x + y, 0);
              const abs = parts.reduce((x, y) => x + Math.abs(y), 0);
              expect(Math.abs(gl[m]![0]![i]![j]! - sum)).toBeLessThanOrEqual(EPS32 * (Math.abs(sum) + 2 * abs) + 4 * TINY32);
            }
          }
        }
      }),
      { ...FC, numRuns: 30 },
    );
  });

  it("solves the documented example and rejects mismatched shapes", () => {
    const L = tf.tensor2d([[2, 0], [1, 1]]);
    const rhs = tf.tensor2d([[2], [3]]);
    expect(triangularSolve(L, rhs).arraySync()).toEqual([[1], [2]]);
    expect(triangularSolve(L, rhs, { transpose: true }).arraySync()).toEqual([[-0.5], [3]]);
    expect(triangularSolve(tf.tensor2d([[2, 5], [0, 1]]), rhs, { lower: false }).arraySync()).toEqual([[-6.5], [3]]);
    expect(() => triangularSolve(tf.ones([2, 3]), rhs)).toThrow(ShapeError);
    expect(() => triangularSolve(L, tf.ones([3, 1]))).toThrow("triangularSolve: the right-hand side must have shape [..., 2, k]");
    expect(() => triangularSolve(tf.ones([2, 2, 2]), tf.ones([3, 2, 1]))).toThrow("do not broadcast");
    tf.dispose([L, rhs]);
  });

  it("does not leak tensors (value and gradient)", () => {
    const L = tf.tensor2d([[2, 0], [1, 1]]);
    const rhs = tf.tensor3d([[[2], [3]], [[1], [1]]]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.grads((l: tf.Tensor, r: tf.Tensor) => tf.sum(triangularSolve(l, r, { transpose: true })))([L, rhs]);
      triangularSolve(tf.cast(L, "int32"), rhs);
    });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([L, rhs]);
  });
});

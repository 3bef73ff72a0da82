import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ShapeError, cholesky, tf } from "latent";
import { EPS32, FC, f32, logUniform } from "../helpers.js";
import { cholesky64, cond, derivs, frob, lift, maxAbs, solve64, values } from "./linalg64.js";

const EPS64 = 2 ** -53;
/** Smallest positive float32 (subnormal): results below it round to 0. */
const TINY32 = 2 ** -149;

/**
 * A random symmetric positive-definite float32 matrix A = fl(B Bᵀ + δ I), n ≤ 8, B entries in
 * [−1, 1], δ log-uniform in [0.05, 2] (so cond(A) ≤ (8 + δ)/δ ≈ 160 in the 2-norm); the upper
 * triangle is overwritten by junk, which the op must ignore. W weights the output in a loss.
 */
const spd = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    b: fc.array(f32(-1, 1), { minLength: n * n, maxLength: n * n }),
    delta: logUniform(0.05, 2),
    junk: fc.array(f32(-10, 10), { minLength: n * n, maxLength: n * n }),
    w: fc.array(f32(-1, 1), { minLength: n * n, maxLength: n * n }),
  }),
);

type Spd = typeof spd extends fc.Arbitrary<infer T> ? T : never;

function build(s: Spd): { a: number[][]; withJunk: number[][]; w: number[][] } {
  const { n } = s;
  const a: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) {
      let v = i === j ? s.delta : 0;
      for (let k = 0; k < n; k++) v += s.b[i * n + k]! * s.b[j * n + k]!;
      row.push(Math.fround(v));
    }
    a.push(row);
  }
  // exactly symmetric: use the lower entry on both sides
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i]![j] = a[j]![i]!;
  const withJunk = a.map((r, i) => r.map((v, j) => (j > i ? s.junk[i * n + j]! : v)));
  const w = Array.from({ length: n }, (_, i) => s.w.slice(i * n, (i + 1) * n));
  return { a, withJunk, w };
}

const eye = (n: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));

describe("cholesky", () => {
  it("equals a float64 Cholesky–Crout factor to float32 rounding, reading only the lower triangle", () => {
    fc.assert(
      fc.property(spd, (s) => {
        const { a, withJunk } = build(s);
        const got = tf.tidy(() => cholesky(tf.tensor2d(withJunk)).arraySync()) as number[][];
        const ref = values(cholesky64(lift(a)));
        // Both factorizations are backward stable in float64 (Higham Thm 10.3): forward error
        // ≤ c·n·u64·κ(A)·‖L‖; the op then rounds once to float32 (2⁻²⁴ relative, 2⁻¹⁴⁹ absolute
        // for subnormals). Asserted: 2⁻²⁴|L_ij| + 64·n·κ(A)·2⁻⁵³·max|L| + 2⁻¹⁴⁹.
        const slack = 64 * s.n * cond(a) * EPS64 * maxAbs(ref) + TINY32;
        for (let i = 0; i < s.n; i++) {
          for (let j = 0; j < s.n; j++) {
            if (j > i) expect(got[i]![j]).toBe(0);
            else expect(Math.abs(got[i]![j]! - ref[i]![j]!)).toBeLessThanOrEqual(EPS32 * Math.abs(ref[i]![j]!) + slack);
          }
        }
      }),
      FC,
    );
  });

  it("gradient is the symmetric one: ⟨Ā, E⟩ = forward-mode float64 derivative along symmetric E", () => {
    fc.assert(
      fc.property(spd, (s) => {
        const { a, withJunk, w } = build(s);
        const n = s.n;
        const g = tf.tidy(() =>
          tf.grad((t: tf.Tensor) => tf.sum(tf.mul(cholesky(t), tf.tensor2d(w))))(tf.tensor2d(withJunk)).arraySync(),
        ) as number[][];
        // The factor reads only the lower triangle, so a symmetric direction E_ij + E_ji is seen
        // as a unit change of a_ij (i ≥ j); ⟨Ā, E_ij + E_ji⟩ = 2Ā_ij off the diagonal, Ā_ii on it.
        const dir = (i: number, j: number) => {
          const da = a.map((r, p) => r.map((_, q) => (p === i && q === j ? 1 : 0)));
          const dl = derivs(cholesky64(lift(a, da)));
          return dl.reduce((acc, r, p) => acc + r.reduce((c, v, q) => c + v * w[p]![q]!, 0), 0);
        };
        // Size of the gradient: ‖Ā‖ ≤ ‖L⁻¹‖²·‖L‖·‖W‖ =: S. Each float64 step (two triangular
        // solves, products) adds ≤ c·n·u64·κ(A) relative to S, the dual reference likewise; the
        // op rounds once to float32. Asserted: 2⁻²⁴|ref| + 256·n²·κ(A)·2⁻⁵³·S + 2⁻¹⁴⁹.
        const l = values(cholesky64(lift(a)));
        const linv = frob(values(solve64(lift(l), lift(eye(n)))));
        const size = linv * linv * frob(l) * frob(w);
        const slack = 256 * n * n * cond(a) * EPS64 * size + TINY32;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j <= i; j++) {
            expect(g[i]![j]).toBe(g[j]![i]);
            const ref = dir(i, j);
            const got = i === j ? g[i]![i]! : 2 * g[i]![j]!;
            expect(Math.abs(got - ref)).toBeLessThanOrEqual(EPS32 * Math.abs(ref) + 2 * slack);
          }
        }
      }),
      { ...FC, numRuns: 50 },
    );
  });

  it("differentiates through A = B Bᵀ + diag(d) built with tf ops (vs forward-mode float64)", () => {
    fc.assert(
      fc.property(spd, (s) => {
        const { w } = build(s);
        const n = s.n;
        const bm = Array.from({ length: n }, (_, i) => s.b.slice(i * n, (i + 1) * n));
        const d = Array.from({ length: n }, () => s.delta);
        const g = tf.tidy(() =>
          tf
            .grad((bt: tf.Tensor) => {
              const am = tf.add(tf.matMul(bt, bt, false, true), tf.diag(tf.tensor1d(d)));
              return tf.sum(tf.mul(cholesky(am), tf.tensor2d(w)));
            })(tf.tensor2d(bm))
            .arraySync(),
        ) as number[][];
        const composite = (db: number[][]) => {
          // A and dA in float64 from B + t·dB
          const a = bm.map((ri, i) => bm.map((rj, j) => ri.reduce((acc, v, k) => acc + v * rj[k]!, 0) + (i === j ? s.delta : 0)));
          const da = bm.map((ri, i) => bm.map((rj, j) => ri.reduce((acc, v, k) => acc + v * db[j]![k]! + db[i]![k]! * rj[k]!, 0)));
          const dl = derivs(cholesky64(lift(a, da)));
          return dl.reduce((acc, r, p) => acc + r.reduce((c, v, q) => c + v * w[p]![q]!, 0), 0);
        };
        // Here A is formed in float32 (matMul, add: |ΔA| ≤ (n + 2)·2⁻²⁴·(‖B‖² + δ) entrywise),
        // which perturbs L and L⁻¹ by ≤ κ(A) times that relative; the gradient wrt B is
        // 2 Ā B, of size ≤ 2·S·‖B‖. Asserted: 8·(n + 2)·κ(A)·2⁻²⁴·2·S·‖B‖ + 2⁻¹⁴⁹·n.
        const a = build(s).a;
        const l = values(cholesky64(lift(a)));
        const linv = frob(values(solve64(lift(l), lift(eye(n)))));
        const size = 2 * linv * linv * frob(l) * frob(w) * frob(bm);
        const tol = 8 * (n + 2) * cond(a) * EPS32 * size + n * TINY32;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            const db = bm.map((r, p) => r.map((_, q) => (p === i && q === j ? 1 : 0)));
            expect(Math.abs(g[i]![j]! - composite(db))).toBeLessThanOrEqual(tol);
          }
        }
      }),
      { ...FC, numRuns: 30 },
    );
  });

  it("factors batches matrix by matrix; a non-positive-definite matrix gives NaN only in its slot", () => {
    fc.assert(
      fc.property(spd, spd, (s1, s2) => {
        const n = Math.min(s1.n, s2.n);
        const trim = (s: Spd): Spd => ({ ...s, n, b: s.b.slice(0, n * n), junk: s.junk.slice(0, n * n), w: s.w.slice(0, n * n) });
        const m1 = build(trim(s1)).a;
        const m2 = build(trim(s2)).a;
        const bad = m1.map((r, i) => r.map((v, j) => (i === j ? -v : v))); // negative diagonal
        const { batched, one, two } = tf.tidy(() => ({
          batched: cholesky(tf.tensor4d([[m1, m2, bad]])).arraySync() as number[][][][],
          one: cholesky(tf.tensor2d(m1)).arraySync() as number[][],
          two: cholesky(tf.tensor2d(m2)).arraySync() as number[][],
        }));
        expect(batched[0]![0]).toEqual(one);
        expect(batched[0]![1]).toEqual(two);
        expect(batched[0]![2]!.flat().every(Number.isNaN)).toBe(true);
      }),
      { ...FC, numRuns: 30 },
    );
  });

  it("gives the documented example and rejects non-square input", () => {
    const a = tf.tensor2d([[4, 2], [2, 2]]);
    expect(cholesky(a).arraySync()).toEqual([[2, 0], [1, 1]]);
    expect(() => cholesky(tf.ones([2, 3]))).toThrow(ShapeError);
    expect(() => cholesky(tf.ones([3]))).toThrow("cholesky: expected square matrices [..., n, n] with n ≥ 1, got [3]");
    a.dispose();
  });

  it("does not leak tensors (value and gradient)", () => {
    const a = tf.tensor3d([[[4, 2], [2, 2]], [[1, 0], [0, 1]]]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.grad((t: tf.Tensor) => tf.sum(cholesky(t)))(a);
      cholesky(tf.cast(a, "int32"));
    });
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
  });
});

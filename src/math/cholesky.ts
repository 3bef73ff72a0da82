/**
 * Batched Cholesky factorization as a float32 tfjs op with its gradient (tfjs has none).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../errors.js";
import { customOp } from "./custom-op.js";
import { formatShape } from "./shape.js";
import { solveInto } from "./triangular-solve.js";

/**
 * Factor one n × n matrix (row-major at `off` in `a`, lower triangle read) into `l` (float64,
 * written at `lOff`, upper triangle zero). Returns false, leaving `l` partly written, when a
 * pivot is not positive (or NaN): the matrix is not numerically positive definite.
 */
function factorInto(a: ArrayLike<number>, off: number, n: number, l: Float64Array, lOff: number): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[off + j * n + j]!;
    for (let k = 0; k < j; k++) d -= l[lOff + j * n + k]! ** 2;
    if (!(d > 0) || d === Infinity) return false;
    const ljj = Math.sqrt(d);
    l[lOff + j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[off + i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[lOff + i * n + k]! * l[lOff + j * n + k]!;
      l[lOff + i * n + j] = s / ljj;
    }
  }
  return true;
}

/** Factor every matrix of a batch in float64; failed factorizations are all NaN. */
function factorAll(a: ArrayLike<number>, count: number, n: number): Float64Array {
  const l = new Float64Array(count * n * n);
  for (let b = 0; b < count; b++) {
    if (!factorInto(a, b * n * n, n, l, b * n * n)) l.fill(Number.NaN, b * n * n, (b + 1) * n * n);
  }
  return l;
}

const choleskyOp = customOp(([a], save) => {
  const x = a!;
  const n = x.shape[x.rank - 1]!;
  const count = x.size / (n * n);
  save([x]);
  const l = factorAll(x.dataSync(), count, n);
  return {
    value: tf.tensor(Float32Array.from(l), x.shape, "float32"),
    gradFunc: (dy, saved) => {
      // Murray (2016), "Differentiation of the Cholesky decomposition", from A = L Lᵀ:
      // L⁻¹ dA L⁻ᵀ = L⁻¹ dL + (L⁻¹ dL)ᵀ with L⁻¹ dL lower triangular, so dL = L Φ(L⁻¹ dA L⁻ᵀ),
      // Φ = lower triangle with the diagonal halved. Then ⟨L̄, dL⟩ = ⟨L⁻ᵀ Φ(Lᵀ L̄) L⁻¹, dA⟩, and
      // Ā = ½ (S + Sᵀ), S = L⁻ᵀ Φ(Lᵀ L̄) L⁻¹: the gradient for symmetric perturbations dA.
      // Everything in float64; L̄ is the lower triangle of dy (the upper entries are constant 0).
      const lAll = factorAll(saved[0]!.dataSync(), count, n);
      const g = dy.dataSync();
      const out = new Float64Array(count * n * n);
      const phi = new Float64Array(n * n);
      const xm = new Float64Array(n * n);
      const xt = new Float64Array(n * n);
      const y = new Float64Array(n * n);
      for (let b = 0; b < count; b++) {
        const o = b * n * n;
        // Φ(Lᵀ L̄): (Lᵀ L̄)_ij = Σ_k L_ki L̄_kj over k ≥ max(i, j), kept for i ≥ j.
        for (let i = 0; i < n; i++) {
          for (let j = 0; j <= i; j++) {
            let s = 0;
            for (let k = i; k < n; k++) s += lAll[o + k * n + i]! * g[o + k * n + j]!;
            phi[i * n + j] = i === j ? 0.5 * s : s;
          }
          for (let j = i + 1; j < n; j++) phi[i * n + j] = 0;
        }
        // X = L⁻ᵀ Φ, then Y = L⁻ᵀ Xᵀ = Sᵀ.
        solveInto(lAll, o, n, phi, 0, n, true, true, xm, 0);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) xt[i * n + j] = xm[j * n + i]!;
        solveInto(lAll, o, n, xt, 0, n, true, true, y, 0);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) out[o + i * n + j] = 0.5 * (y[i * n + j]! + y[j * n + i]!);
        }
      }
      return [tf.tensor(Float32Array.from(out), saved[0]!.shape, "float32")];
    },
  };
});

/**
 * The Cholesky factor: lower-triangular L with positive diagonal and L Lᵀ = a, batched over
 * leading dimensions, with a gradient.
 *
 * `a` has shape `[..., n, n]` and is symmetric positive definite; only its lower triangle is
 * read. A matrix that is not numerically positive definite (a pivot ≤ 0, or NaN) gives a
 * factor that is all NaN (the other matrices of the batch are unaffected).
 *
 * Method: the Cholesky–Banachiewicz recurrence in float64 on the float32 data, one rounding
 * to float32 at the end. Gradient: Murray (2016), Ā = ½ (S + Sᵀ), S = L⁻ᵀ Φ(Lᵀ L̄) L⁻¹ with
 * Φ = lower triangle, diagonal halved — the symmetric gradient, i.e. the one that is right
 * when `a` is computed symmetrically from upstream parameters (as B Bᵀ + D is); also float64.
 *
 * Accuracy (cpu backend, n ≤ 8, against a float64 factorization of the same float32 input):
 * the factor is within ½ ulp of the float64 factor plus n·κ·2⁻⁵² relative (κ = cond(a)), and
 * the gradient within ½ ulp plus n²·κ·2⁻⁵² relative — float32 rounding dominates.
 *
 * @param a - symmetric positive-definite matrices `[..., n, n]`
 * @throws ShapeError when `a` is not a batch of square matrices
 * @example
 * ```ts
 * cholesky(tf.tensor2d([[4, 2], [2, 2]])); // [[2, 0], [1, 1]]
 * ```
 */
export function cholesky(a: tf.Tensor): tf.Tensor {
  if (a.rank < 2 || a.shape[a.rank - 1] !== a.shape[a.rank - 2] || a.shape[a.rank - 1] === 0) {
    throw new ShapeError("cholesky", `expected square matrices [..., n, n] with n ≥ 1, got ${formatShape(a.shape)}`);
  }
  return tf.tidy(() => choleskyOp(a.dtype === "float32" ? a : tf.cast(a, "float32")));
}

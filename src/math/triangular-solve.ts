/**
 * Batched triangular solves as a float32 tfjs op with its gradient (tfjs has none).
 *
 * The solve runs by substitution in float64 JavaScript on the tensors' data (one read-back per
 * call) and rounds the result to float32 once; the gradient does the same. On the cpu and wasm
 * backends the read-back is a copy of memory the backend already holds.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../errors.js";
import { customOp } from "./custom-op.js";
import { broadcastShapes, formatShape, sizeOf } from "./shape.js";

/** Options of {@link triangularSolve}. */
export interface TriangularSolveOptions {
  /** Whether the matrix is lower triangular (default `true`); only that triangle is read. */
  lower?: boolean;
  /** Solve with the transposed matrix, Lᵀ x = b, instead of L x = b (default `false`). */
  transpose?: boolean;
}

/**
 * @internal Solve op(T) x = b in float64 for one matrix and one right-hand side of k columns.
 *
 * `t` holds the n × n matrix at `tOff` (row-major); only its `lower` (or upper) triangle is read.
 * op(T) = Tᵀ when `transpose`. `b` (n × k at `bOff`) is read; `x` (n × k at `xOff`) is written.
 */
export function solveInto(
  t: ArrayLike<number>,
  tOff: number,
  n: number,
  b: ArrayLike<number>,
  bOff: number,
  k: number,
  lower: boolean,
  transpose: boolean,
  x: Float64Array,
  xOff: number,
): void {
  // op(T)[i][j] = T[j][i] when transposed; op(T) is lower triangular iff lower !== transpose.
  const at = transpose ? (i: number, j: number) => t[tOff + j * n + i]! : (i: number, j: number) => t[tOff + i * n + j]!;
  const forward = lower !== transpose;
  for (let c = 0; c < k; c++) {
    if (forward) {
      for (let i = 0; i < n; i++) {
        let s = b[bOff + i * k + c]!;
        for (let j = 0; j < i; j++) s -= at(i, j) * x[xOff + j * k + c]!;
        x[xOff + i * k + c] = s / at(i, i);
      }
    } else {
      for (let i = n - 1; i >= 0; i--) {
        let s = b[bOff + i * k + c]!;
        for (let j = i + 1; j < n; j++) s -= at(i, j) * x[xOff + j * k + c]!;
        x[xOff + i * k + c] = s / at(i, i);
      }
    }
  }
}

/**
 * @internal For each flat index of the broadcast batch shape `out`, the flat batch index of an
 * operand of batch shape `shape` (NumPy broadcasting, aligned on the right).
 */
export function broadcastIndex(out: readonly number[], shape: readonly number[]): Int32Array {
  const total = sizeOf(out);
  const idx = new Int32Array(total);
  const offset = out.length - shape.length;
  const strides = new Array<number>(shape.length).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = shape[i] === 1 ? 0 : s;
    s *= shape[i]!;
  }
  for (let f = 0; f < total; f++) {
    let rem = f;
    let src = 0;
    for (let d = out.length - 1; d >= 0; d--) {
      const size = out[d]!;
      const coord = rem % size;
      rem = Math.floor(rem / size);
      const sd = d - offset;
      if (sd >= 0) src += coord * strides[sd]!;
    }
    idx[f] = src;
  }
  return idx;
}

interface SolveShapes {
  n: number;
  k: number;
  batch: number[];
  lIdx: Int32Array;
  bIdx: Int32Array;
}

function solveShapes(l: tf.Tensor, b: tf.Tensor): SolveShapes {
  const where = "triangularSolve";
  if (l.rank < 2 || l.shape[l.rank - 1] !== l.shape[l.rank - 2]) {
    throw new ShapeError(where, `the matrix must have shape [..., n, n], got ${formatShape(l.shape)}`);
  }
  const n = l.shape[l.rank - 1]!;
  if (b.rank < 2 || b.shape[b.rank - 2] !== n) {
    throw new ShapeError(
      where,
      `the right-hand side must have shape [..., ${n}, k] to match the matrix ${formatShape(l.shape)}, got ${formatShape(b.shape)}`,
    );
  }
  const k = b.shape[b.rank - 1]!;
  const lb = l.shape.slice(0, -2);
  const bb = b.shape.slice(0, -2);
  const batch = broadcastShapes(where, lb, bb);
  return { n, k, batch, lIdx: broadcastIndex(batch, lb), bIdx: broadcastIndex(batch, bb) };
}

/** x = op(L)⁻¹ b for every broadcast batch element, in float64. */
function solveAll(lData: ArrayLike<number>, bData: ArrayLike<number>, s: SolveShapes, lower: boolean, transpose: boolean): Float64Array {
  const { n, k, lIdx, bIdx } = s;
  const x = new Float64Array(lIdx.length * n * k);
  for (let f = 0; f < lIdx.length; f++) {
    solveInto(lData, lIdx[f]! * n * n, n, bData, bIdx[f]! * n * k, k, lower, transpose, x, f * n * k);
  }
  return x;
}

function makeSolve(lower: boolean, transpose: boolean): (l: tf.Tensor, b: tf.Tensor) => tf.Tensor {
  return customOp(([l, b], save) => {
    const s = solveShapes(l!, b!);
    save([l!, b!]);
    const x = solveAll(l!.dataSync(), b!.dataSync(), s, lower, transpose);
    return {
      value: tf.tensor(Float32Array.from(x), [...s.batch, s.n, s.k], "float32"),
      gradFunc: (dy, saved) => {
        const [sl, sb] = saved as [tf.Tensor, tf.Tensor];
        const { n, k, lIdx, bIdx } = s;
        const lData = sl.dataSync();
        const xs = solveAll(lData, sb.dataSync(), s, lower, transpose);
        const dyData = dy.dataSync();
        // op(L) x = b ⇒ dx = op(L)⁻¹ (db − d op(L) x), so b̄ = op(L)⁻ᵀ x̄ and
        // op(L)‾ = −b̄ xᵀ, i.e. L̄ = −b̄ xᵀ (or −x b̄ᵀ when transposed), kept on the triangle read.
        // Broadcast batch elements are summed into each operand's own shape, in float64.
        const gl = new Float64Array(sl.size);
        const gb = new Float64Array(sb.size);
        const bbar = new Float64Array(n * k);
        for (let f = 0; f < lIdx.length; f++) {
          solveInto(lData, lIdx[f]! * n * n, n, dyData, f * n * k, k, lower, !transpose, bbar, 0);
          const bo = bIdx[f]! * n * k;
          for (let i = 0; i < n * k; i++) gb[bo + i]! += bbar[i]!;
          const lo = lIdx[f]! * n * n;
          const xo = f * n * k;
          for (let i = 0; i < n; i++) {
            for (let j = lower ? 0 : i; j < (lower ? i + 1 : n); j++) {
              let acc = 0;
              if (transpose) for (let c = 0; c < k; c++) acc += xs[xo + i * k + c]! * bbar[j * k + c]!;
              else for (let c = 0; c < k; c++) acc += bbar[i * k + c]! * xs[xo + j * k + c]!;
              gl[lo + i * n + j]! -= acc;
            }
          }
        }
        return [tf.tensor(Float32Array.from(gl), sl.shape, "float32"), tf.tensor(Float32Array.from(gb), sb.shape, "float32")];
      },
    };
  }) as (l: tf.Tensor, b: tf.Tensor) => tf.Tensor;
}

const solvers = {
  lowerPlain: makeSolve(true, false),
  lowerTransposed: makeSolve(true, true),
  upperPlain: makeSolve(false, false),
  upperTransposed: makeSolve(false, true),
};

/**
 * Solve L x = b (or Lᵀ x = b) for triangular L, batched, with gradients for L and b.
 *
 * `l` has shape `[..., n, n]` and `b` shape `[..., n, k]`; their batch dimensions broadcast,
 * and x has shape `broadcast ++ [n, k]`. Only the triangle named by `lower` is read (the
 * other entries are ignored and get a zero gradient).
 *
 * Method: forward or back substitution in float64 on the float32 data, one rounding to float32
 * at the end. Gradient (from op(L) x = b): b̄ = op(L)⁻ᵀ x̄ and L̄ = −b̄ xᵀ (−x b̄ᵀ when
 * `transpose`), restricted to the triangle, summed over broadcast dimensions; also computed in
 * float64. A zero on the diagonal gives ±∞ or NaN, as division by zero does.
 *
 * Accuracy (cpu backend, n ≤ 8, against a float64 solve of the same float32 inputs): the value
 * and both gradients are within ½ ulp of the float64 result plus n·κ·2⁻⁵² relative, κ the
 * condition number of L — float32 output rounding dominates.
 *
 * @param l - triangular matrices `[..., n, n]`
 * @param b - right-hand sides `[..., n, k]`
 * @param options - `lower` (default true) and `transpose` (default false)
 * @throws ShapeError when the shapes do not fit
 * @example
 * ```ts
 * const L = tf.tensor2d([[2, 0], [1, 1]]);
 * triangularSolve(L, tf.tensor2d([[2], [3]]));                      // [[1], [2]]
 * triangularSolve(L, tf.tensor2d([[2], [3]]), { transpose: true }); // Lᵀ x = b: [[-0.5], [3]]
 * ```
 */
export function triangularSolve(l: tf.Tensor, b: tf.Tensor, options: TriangularSolveOptions = {}): tf.Tensor {
  const lower = options.lower ?? true;
  const transpose = options.transpose ?? false;
  const op = lower
    ? transpose
      ? solvers.lowerTransposed
      : solvers.lowerPlain
    : transpose
      ? solvers.upperTransposed
      : solvers.upperPlain;
  return tf.tidy(() => op(l.dtype === "float32" ? l : tf.cast(l, "float32"), b.dtype === "float32" ? b : tf.cast(b, "float32")));
}

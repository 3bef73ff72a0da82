/**
 * Small differentiable matrix helpers used by the multivariate distributions and their KL rules.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { broadcastShapes, shapesEqual } from "./shape.js";

/**
 * The diagonal of each matrix: `[..., n, n]` → `[..., n]` (a masked sum, so it has a gradient).
 *
 * @example
 * ```ts
 * diagPart(tf.tensor2d([[1, 2], [3, 4]])); // [1, 4]
 * ```
 */
export function diagPart(m: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sum(tf.mul(m, tf.eye(m.shape[m.rank - 1]!)), -1));
}

/**
 * Diagonal matrices from vectors: `[..., n]` → `[..., n, n]`.
 *
 * @example
 * ```ts
 * matrixDiag(tf.tensor([1, 2])); // [[1, 0], [0, 2]]
 * ```
 */
export function matrixDiag(v: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.eye(v.shape[v.rank - 1]!), tf.expandDims(v, -1)));
}

/**
 * Swap the last two axes (the matrix transpose of each batch element).
 *
 * @example
 * ```ts
 * transposeLast(tf.ones([5, 2, 3])).shape; // [5, 3, 2]
 * ```
 */
export function transposeLast(x: tf.Tensor): tf.Tensor {
  const perm = x.shape.map((_, i) => i);
  perm[x.rank - 2] = x.rank - 1;
  perm[x.rank - 1] = x.rank - 2;
  return tf.transpose(x, perm);
}

/**
 * Batched matrix product whose batch dimensions broadcast, with a correct gradient: both
 * operands are first broadcast to the joint batch shape (tfjs's own matMul gradient does not
 * sum over broadcast batch dimensions).
 *
 * @example
 * ```ts
 * matMulBroadcast(tf.ones([4, 2, 3]), tf.ones([3, 5])).shape; // [4, 2, 5]
 * ```
 */
export function matMulBroadcast(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
  return tf.tidy(() => {
    const batch = broadcastShapes("matMul", a.shape.slice(0, -2), b.shape.slice(0, -2));
    const grow = (x: tf.Tensor) => {
      const shape = [...batch, ...x.shape.slice(-2)];
      return shapesEqual(x.shape, shape) ? x : tf.broadcastTo(x, shape);
    };
    return tf.matMul(grow(a), grow(b), transposeA, transposeB);
  });
}

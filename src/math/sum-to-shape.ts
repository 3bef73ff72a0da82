/**
 * Reduce a broadcast gradient back to an input's shape.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";

/**
 * Sum `g` over the axes along which an input of `shape` was broadcast to `g.shape`, then
 * reshape to `shape` (no op when the shapes already agree): the gradient of a broadcast input.
 *
 * @example
 * ```ts
 * sumToShape(tf.ones([2, 3]), [3]); // [2, 2, 2]
 * ```
 */
export function sumToShape(g: tf.Tensor, shape: readonly number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape as number[], g.shape);
  const summed = axes.length > 0 ? tf.sum(g, axes) : g;
  const same = summed.shape.length === shape.length && summed.shape.every((d, i) => d === shape[i]);
  return same ? summed : tf.reshape(summed, shape as number[]);
}

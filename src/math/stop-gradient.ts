/**
 * stopGradient: the identity in the forward pass, a zero gradient in the backward pass.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { customOp } from "./custom-op.js";

const stop = customOp(([x]) => ({
  value: tf.clone(x!),
  gradFunc: (dy) => [tf.zerosLike(dy)],
}));

/**
 * Return `x` unchanged, but let no gradient flow back through it (tfjs has no such op).
 *
 * Used for `sample` (draws without gradients) and for score-function terms, which must use
 * the stopped sample.
 *
 * @example
 * ```ts
 * tf.grad((x) => tf.mul(stopGradient(x), x))(tf.scalar(3)); // 3, not 6
 * ```
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return stop(x) as T;
}

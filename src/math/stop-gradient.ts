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

/**
 * Compute `fn()` off the gradient tape: the result has no gradient path to anything `fn` read.
 * Unlike {@link stopGradient} (which zeroes the gradient but keeps the ops before it on the
 * tape, so autodiff still walks through them), ops without a gradient (comparisons, casts of
 * booleans in a discrete sampler) may appear inside.
 *
 * @example
 * ```ts
 * const draw = detach(() => tf.cast(tf.less(u, probs), "float32")); // safe inside tf.grad
 * ```
 */
export function detach(fn: () => tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const anchor = tf.scalar(0);
    return customOp(([a]) => ({ value: fn(), gradFunc: () => [tf.zerosLike(a!)] }))(anchor);
  });
}

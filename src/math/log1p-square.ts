/**
 * log(1 + t²) as a float32 tfjs op with an analytic gradient, accurate for every t (the Cauchy
 * family's log-density).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { customOp } from "./custom-op.js";
import { log1p } from "./log1p.js";

// |t| ≤ 1: log1p(t²) (relative accuracy also for tiny t). |t| > 1: 2 log|t| + log1p(1/t²), so t² never
// overflows (the naive formula gives +∞ for |t| > 1.8e19). Gradient 2t/(1 + t²) written as
// 2/(t + 1/t): no overflow for large |t|, and 0 (not NaN) at t = 0 where 1/t = ±∞.
const log1pSquareOp = customOp(([t], save) => {
  save([t!]);
  const a = tf.abs(t!);
  const small = log1p(tf.square(a));
  const large = tf.add(tf.mul(2, tf.log(a)), log1p(tf.reciprocal(tf.square(a))));
  const value = tf.where(tf.lessEqual(a, 1), small, large);
  return {
    value,
    gradFunc: (dy, [s]) => [tf.mul(dy, tf.div(2, tf.add(s!, tf.reciprocal(s!))))],
  };
});

/**
 * log(1 + t²) elementwise; gradient 2t/(1 + t²).
 *
 * Accurate to a few float32 ulps relative for every finite t (no overflow of t², no loss for tiny t);
 * ±Infinity gives +Infinity, NaN gives NaN.
 *
 * @example
 * ```ts
 * log1pSquare(tf.tensor([0, 1, 1e30])); // [0, log 2, 138.155]
 * ```
 */
export function log1pSquare(t: tf.Tensor): tf.Tensor {
  return log1pSquareOp(t);
}

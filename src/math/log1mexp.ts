/**
 * log(1 − eᵗ) for t < 0, accurate at both ends, as a float32 tfjs op with gradient.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { customOp } from "./custom-op.js";
import { log1p } from "./log1p.js";

const LN2 = Math.LN2;

/**
 * log(1 − eᵗ), elementwise for t ≤ 0; gradient −1/expm1(−t).
 *
 * Mächler's (2012) two branches: log(−expm1(t)) for t > −log 2 (where 1 − eᵗ is small and expm1 is exact)
 * and log1p(−eᵗ) below (where eᵗ is small), each accurate to a few ulps; t = 0 gives −Infinity, t = −∞
 * gives 0. The accurate log1p of ./log1p.js is used (tfjs-backend-wasm's Log1p is log(1 + x)).
 *
 * @example
 * ```ts
 * log1mexp(tf.tensor([-1e-10, -50])); // [log(1e−10), −1.9e−22]
 * ```
 * @internal
 */
export function log1mexp(t: tf.Tensor): tf.Tensor {
  return customOp(([x], save) => {
    save([x!]);
    const near = tf.greater(x!, -LN2);
    const value = tf.where(near, tf.log(tf.neg(tf.expm1(x!))), log1p(tf.neg(tf.exp(x!))));
    return { value, gradFunc: (dy, [s]) => [tf.div(dy, tf.neg(tf.expm1(tf.neg(s!))))] };
  })(t);
}

/**
 * An accurate log(1 + x) for every tfjs backend.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";

/**
 * log(1 + x) to a few ulps on every backend: tfjs-backend-wasm 4.22 computes Log1p as log(1 + x), which
 * loses all relative accuracy for |x| ≲ 1e−4. With u = fl(1 + x), log1p(x) = log(u)·x/(u − 1) (u − 1 exact)
 * when u ≠ 1, and x when u = 1 (Kahan's formulation; see Goldberg 1991, Theorem 4); +∞ stays +∞.
 *
 * Its gradient is tfjs's autodiff of that formula only where `where` allows; use it on values
 * that need no gradient, or inside a custom-gradient op (as `softplus` and `xlog1py` do).
 *
 * @example
 * ```ts
 * log1p(tf.scalar(1e-10)); // 1e-10 (wasm's tf.log1p gives 0)
 * ```
 */
export function log1p(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const u = tf.add(x, 1);
    const d = tf.sub(u, 1);
    const one = tf.equal(d, 0);
    const ratio = tf.where(tf.logicalOr(one, tf.equal(u, Infinity)), tf.onesLike(d), tf.div(x, d));
    return tf.where(one, x, tf.mul(tf.log(u), ratio));
  });
}


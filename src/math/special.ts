/**
 * Numerically careful elementwise functions used by the log-densities and KL rules.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";

/** log(2π), used by Gaussian densities. */
export const LOG_2PI = Math.log(2 * Math.PI);

/**
 * softplus(x) = log(1 + eˣ), without overflow and accurate in both tails.
 *
 * tfjs's own `Softplus` kernel, which (measured on cpu and wasm, x from −1000 to 1000) agrees
 * with the float64 max(x, 0) + log1p(e^−|x|) to float32 rounding, including tiny values such
 * as softplus(−20) ≈ 2.06e−9, and whose gradient is sigmoid(x) (½ at 0). One kernel: about
 * half the cost of the composite formula on wasm.
 *
 * @example
 * ```ts
 * softplus(tf.tensor([-100, 0, 100])); // [~0, log 2, 100]
 * ```
 */
export function softplus(x: tf.Tensor): tf.Tensor {
  return tf.softplus(x);
}

/**
 * log σ(x) = −softplus(−x): the log-probability of a success given logits x.
 *
 * @example
 * ```ts
 * logSigmoid(tf.scalar(0)); // −log 2
 * ```
 */
export function logSigmoid(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.neg(softplus(tf.neg(x))));
}

/**
 * Sum over the last `n` axes (no-op for n = 0).
 *
 * @example
 * ```ts
 * sumRightmost(tf.ones([2, 3, 4]), 2); // shape [2], each 12
 * ```
 */
export function sumRightmost(x: tf.Tensor, n: number): tf.Tensor {
  if (n === 0) return x;
  const axes: number[] = [];
  for (let i = x.rank - n; i < x.rank; i++) axes.push(i);
  return tf.sum(x, axes);
}

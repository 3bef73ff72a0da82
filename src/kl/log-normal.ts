/**
 * KL(LogNormal ‖ LogNormal) and KL(HalfNormal ‖ HalfNormal) in closed form.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { HalfNormalDistribution } from "../distributions/half-normal.js";
import { LogNormalDistribution } from "../distributions/log-normal.js";
import { broadcastShapes } from "../math/shape.js";

/**
 * KL(LogNormal(μp, σp) ‖ LogNormal(μq, σq)) = KL(N(μp, σp²) ‖ N(μq, σq²))
 * = ½ (e^t − 1 − t) + ½ ((μp − μq)/σq)², t = 2 log(σp/σq).
 *
 * KL is invariant under the bijection x ↦ log x, so this is the Normal KL of the logs. Both terms
 * are non-negative term by term and KL(p ‖ p) is exactly 0 in float32 (expm1 form).
 *
 * @example
 * ```ts
 * klLogNormalLogNormal(LogNormal(0, 1), LogNormal(1, 2)); // 0.443
 * ```
 */
export function klLogNormalLogNormal(p: LogNormalDistribution, q: LogNormalDistribution): tf.Tensor {
  return tf.tidy(() => {
    const t = tf.mul(2, tf.sub(tf.log(p.scale), tf.log(q.scale)));
    const d = tf.div(tf.sub(p.loc, q.loc), q.scale);
    const out = tf.mul(0.5, tf.add(tf.sub(tf.expm1(t), t), tf.square(d)));
    return tf.broadcastTo(out, broadcastShapes("kl(LogNormal, LogNormal)", p.batchShape, q.batchShape));
  });
}

/**
 * KL(HalfNormal(σp) ‖ HalfNormal(σq)) = log(σq/σp) + σp²/(2σq²) − ½ = ½ (e^t − 1 − t),
 * t = 2 log(σp/σq).
 *
 * The same as KL between N(0, σp²) and N(0, σq²) (folding both at 0 leaves the log-ratio unchanged).
 * Non-negative term by term; exactly 0 in float32 when σp = σq.
 *
 * @example
 * ```ts
 * klHalfNormalHalfNormal(HalfNormal(1), HalfNormal(2)); // 0.3181
 * ```
 */
export function klHalfNormalHalfNormal(p: HalfNormalDistribution, q: HalfNormalDistribution): tf.Tensor {
  return tf.tidy(() => {
    const t = tf.mul(2, tf.sub(tf.log(p.scale), tf.log(q.scale)));
    const out = tf.mul(0.5, tf.sub(tf.expm1(t), t));
    return tf.broadcastTo(out, broadcastShapes("kl(HalfNormal, HalfNormal)", p.batchShape, q.batchShape));
  });
}

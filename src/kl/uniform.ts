/**
 * KL(Uniform ‖ Uniform) and KL(Uniform ‖ Normal) in closed form.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { NormalDistribution } from "../distributions/normal.js";
import { piecewiseConstant } from "../distributions/support-mask.js";
import { UniformDistribution } from "../distributions/uniform.js";
import { broadcastShapes } from "../math/shape.js";
import { LOG_2PI } from "../math/special.js";

/** (b − a)/2 as b/2 − a/2 (exact halving; no overflow). */
const halfWidth = (d: UniformDistribution): tf.Tensor => tf.sub(tf.mul(d.high, 0.5), tf.mul(d.low, 0.5));

/**
 * KL(U(ap, bp) ‖ U(aq, bq)) = log((bq − aq)/(bp − ap)) when [ap, bp] ⊆ [aq, bq], +∞ otherwise
 * (p puts mass where q has none).
 *
 * The containment test has gradient 0; the finite part has gradients ∓1/(b − a) in each bound.
 * KL(p ‖ p) is exactly 0.
 *
 * @example
 * ```ts
 * klUniformUniform(Uniform(0, 1), Uniform(-1, 1)); // log 2
 * klUniformUniform(Uniform(0, 2), Uniform(-1, 1)); // +∞
 * ```
 */
export function klUniformUniform(p: UniformDistribution, q: UniformDistribution): tf.Tensor {
  return tf.tidy(() => {
    const shape = broadcastShapes("kl(Uniform, Uniform)", p.batchShape, q.batchShape);
    const finite = tf.sub(tf.log(halfWidth(q)), tf.log(halfWidth(p)));
    const outside = piecewiseConstant(
      (ap, bp, aq, bq) =>
        tf.where(tf.logicalAnd(tf.lessEqual(aq, ap), tf.lessEqual(bp, bq)), tf.scalar(0), tf.scalar(Infinity)),
      p.low,
      p.high,
      q.low,
      q.high,
    );
    return tf.broadcastTo(tf.add(finite, outside), shape);
  });
}

/**
 * KL(U(a, b) ‖ N(μ, σ²)) = −log(b − a) + log σ + ½ log(2π) + ((b − a)²/12 + ((a + b)/2 − μ)²) / (2σ²)
 * (the cross-entropy of a normal under p uses only p's mean and variance).
 *
 * Never below ½ (1 + log(π/6)) ≈ 0.176 (the minimum over b − a at fixed σ), so no cancellation to 0.
 *
 * @example
 * ```ts
 * klUniformNormal(Uniform(-1, 1), Normal(0, 1)); // ½ log(2π) − log 2 + 1/6 ≈ 0.3925
 * ```
 */
export function klUniformNormal(p: UniformDistribution, q: NormalDistribution): tf.Tensor {
  return tf.tidy(() => {
    const h = halfWidth(p);
    const c = tf.add(tf.mul(p.low, 0.5), tf.mul(p.high, 0.5));
    const logs = tf.sub(tf.log(q.scale), tf.log(h));
    // (w²/12 + (c − μ)²)/(2σ²) with w = 2h: h²/(6σ²) + ½((c − μ)/σ)².
    const spread = tf.div(tf.square(tf.div(h, q.scale)), 6);
    const offset = tf.mul(0.5, tf.square(tf.div(tf.sub(c, q.loc), q.scale)));
    const out = tf.add(tf.add(logs, 0.5 * LOG_2PI - Math.LN2), tf.add(spread, offset));
    return tf.broadcastTo(out, broadcastShapes("kl(Uniform, Normal)", p.batchShape, q.batchShape));
  });
}

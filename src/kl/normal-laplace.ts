/**
 * KL(Normal ‖ Laplace) in closed form.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { LaplaceDistribution } from "../distributions/laplace.js";
import { NormalDistribution } from "../distributions/normal.js";
import { ndtr } from "../math/ndtri.js";
import { broadcastShapes } from "../math/shape.js";
import { LOG_2PI } from "../math/special.js";

/**
 * KL(N(μ, σ²) ‖ Laplace(m, b)) = log(2b/σ) − ½ log(2πe) + (σ/b)·(2φ(δ) + δ (1 − 2Φ(−δ))),
 * δ = (μ − m)/σ, φ and Φ the standard normal density and CDF.
 *
 * The bracket is E|Z + δ| for Z ~ N(0, 1) (the folded-normal mean), computed with the tail-accurate
 * `ndtr`. The KL is never below ½ + log(2/π) ≈ 0.048 (its minimum over b), so no cancellation to 0.
 *
 * @example
 * ```ts
 * klNormalLaplace(Normal(0, 1), Laplace(0, 1)); // log 2 − ½ log(2πe) + √(2/π) ≈ 0.0721
 * ```
 */
export function klNormalLaplace(p: NormalDistribution, q: LaplaceDistribution): tf.Tensor {
  return tf.tidy(() => {
    const delta = tf.div(tf.sub(p.loc, q.loc), p.scale);
    const twoPhi = tf.mul(tf.exp(tf.mul(-0.5, tf.square(delta))), 2 / Math.sqrt(2 * Math.PI));
    const foldedMean = tf.add(twoPhi, tf.mul(delta, tf.sub(1, tf.mul(2, ndtr(tf.neg(delta))))));
    const logs = tf.sub(tf.log(q.scale), tf.log(p.scale));
    const cross = tf.mul(tf.div(p.scale, q.scale), foldedMean);
    const out = tf.add(tf.add(logs, Math.LN2 - 0.5 * (LOG_2PI + 1)), cross);
    return tf.broadcastTo(out, broadcastShapes("kl(Normal, Laplace)", p.batchShape, q.batchShape));
  });
}

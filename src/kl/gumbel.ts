/**
 * KL(Gumbel ‖ Gumbel) in closed form.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { EULER_GAMMA, GumbelDistribution } from "../distributions/gumbel.js";
import { lgamma } from "../math/lgamma.js";
import { broadcastShapes } from "../math/shape.js";

/**
 * KL(Gumbel(μp, βp) ‖ Gumbel(μq, βq)) = −log r + γ (r − 1) + δ + e^{−δ} Γ(1 + r) − 1,
 * with r = βp/βq, δ = (μp − μq)/βq and γ the Euler–Mascheroni constant (from
 * E_p[e^{−(x − μq)/βq}] = e^{−δ} Γ(1 + r), the moment generating function of the Gumbel).
 *
 * Evaluated as (e^y − 1 − y) + (log Γ(r) + γ (r − 1)) with y = log Γ(1 + r) − δ: the first term is
 * ≥ 0, and so is the second (convex in r with its minimum 0 at r = 1), so KL(p ‖ p) is exactly 0
 * and the terms never cancel to a negative value beyond rounding.
 *
 * @example
 * ```ts
 * klGumbelGumbel(Gumbel(0, 1), Gumbel(1, 2)); // 0.3657
 * ```
 */
export function klGumbelGumbel(p: GumbelDistribution, q: GumbelDistribution): tf.Tensor {
  return tf.tidy(() => {
    const r = tf.div(p.scale, q.scale);
    const delta = tf.div(tf.sub(p.loc, q.loc), q.scale);
    const y = tf.sub(lgamma(tf.add(r, 1)), delta);
    const expTerm = tf.sub(tf.expm1(y), y);
    const scaleTerm = tf.add(lgamma(r), tf.mul(EULER_GAMMA, tf.sub(r, 1)));
    return tf.broadcastTo(tf.add(expTerm, scaleTerm), broadcastShapes("kl(Gumbel, Gumbel)", p.batchShape, q.batchShape));
  });
}

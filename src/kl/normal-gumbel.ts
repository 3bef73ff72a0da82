/**
 * KL(Normal ‖ Gumbel) in closed form.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { GumbelDistribution } from "../distributions/gumbel.js";
import { NormalDistribution } from "../distributions/normal.js";
import { broadcastShapes } from "../math/shape.js";
import { LOG_2PI } from "../math/special.js";

/**
 * KL(N(μ, σ²) ‖ Gumbel(m, β)) = −log r − ½ log(2πe) + δ + exp(−δ + r²/2), r = σ/β, δ = (μ − m)/β
 * (from E_p[e^{−(x − m)/β}] = e^{−δ + r²/2}, the normal moment generating function).
 *
 * Evaluated as (e^y − 1 − y) + (r²/2 − log r) + 1 − ½ log(2πe) with y = r²/2 − δ: the first two
 * terms are ≥ 0 and ≥ ½, so the KL is never below 1 − ½ log(2π) ≈ 0.081 and never cancels to 0.
 *
 * @example
 * ```ts
 * klNormalGumbel(Normal(0, 1), Gumbel(0, 1)); // e^½ − ½ log(2πe) ≈ 0.2298
 * ```
 */
export function klNormalGumbel(p: NormalDistribution, q: GumbelDistribution): tf.Tensor {
  return tf.tidy(() => {
    const r = tf.div(p.scale, q.scale);
    const delta = tf.div(tf.sub(p.loc, q.loc), q.scale);
    const halfR2 = tf.mul(0.5, tf.square(r));
    const y = tf.sub(halfR2, delta);
    const expTerm = tf.sub(tf.expm1(y), y);
    const scaleTerm = tf.sub(halfR2, tf.log(r));
    const out = tf.add(tf.add(expTerm, scaleTerm), 1 - 0.5 * (LOG_2PI + 1));
    return tf.broadcastTo(out, broadcastShapes("kl(Normal, Gumbel)", p.batchShape, q.batchShape));
  });
}

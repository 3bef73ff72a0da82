/**
 * KL(Laplace ‖ Laplace) in closed form.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { LaplaceDistribution } from "../distributions/laplace.js";
import { broadcastShapes } from "../math/shape.js";

/**
 * KL(Laplace(μp, bp) ‖ Laplace(μq, bq)) = log(bq/bp) + d/bq + (bp/bq)·e^{−d/bp} − 1, d = |μp − μq|
 * (from E_p|x − μq| = d + bp e^{−d/bp}).
 *
 * Evaluated as (e^ρ − 1 − ρ) + r (a + e^{−a} − 1) with ρ = log(bp/bq), r = bp/bq, a = d/bp: two
 * non-negative terms, each written with expm1, so KL(p ‖ p) is exactly 0 and no term is negative
 * beyond rounding. Relative accuracy degrades like eps/a for tiny a (the second term is ≈ r a²/2).
 *
 * @example
 * ```ts
 * klLaplaceLaplace(Laplace(0, 1), Laplace(1, 2)); // log 2 − ½ + ½e⁻¹ ≈ 0.3771
 * ```
 */
export function klLaplaceLaplace(p: LaplaceDistribution, q: LaplaceDistribution): tf.Tensor {
  return tf.tidy(() => {
    const rho = tf.sub(tf.log(p.scale), tf.log(q.scale));
    const r = tf.div(p.scale, q.scale);
    const a = tf.div(tf.abs(tf.sub(p.loc, q.loc)), p.scale);
    const scaleTerm = tf.sub(tf.expm1(rho), rho);
    const locTerm = tf.mul(r, tf.add(a, tf.expm1(tf.neg(a))));
    return tf.broadcastTo(tf.add(scaleTerm, locTerm), broadcastShapes("kl(Laplace, Laplace)", p.batchShape, q.batchShape));
  });
}

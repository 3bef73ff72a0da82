/**
 * KL(ContinuousBernoulli ‖ ContinuousBernoulli) in closed form.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { cbLogHalfNormalizer, cbMean, type ContinuousBernoulliDistribution } from "../distributions/continuous-bernoulli.js";
import { branchMask, log1pDiff } from "../math/piecewise.js";
import { softplus } from "../math/special.js";
import { broadcastShapes } from "../math/shape.js";

/**
 * KL(CB(ηp) ‖ CB(ηq)) = [log C(ηp) − log C(ηq)] + (ηp − ηq)·E_p[X] + [log(1 − λp) − log(1 − λq)], with η the
 * logits, λ = σ(η), C the normalizing constant and E_p[X] p's mean (both exponential-family members with
 * sufficient statistic x).
 *
 * Each bracket vanishes exactly when ηp = ηq, so KL(p ‖ p) is exactly 0; log C − log 2 and the mean use their
 * Taylor series near η = 0 (where the closed forms are 0/0), and the last bracket is log1p(σ(ηp)·expm1(ηq − ηp))
 * for |ηq − ηp| ≤ 1, so nearby pairs do not lose the result to the rounding of log 2-sized terms.
 *
 * @example
 * ```ts
 * klContinuousBernoulliContinuousBernoulli(ContinuousBernoulli({ logits: 2 }), ContinuousBernoulli({ logits: 0 }));
 * ```
 */
export function klContinuousBernoulliContinuousBernoulli(
  p: ContinuousBernoulliDistribution,
  q: ContinuousBernoulliDistribution,
): tf.Tensor {
  return tf.tidy(() => {
    const shape = broadcastShapes("kl(ContinuousBernoulli, ContinuousBernoulli)", p.batchShape, q.batchShape);
    const ep = p.eta();
    const eq = q.eta();
    const normalizers = tf.sub(cbLogHalfNormalizer(ep), cbLogHalfNormalizer(eq));
    const linear = tf.mul(tf.sub(ep, eq), cbMean(ep));
    // log(1 − λp) − log(1 − λq) = softplus(ηq) − softplus(ηp) = log1p(σ(ηp)·expm1(ηq − ηp)): no cancellation for
    // |ηq − ηp| ≤ 1; beyond, the plain difference (which then does not cancel, and expm1 could overflow).
    const gap = tf.sub(eq, ep);
    const near = branchMask(gap, (g) => tf.lessEqual(tf.abs(g), 1));
    const gn = tf.where(near, gap, tf.zerosLike(gap));
    const nearBases = log1pDiff(tf.mul(tf.sigmoid(ep), tf.expm1(gn)));
    const farBases = tf.sub(softplus(tf.where(near, ep, eq)), softplus(ep));
    const bases = tf.where(near, nearBases, farBases);
    return tf.broadcastTo(tf.add(tf.add(normalizers, linear), bases), shape);
  });
}

/**
 * KL(Bernoulli ‖ Bernoulli) in closed form.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { BernoulliDistribution } from "../distributions/bernoulli.js";
import { broadcastShapes } from "../math/shape.js";
import { softplus } from "../math/special.js";

// a · log b with 0 · log 0 = 0 and a finite gradient at a = 0 (b replaced by 1 where a = 0).
function weightedLog(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const shape = broadcastShapes("kl(Bernoulli, Bernoulli)", a.shape, b.shape);
  const bb = tf.broadcastTo(b, shape);
  return tf.mul(a, tf.log(tf.where(tf.equal(tf.broadcastTo(a, shape), 0), tf.onesLike(bb), bb)));
}

/**
 * KL(Bern(p) ‖ Bern(q)) = p log(p/q) + (1 − p) log((1 − p)/(1 − q)).
 *
 * With logits ℓp, ℓq this is softplus(ℓq) − softplus(ℓp) + p (ℓp − ℓq), exactly 0 when
 * ℓp = ℓq and exact in the tails; with a probability of exactly 0 or 1 the probability form
 * (with 0 log 0 = 0) is used instead, giving +∞ where p puts mass that q does not.
 *
 * @example
 * ```ts
 * klBernoulliBernoulli(Bernoulli({ probs: 0.5 }), Bernoulli({ probs: 0.25 })); // 0.1438
 * ```
 */
export function klBernoulliBernoulli(p: BernoulliDistribution, q: BernoulliDistribution): tf.Tensor {
  return tf.tidy(() => {
    const shape = broadcastShapes("kl(Bernoulli, Bernoulli)", p.batchShape, q.batchShape);
    const byLogits = "logits" in p.argConstraints && "logits" in q.argConstraints;
    if (byLogits) {
      const lp = p.logits;
      const lq = q.logits;
      const out = tf.add(tf.sub(softplus(lq), softplus(lp)), tf.mul(tf.sigmoid(lp), tf.sub(lp, lq)));
      return tf.broadcastTo(out, shape);
    }
    const pp = p.probs;
    const qq = q.probs;
    const np = tf.sub(1, pp);
    const nq = tf.sub(1, qq);
    const out = tf.add(
      tf.sub(weightedLog(pp, pp), weightedLog(pp, qq)),
      tf.sub(weightedLog(np, np), weightedLog(np, nq)),
    );
    return tf.broadcastTo(out, shape);
  });
}

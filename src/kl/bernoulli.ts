/**
 * KL(Bernoulli ‖ Bernoulli) in closed form.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { BernoulliDistribution } from "../distributions/bernoulli.js";
import { broadcastShapes } from "../math/shape.js";
import { softplus } from "../math/special.js";
import { xlogy } from "../math/xlogy.js";


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
      tf.sub(xlogy(pp, pp), xlogy(pp, qq)),
      tf.sub(xlogy(np, np), xlogy(np, nq)),
    );
    return tf.broadcastTo(out, shape);
  });
}

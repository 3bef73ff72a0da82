/**
 * KL(Binomial ‖ Binomial) in closed form, for equal numbers of trials.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { BinomialDistribution } from "../distributions/binomial.js";
import { KLNotFoundError } from "../errors.js";
import { broadcastShapes } from "../math/shape.js";
import { softplus } from "../math/special.js";
import { xlog1py, xlogy } from "../math/xlogy.js";

/**
 * KL(Bin(n, p) ‖ Bin(n, q)) = n [p log(p/q) + (1 − p) log((1 − p)/(1 − q))]: n times the Bernoulli KL.
 *
 * With logits on both sides, n [softplus(ℓq) − softplus(ℓp) + σ(ℓp)(ℓp − ℓq)] (exactly 0 when ℓp = ℓq, exact
 * in the tails); otherwise the probability form with 0·log 0 = 0 and log(1 − ·) from log1p, which gives +∞
 * where p puts mass on outcomes q cannot produce.
 *
 * @throws KLNotFoundError when the total counts differ anywhere (there is no closed form then; where
 *   p's total count exceeds q's the KL is +∞)
 * @example
 * ```ts
 * klBinomialBinomial(Binomial({ totalCount: 10, probs: 0.5 }), Binomial({ totalCount: 10, probs: 0.25 })); // 1.438
 * ```
 */
export function klBinomialBinomial(p: BinomialDistribution, q: BinomialDistribution): tf.Tensor {
  const where = "kl(Binomial, Binomial)";
  const shape = broadcastShapes(where, p.batchShape, q.batchShape);
  const [np, nq] = tf.tidy(() => [tf.broadcastTo(p.totalCount, shape), tf.broadcastTo(q.totalCount, shape)]);
  const a = np!.dataSync();
  const b = nq!.dataSync();
  np!.dispose();
  nq!.dispose();
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      throw new KLNotFoundError(
        where,
        `the total counts must be equal (the closed form needs the same n), got ${a[i]} and ${b[i]} at flat index ${i}; ` +
          `estimate the KL by Monte Carlo instead`,
      );
    }
  }
  return tf.tidy(() => {
    let perTrial: tf.Tensor;
    if ("logits" in p.params && "logits" in q.params) {
      const lp = p.params.logits;
      const lq = q.params.logits;
      perTrial = tf.add(tf.sub(softplus(lq), softplus(lp)), tf.mul(tf.sigmoid(lp), tf.sub(lp, lq)));
    } else {
      const pp = "logits" in p.params ? tf.sigmoid(p.params.logits) : p.params.probs;
      const qq = "logits" in q.params ? tf.sigmoid(q.params.logits) : q.params.probs;
      const np1 = tf.sub(1, pp);
      perTrial = tf.add(
        tf.sub(xlogy(pp, pp), xlogy(pp, qq)),
        tf.sub(xlog1py(np1, tf.neg(pp)), xlog1py(np1, tf.neg(qq))),
      );
    }
    // n = 0 gives 0 (also where the per-trial KL is +∞: the n-fold product of point masses is one point).
    const out = tf.where(tf.equal(p.totalCount, 0), tf.zerosLike(perTrial), tf.mul(p.totalCount, perTrial));
    return tf.broadcastTo(out, shape);
  });
}

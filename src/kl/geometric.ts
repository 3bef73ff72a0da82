/**
 * KL(Geometric ‖ Geometric) in closed form.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { GeometricDistribution } from "../distributions/geometric.js";
import { branchMask, log1pRatio } from "../math/piecewise.js";
import { broadcastShapes } from "../math/shape.js";
import { softplus } from "../math/special.js";
import { xlog1py, xlogy } from "../math/xlogy.js";

/** Beyond |Δ| = 1 (Δ = ℓq − ℓp) the softplus difference has no cancellation and is used directly. */
const GAP = 1;

/**
 * KL(Geom(p) ‖ Geom(q)) = log(p/q) + ((1 − p)/p) log((1 − p)/(1 − q)) = KL(Bern(p) ‖ Bern(q)) / p.
 *
 * With logits on both sides: softplus(−ℓq) − softplus(−ℓp) + σ(−ℓp)·E·g(σ(ℓp)·E), E = expm1(ℓq − ℓp),
 * g(t) = log1p(t)/t, used for |ℓq − ℓp| ≤ 1 and for ℓq < ℓp − 1 ≤ −1: it is exactly 0 when ℓp = ℓq, keeps its
 * relative accuracy as ℓq → ℓp, and never forms e^(−ℓp) (no overflow or 0·∞ for very negative ℓp); otherwise
 * (softplus(ℓq) − softplus(ℓp))·e^(−ℓp), whose difference does not cancel there. Otherwise the probability
 * form [p log(p/q) + (1 − p) log((1 − p)/(1 − q))]/p with 0·log 0 = 0 (+∞ where q = 1 > p).
 *
 * @example
 * ```ts
 * klGeometricGeometric(Geometric({ probs: 0.5 }), Geometric({ probs: 0.25 })); // 0.2877
 * ```
 */
export function klGeometricGeometric(p: GeometricDistribution, q: GeometricDistribution): tf.Tensor {
  return tf.tidy(() => {
    const shape = broadcastShapes("kl(Geometric, Geometric)", p.batchShape, q.batchShape);
    if ("logits" in p.params && "logits" in q.params) {
      const lp = p.params.logits;
      const lq = q.params.logits;
      const gap = tf.sub(lq, lp);
      // near: |Δ| ≤ 1, or Δ < −1 with ℓp ≤ 0 (then 1 + σ(ℓp)E ≥ ½, so g never sees 1 + t round to 0)
      const near = branchMask(gap, (g) =>
        tf.logicalAnd(tf.lessEqual(g, GAP), tf.logicalOr(tf.greaterEqual(g, -GAP), tf.lessEqual(lp, 0))),
      );
      const gn = tf.where(near, gap, tf.zerosLike(gap));
      const e = tf.expm1(gn);
      const s = tf.sigmoid(lp);
      const nearTerm = tf.mul(tf.mul(tf.sigmoid(tf.neg(lp)), e), log1pRatio(tf.mul(s, e)));
      const lpf = tf.where(near, tf.zerosLike(lp), lp);
      const lqf = tf.where(near, tf.zerosLike(lq), lq);
      const farTerm = tf.mul(tf.sub(softplus(lqf), softplus(lpf)), tf.exp(tf.neg(lpf)));
      const out = tf.add(tf.sub(softplus(tf.neg(lq)), softplus(tf.neg(lp))), tf.where(near, nearTerm, farTerm));
      return tf.broadcastTo(out, shape);
    }
    const pp = "logits" in p.params ? tf.sigmoid(p.params.logits) : p.params.probs;
    const qq = "logits" in q.params ? tf.sigmoid(q.params.logits) : q.params.probs;
    const np1 = tf.sub(1, pp);
    const bern = tf.add(tf.sub(xlogy(pp, pp), xlogy(pp, qq)), tf.sub(xlog1py(np1, tf.neg(pp)), xlog1py(np1, tf.neg(qq))));
    return tf.broadcastTo(tf.div(bern, pp), shape);
  });
}

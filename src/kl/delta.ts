/**
 * KL(Delta ‖ any distribution), Pyro's convention.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { DeltaDistribution } from "../distributions/delta.js";
import type { Distribution } from "../distributions/distribution.js";
import { KLNotFoundError } from "../errors.js";
import { broadcastShapes, formatShape, shapesEqual } from "../math/shape.js";

/**
 * KL(Delta(v) ‖ q) = −q.logProb(v), for any q with the same event shape.
 *
 * This is Pyro's convention: the point mass is treated as having zero entropy, and its
 * `logDensity` is ignored, so the result is the cross-entropy −log q(v). With a Delta guide the
 * ELBO's KL term is then −log prior(v) — MAP estimation. It is +∞ where q has no density at v.
 * Gradients flow to v and to q's parameters.
 *
 * @throws {@link KLNotFoundError} when the event shapes differ
 * @example
 * ```ts
 * klDeltaAny(Delta(0), Normal(0, 1)); // ½ log(2π) ≈ 0.919
 * ```
 */
export function klDeltaAny(p: DeltaDistribution, q: Distribution): tf.Tensor {
  if (!shapesEqual(p.eventShape, q.eventShape)) {
    throw new KLNotFoundError(
      "kl",
      `(Delta, ${q.name}) needs equal event shapes, got ${formatShape(p.eventShape)} and ${formatShape(q.eventShape)}`,
    );
  }
  return tf.tidy(() => {
    const shape = broadcastShapes(`kl(Delta, ${q.name})`, p.batchShape, q.batchShape);
    const v = tf.broadcastTo(p.v, p.shape());
    const out = tf.neg(q.logProb(v));
    return shapesEqual(out.shape, shape) ? out : tf.broadcastTo(out, shape);
  });
}

/**
 * KL(Normal ‖ Normal) in closed form.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { NormalDistribution } from "../distributions/normal.js";
import { broadcastShapes, shapesEqual } from "../math/shape.js";
import { klNormal } from "../math/normal-density.js";

/**
 * KL(N(μp, σp²) ‖ N(μq, σq²)) = ½ (e^t − 1 − t) + ½ ((μp − μq)/σq)², with t = 2 log(σp/σq).
 *
 * Written with `expm1` so that the first term cancels well near σp = σq: KL(p ‖ p) is exactly
 * 0 in float32, and both terms are non-negative term by term (e^t − 1 − t ≥ 0).
 *
 * @example
 * ```ts
 * klNormalNormal(new NormalDistribution(tf.scalar(0), tf.scalar(1)),
 *                new NormalDistribution(tf.scalar(1), tf.scalar(2))); // 0.443
 * ```
 */
export function klNormalNormal(p: NormalDistribution, q: NormalDistribution): tf.Tensor {
  return tf.tidy(() => {
    const out = klNormal(p.loc, p.scale, q.loc, q.scale);
    const shape = broadcastShapes("kl(Normal, Normal)", p.batchShape, q.batchShape);
    return shapesEqual(out.shape, shape) ? out : tf.broadcastTo(out, shape);
  });
}

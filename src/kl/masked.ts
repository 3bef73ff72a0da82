/**
 * KL between two masked distributions.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { applyMask, type MaskedDistribution } from "../distributions/masked.js";
import { broadcastShapes } from "../math/shape.js";
import { kl } from "./registry.js";

/**
 * KL(p.mask(a) ‖ q.mask(b)) = KL(p ‖ q) where both masks are true, 0 elsewhere (Pyro's rule:
 * a masked-out entry contributes nothing to the objective).
 *
 * @example
 * ```ts
 * klMasked(Normal(m, s).mask(obs), Normal(0, 1).mask(obs)); // 0 where obs is false
 * ```
 */
export function klMasked(p: MaskedDistribution, q: MaskedDistribution): tf.Tensor {
  return tf.tidy(() => {
    const shape = broadcastShapes(`kl(${p.name}, ${q.name})`, p.batchShape, q.batchShape);
    const k = tf.broadcastTo(kl(p.base, q.base), shape);
    return applyMask(applyMask(k, p.maskValue, "kl"), q.maskValue, "kl");
  });
}

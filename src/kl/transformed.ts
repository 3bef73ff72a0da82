/**
 * KL between two distributions pushed through the same bijection.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { TransformedDistribution } from "../distributions/transformed.js";
import { domainEventRank, sameTransform } from "../distributions/transforms.js";
import { KLNotFoundError } from "../errors.js";
import { shapesEqual } from "../math/shape.js";
import { sumRightmost } from "../math/special.js";
import { kl } from "./registry.js";

/**
 * Whether p and q apply the same transforms (pairwise {@link sameTransform}) to bases with the
 * same event shape, so that KL(p ‖ q) = KL(p.base ‖ q.base).
 *
 * @example
 * ```ts
 * sameTransforms(Transformed(Normal(0, 1), expTransform), Transformed(Normal(1, 2), expTransform)); // true
 * ```
 */
export function sameTransforms(p: TransformedDistribution, q: TransformedDistribution): boolean {
  return (
    p.transforms.length === q.transforms.length &&
    p.transforms.every((t, i) => sameTransform(t, q.transforms[i]!)) &&
    shapesEqual(p.base.eventShape, q.base.eventShape)
  );
}

/**
 * KL(T#p ‖ T#q) = KL(p ‖ q) for one bijection T: the Jacobian factors of the two densities
 * cancel in the log-ratio. Base batch dimensions that T reads as event dimensions are summed.
 *
 * @throws KLNotFoundError when the transforms differ (no closed form is known then)
 * @example
 * ```ts
 * klTransformed(Transformed(Normal(0, 1), expTransform), Transformed(Normal(1, 2), expTransform)); // = kl(Normal(0,1), Normal(1,2))
 * ```
 */
export function klTransformed(p: TransformedDistribution, q: TransformedDistribution): tf.Tensor {
  if (!sameTransforms(p, q)) {
    throw new KLNotFoundError(
      "kl",
      `${p.name} and ${q.name} apply different transforms (${p.transform.name} vs ${q.transform.name}); ` +
        `a closed form exists only for the same transforms`,
    );
  }
  const absorbed = Math.max(domainEventRank(p.transform) - p.base.eventShape.length, 0);
  return tf.tidy(() => sumRightmost(kl(p.base, q.base), absorbed));
}

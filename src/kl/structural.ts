/**
 * Structural KL rules: Independent ‖ Independent and Expanded on either side.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Distribution } from "../distributions/distribution.js";
import { ExpandedDistribution } from "../distributions/expanded.js";
import { IndependentDistribution } from "../distributions/independent.js";
import { KLNotFoundError } from "../errors.js";
import { broadcastShapes, formatShape, shapesEqual } from "../math/shape.js";
import { sumRightmost } from "../math/special.js";
import { kl } from "./registry.js";

/**
 * KL(Independent(p, n) ‖ Independent(q, n)) = Σ over the n reinterpreted dimensions of
 * KL(p ‖ q), valid because both factorize over those dimensions.
 *
 * @example
 * ```ts
 * klIndependent(Normal(m, s).toEvent(1), Normal(0, 1).expand([B, 20]).toEvent(1)); // shape [B]
 * ```
 */
export function klIndependent(p: IndependentDistribution, q: IndependentDistribution): tf.Tensor {
  if (p.reinterpreted !== q.reinterpreted || !shapesEqual(p.eventShape, q.eventShape)) {
    throw new KLNotFoundError(
      "kl",
      `Independent distributions differ in event structure: ${p.name} has event shape ` +
        `${formatShape(p.eventShape)} (${p.reinterpreted} reinterpreted), ${q.name} has ` +
        `${formatShape(q.eventShape)} (${q.reinterpreted} reinterpreted)`,
    );
  }
  return tf.tidy(() => sumRightmost(kl(p.base, q.base), p.reinterpreted));
}

function klExpanded(p: Distribution, q: Distribution): tf.Tensor {
  return tf.tidy(() => {
    const pb = p instanceof ExpandedDistribution ? p.base : p;
    const qb = q instanceof ExpandedDistribution ? q.base : q;
    return tf.broadcastTo(kl(pb, qb), broadcastShapes("kl", p.batchShape, q.batchShape));
  });
}

/**
 * KL with an expanded distribution on either side: the KL of the bases, broadcast to the
 * expanded batch shape (each new slot is an independent copy).
 *
 * @example
 * ```ts
 * klExpandedLeft(new ExpandedDistribution(p, [5]), q); // shape [5]
 * ```
 */
export const klExpandedLeft = (p: ExpandedDistribution, q: Distribution): tf.Tensor => klExpanded(p, q);

/**
 * KL(p ‖ Expanded(q)): see {@link klExpandedLeft}.
 *
 * @example
 * ```ts
 * klExpandedRight(p, new ExpandedDistribution(q, [5])); // shape [5]
 * ```
 */
export const klExpandedRight = (p: Distribution, q: ExpandedDistribution): tf.Tensor => klExpanded(p, q);

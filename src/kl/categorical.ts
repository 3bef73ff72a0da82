/**
 * KL(Categorical ‖ Categorical) and KL(OneHotCategorical ‖ OneHotCategorical) in closed form.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { CategoricalDistribution } from "../distributions/categorical.js";
import type { OneHotCategoricalDistribution } from "../distributions/one-hot-categorical.js";
import { ShapeError } from "../errors.js";
import { broadcastShapes } from "../math/shape.js";

/**
 * KL(Cat(p) ‖ Cat(q)) = Σₖ pₖ (log pₖ − log qₖ), with 0·log 0 = 0: +∞ where q gives 0 to a class p does not.
 *
 * Summed term by term (pₖ log pₖ − pₖ log qₖ, each from the parameterization given: exact log-probabilities
 * from logits, xlogy from probs), so KL(p ‖ p) is exactly 0 and a small KL keeps its relative accuracy.
 *
 * @throws ShapeError when p and q have different numbers of categories
 * @example
 * ```ts
 * klCategoricalCategorical(Categorical({ probs: [0.5, 0.5] }), Categorical({ probs: [0.25, 0.75] })); // 0.1438
 * ```
 */
export function klCategoricalCategorical(p: CategoricalDistribution, q: CategoricalDistribution): tf.Tensor {
  if (p.numCategories !== q.numCategories) {
    throw new ShapeError(
      "kl(Categorical, Categorical)",
      `p has ${p.numCategories} categories and q has ${q.numCategories}; they must match`,
    );
  }
  return tf.tidy(() => {
    const shape = broadcastShapes("kl(Categorical, Categorical)", p.batchShape, q.batchShape);
    const w = p.probsRaw();
    const terms = tf.sub(p.weightedLogProbTerms(w), q.weightedLogProbTerms(w));
    return tf.broadcastTo(tf.sum(terms, -1), shape);
  });
}

/**
 * KL(OneHotCat(p) ‖ OneHotCat(q)) = Σₖ pₖ (log pₖ − log qₖ): the KL of the two index distributions.
 *
 * @throws ShapeError when p and q have different numbers of categories
 * @example
 * ```ts
 * klOneHotCategoricalOneHotCategorical(OneHotCategorical({ logits: [0, 0] }), OneHotCategorical({ logits: [0, 1] }));
 * ```
 */
export function klOneHotCategoricalOneHotCategorical(
  p: OneHotCategoricalDistribution,
  q: OneHotCategoricalDistribution,
): tf.Tensor {
  return klCategoricalCategorical(p.categorical, q.categorical);
}

/**
 * The one-hot Categorical distribution: a K-class choice encoded as a one-hot vector.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Seed } from "../math/rng.js";
import { ShapeError } from "../errors.js";
import { broadcastShapes, expandShape, formatShape } from "../math/shape.js";
import { CategoricalDistribution, type CategoricalParams, indicators } from "./categorical.js";
import { type Constraint, simplex } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { probsOrLogits, type ProbsOrLogits } from "./probs-logits.js";

/** The one-hot vectors of length K (tag "simplex": each is a vertex of the simplex). */
function oneHotVectors(k: number): Constraint<"simplex"> {
  return {
    tag: "simplex",
    description: `a one-hot vector of length ${k}`,
    eventRank: 1,
    check: (x) =>
      tf.tidy(() => {
        const binary = tf.all(tf.logicalOr(tf.equal(x, 0), tf.equal(x, 1)), -1);
        const right = x.shape[x.rank - 1] === k ? tf.equal(tf.sum(x, -1), 1) : tf.zeros(x.shape.slice(0, -1), "bool");
        return tf.logicalAnd(binary, right);
      }),
  };
}

/**
 * OneHotCategorical(p): mass P(x = eₖ) = pₖ on the K one-hot vectors eₖ (event shape [K]).
 *
 * - parameters: `probs` p ∈ simplex or `logits` ℓ ∈ ℝᴷ along the last axis (as {@link Categorical});
 *   batch shape = the parameter's shape without its last axis
 * - support: the one-hot vectors of length K; log p(x) = Σₖ xₖ log pₖ
 * - mean p, variance p(1 − p) (elementwise), entropy −Σₖ pₖ log pₖ
 * - not reparameterized (`hasRsample` is false); see {@link RelaxedOneHotCategorical} for a relaxation
 *
 * @example
 * ```ts
 * const d = new OneHotCategoricalDistribution({ probs: tf.tensor([0.2, 0.8]) });
 * d.sample([3]).shape;           // [3, 2]
 * d.logProb(tf.tensor([0, 1]));  // log 0.8
 * ```
 */
export class OneHotCategoricalDistribution extends Distribution<"simplex"> {
  readonly name = "OneHotCategorical";
  readonly batchShape: number[];
  readonly eventShape: number[];
  readonly support: Constraint<"simplex">;
  readonly argConstraints: Readonly<Record<string, Constraint>>;
  readonly hasRsample = false;
  /** The Categorical over class indices with the same parameters and batch shape. */
  readonly categorical: CategoricalDistribution;

  /**
   * @param params - exactly one of `probs` (on the simplex) or `logits`, float32 with last axis K
   * @param batchShape - a batch shape the parameter's leading axes broadcast to (default: their shape)
   */
  constructor(params: ProbsOrLogits, batchShape?: number[]) {
    super();
    this.categorical = new CategoricalDistribution(params, batchShape);
    this.batchShape = this.categorical.batchShape;
    this.eventShape = [this.categorical.numCategories];
    this.argConstraints = this.categorical.argConstraints;
    this.support = oneHotVectors(this.categorical.numCategories);
  }

  /** The normalized log-probabilities, shape `batchShape ++ [K]`. */
  get logits(): tf.Tensor {
    return this.categorical.logits;
  }

  /** The normalized probabilities, shape `batchShape ++ [K]`. */
  get probs(): tf.Tensor {
    return this.categorical.probs;
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => {
      return indicators(this.categorical.sample(sampleShape, seed), this.categorical.numCategories);
    });
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      if (value.rank < 1 || value.shape[value.rank - 1] !== this.categorical.numCategories) {
        throw new ShapeError(
          "OneHotCategorical.logProb",
          `value must end in the ${this.categorical.numCategories} categories, got shape ${formatShape(value.shape)}`,
        );
      }
      const target = broadcastShapes("OneHotCategorical.logProb", value.shape.slice(0, -1), this.batchShape);
      return tf.broadcastTo(this.categorical.weightedLogProbs(value), target);
    });
  }

  get mean(): tf.Tensor {
    return this.probs;
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => {
      const p = this.probs;
      return tf.mul(p, tf.sub(1, p));
    });
  }

  override entropy(): tf.Tensor {
    return this.categorical.entropy();
  }

  override expand(batchShape: number[]): OneHotCategoricalDistribution {
    return new OneHotCategoricalDistribution(
      this.categorical.params,
      expandShape("OneHotCategorical.expand", this.batchShape, batchShape),
    );
  }
}

/**
 * Create a OneHotCategorical distribution from `probs` (last axis on the simplex) or `logits`.
 *
 * ```
 * P(x = eₖ) = pₖ = exp(ℓₖ) / Σⱼ exp(ℓⱼ),   log P(x) = Σₖ xₖ log pₖ
 * ```
 *
 * @example
 * ```ts
 * const y = OneHotCategorical({ logits: tf.zeros([128, 10]) }); // batch [128], event [10]
 * y.sample().shape; // [128, 10]
 * ```
 */
export function OneHotCategorical(params: CategoricalParams): OneHotCategoricalDistribution {
  return new OneHotCategoricalDistribution(probsOrLogits("OneHotCategorical", params, simplex));
}


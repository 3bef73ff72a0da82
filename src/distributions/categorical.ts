/**
 * The Categorical distribution over class indices 0 … K − 1.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { customOp } from "../math/custom-op.js";
import { logSumExp } from "../math/logsumexp.js";
import { branchMask, detached } from "../math/piecewise.js";
import type { Seed } from "../math/rng.js";
import { broadcastShapes, expandShape } from "../math/shape.js";
import type { TensorLike } from "../math/tensor-like.js";
import { xlogy } from "../math/xlogy.js";
import { type Constraint, real, simplex } from "./constraints.js";
import { streamOf, uniformTensor } from "./count-samplers.js";
import { Distribution } from "./distribution.js";
import { categoriesOf, type ProbsOrLogits, probsOrLogits } from "./probs-logits.js";

/**
 * @internal The one-hot indicator vectors [x = 0, …, x = K − 1] (float32, all zero for a value that is not a
 * class index), seen by autodiff as constants (a comparison has no tfjs gradient).
 */
export function indicators(value: tf.Tensor, k: number): tf.Tensor {
  const shape = value.shape;
  return customOp(([v]) => ({
    value: tf.tidy(() => tf.cast(tf.equal(tf.expandDims(v!, -1), tf.range(0, k, 1, "float32")), "float32")),
    gradFunc: () => [tf.zeros(shape)],
  }))(value);
}

/** The support {0, 1, …, K − 1} of a K-class Categorical (tag "nonNegativeInteger"). */
function classIndices(k: number): Constraint<"nonNegativeInteger"> {
  return {
    tag: "nonNegativeInteger",
    description: `an integer in [0, ${k - 1}]`,
    eventRank: 0,
    check: (x) =>
      tf.tidy(() => tf.logicalAnd(tf.logicalAnd(tf.greaterEqual(x, 0), tf.less(x, k)), tf.equal(x, tf.round(x)))),
  };
}

/**
 * Categorical(p): mass P(X = k) = pₖ on the class indices k ∈ {0, …, K − 1} (returned as float32).
 *
 * - parameters: `probs` p ∈ simplex (last axis K; normalized again internally), or `logits` ℓ ∈ ℝᴷ
 *   with pₖ = exp(ℓₖ)/Σⱼ exp(ℓⱼ); batch shape = the parameter's shape without its last axis
 * - support: {0, 1, …, K − 1}; event shape []
 * - mean Σₖ k pₖ and variance Σₖ (k − mean)² pₖ of the index (PyTorch returns NaN for these; the index
 *   moments are returned here), entropy −Σₖ pₖ log pₖ
 * - not reparameterized (`hasRsample` is false); `sample` is exact inversion of the CDF on one uniform per
 *   draw, batched over every parameter set
 *
 * @example
 * ```ts
 * const d = new CategoricalDistribution({ logits: tf.tensor2d([[0, 0, 0], [0, 1, 2]]) });
 * d.batchShape;           // [2]
 * d.logProb(tf.tensor([0, 2])); // [−log 3, 2 − log(1 + e + e²)]
 * ```
 */
export class CategoricalDistribution extends Distribution<"nonNegativeInteger"> {
  readonly name: string = "Categorical";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"nonNegativeInteger">;
  readonly argConstraints: Readonly<Record<string, Constraint>>;
  readonly hasRsample = false;
  /** The number of classes K (the size of the parameter's last axis). */
  readonly numCategories: number;
  /** The parameter as given: `probs` or `logits`, shape [..., K]. */
  readonly params: ProbsOrLogits;

  /**
   * @param params - exactly one of `probs` (on the simplex) or `logits`, float32 with last axis K
   * @param batchShape - a batch shape the parameter's leading axes broadcast to (default: their shape)
   */
  constructor(params: ProbsOrLogits, batchShape?: number[]) {
    super();
    this.params = params;
    const t = "logits" in params ? params.logits : params.probs;
    this.numCategories = categoriesOf("Categorical", t);
    this.argConstraints = "logits" in params ? { logits: real } : { probs: simplex };
    this.batchShape = broadcastShapes("Categorical", t.shape.slice(0, -1), batchShape ?? []);
    this.support = classIndices(this.numCategories);
  }

  /** The normalized log-probabilities log pₖ, shape `batchShape ++ [K]` (−Infinity where pₖ = 0). */
  get logits(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.logProbsRaw(), [...this.batchShape, this.numCategories]));
  }

  /** The normalized probabilities pₖ, shape `batchShape ++ [K]`. */
  get probs(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.probsRaw(), [...this.batchShape, this.numCategories]));
  }

  /** @internal log pₖ at the parameter's own shape: ℓ − logΣexp ℓ, or log(p / Σp). */
  logProbsRaw(): tf.Tensor {
    return tf.tidy(() => {
      if ("logits" in this.params) {
        const l = this.params.logits;
        return tf.sub(l, logSumExp(l, -1, true));
      }
      const p = this.params.probs;
      return tf.sub(tf.log(p), tf.log(tf.sum(p, -1, true)));
    });
  }

  /** @internal pₖ at the parameter's own shape: softmax ℓ, or p / Σp. */
  probsRaw(): tf.Tensor {
    return tf.tidy(() => {
      if ("logits" in this.params) return tf.softmax(this.params.logits);
      const p = this.params.probs;
      return tf.div(p, tf.sum(p, -1, true));
    });
  }

  /**
   * @internal Σₖ wₖ log pₖ over the last axis for weights w ≥ 0 (one-hot indicators, or probabilities),
   * with 0·log 0 = 0, broadcasting w against `batchShape ++ [K]`.
   */
  weightedLogProbs(w: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.sum(this.weightedLogProbTerms(w), -1));
  }

  /** @internal The terms wₖ log pₖ of {@link CategoricalDistribution.weightedLogProbs}, not summed. */
  weightedLogProbTerms(w: tf.Tensor): tf.Tensor {
    return tf.tidy(() => ("logits" in this.params ? tf.mul(w, this.logProbsRaw()) : xlogy(w, this.probsRaw())));
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    const u = uniformTensor([...sampleShape, ...this.batchShape, 1], streamOf(seed));
    try {
      return detached(() => {
        // Inverse CDF: the index is the number of partial sums below u·(total), so rounding of the last
        // partial sum can never select an index ≥ K, and a class of probability 0 is never selected
        // (u > 0, and an empty class repeats the partial sum below it).
        const probs = this.probs;
        const cdf = tf.cumsum(probs, probs.rank - 1); // (tfjs's cumsum mishandles axis −1)
        const lead = new Array<number>(cdf.rank - 1);
        const total = tf.slice(cdf, [...lead.fill(0), this.numCategories - 1], [...lead.fill(-1), 1]);
        return tf.sum(tf.cast(tf.less(cdf, tf.mul(u, total)), "float32"), -1);
      });
    } finally {
      u.dispose();
    }
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const target = broadcastShapes("Categorical.logProb", value.shape, this.batchShape);
      const k = this.numCategories;
      const valid = branchMask(value, (v) =>
        tf.logicalAnd(tf.logicalAnd(tf.greaterEqual(v, 0), tf.less(v, k)), tf.equal(v, tf.round(v))),
      );
      const lp = tf.broadcastTo(this.weightedLogProbs(indicators(value, k)), target);
      return tf.where(tf.broadcastTo(valid, target), lp, tf.fill(target, -Infinity));
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.sum(tf.mul(this.probs, tf.range(0, this.numCategories, 1, "float32")), -1));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => {
      const p = this.probs;
      const k = tf.range(0, this.numCategories, 1, "float32");
      const m = tf.sum(tf.mul(p, k), -1, true);
      return tf.sum(tf.mul(p, tf.square(tf.sub(k, m))), -1);
    });
  }

  override entropy(): tf.Tensor {
    return tf.tidy(() => {
      const w = this.probsRaw();
      return tf.broadcastTo(tf.neg(this.weightedLogProbs(w)), this.batchShape);
    });
  }

  override expand(batchShape: number[]): CategoricalDistribution {
    return new CategoricalDistribution(this.params, expandShape("Categorical.expand", this.batchShape, batchShape));
  }
}

/** Arguments of {@link Categorical}: probabilities or logits, last axis indexing the K classes. */
export type CategoricalParams =
  | {
      /** Class probabilities, on the simplex along the last axis (non-negative, summing to 1). */
      probs: TensorLike;
    }
  | {
      /** Unnormalized log-probabilities ℓ (finite); pₖ = exp(ℓₖ)/Σⱼ exp(ℓⱼ). */
      logits: TensorLike;
    };

/**
 * Create a Categorical distribution over class indices from `probs` (last axis on the simplex) or
 * `logits` (last axis: one real per class).
 *
 * ```
 * P(X = k) = pₖ = exp(ℓₖ) / Σⱼ exp(ℓⱼ),   k ∈ {0, …, K − 1}
 * ```
 *
 * The batch shape is the parameter's shape without the last axis; values are float32 class indices.
 *
 * @example
 * ```ts
 * const label = Categorical({ logits: classifier(x) }); // logits [B, 10] → batch [B]
 * label.sample([5]).shape;                             // [5, B]
 * Categorical({ probs: [0.2, 0.3, 0.5] }).logProb(tf.scalar(2)); // log 0.5
 * ```
 */
export function Categorical(params: CategoricalParams): CategoricalDistribution {
  return new CategoricalDistribution(probsOrLogits("Categorical", params, simplex));
}

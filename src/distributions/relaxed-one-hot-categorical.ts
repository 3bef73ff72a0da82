/**
 * The relaxed one-hot Categorical (Concrete / Gumbel-softmax) distribution on the simplex.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { lgamma } from "../math/lgamma.js";
import { logSumExp } from "../math/logsumexp.js";
import { branchMask } from "../math/piecewise.js";
import type { Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, formatShape } from "../math/shape.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { ShapeError } from "../errors.js";
import { CategoricalDistribution } from "./categorical.js";
import { type Constraint, positive, real, simplex } from "./constraints.js";
import { gumbelNoise, streamOf } from "./count-samplers.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";
import { categoriesOf, openSimplex, type ProbsOrLogits, probsOrLogits } from "./probs-logits.js";

/**
 * RelaxedOneHotCategorical(τ, p): the Concrete / Gumbel-softmax relaxation of OneHotCategorical(p)
 * (Maddison, Mnih & Teh 2017; Jang, Gu & Poole 2017): X = softmax((log p + G)/τ) with G i.i.d. standard
 * Gumbel noise.
 *
 * - density on the open simplex (w.r.t. Lebesgue measure on the first K − 1 coordinates):
 *   p(x) = (K − 1)! τ^(K−1) Πₖ [pₖ xₖ^(−τ−1)] / (Σₖ pₖ xₖ^(−τ))ᴷ
 * - parameters: `temperature` τ > 0, and `probs` p on the open simplex (positive entries) or `logits`
 *   ℓ ∈ ℝᴷ (last axis K); batch shape = broadcast of τ's shape and the parameter's shape without its last axis
 * - support: the simplex. A coordinate can underflow to exactly 0 in float32 when (ℓⱼ + Gⱼ)/τ trails the
 *   largest by more than ≈ 87 (small τ, large logit gaps); such points lie outside the open simplex where
 *   the density is defined and logProb returns −Infinity there. With |ℓⱼ − ℓₖ| ≤ 6 and τ ≥ ½ (the Gumbel
 *   noise of 32-bit uniforms spans < 25.4) it cannot happen.
 * - mean and variance have no closed form (`mean` and `variance` throw); entropy is not implemented
 * - reparameterized: `rsample` is pathwise in τ and the logits
 *
 * @example
 * ```ts
 * const d = new RelaxedOneHotCategoricalDistribution(tf.scalar(0.5), { logits: tf.zeros([3]) });
 * d.rsample([2]).shape; // [2, 3], each row on the simplex
 * ```
 */
export class RelaxedOneHotCategoricalDistribution extends Distribution<"simplex"> {
  readonly name = "RelaxedOneHotCategorical";
  readonly batchShape: number[];
  readonly eventShape: number[];
  readonly support: Constraint<"simplex"> = simplex;
  readonly argConstraints: Readonly<Record<string, Constraint>>;
  readonly hasRsample = true;
  /** The number of categories K. */
  readonly numCategories: number;
  private readonly categorical: CategoricalDistribution;

  /**
   * @param temperature - τ > 0 (float32)
   * @param params - exactly one of `probs` (positive, on the simplex) or `logits`, float32 with last axis K
   * @param batchShape - a batch shape the parameters broadcast to (default: their broadcast)
   */
  constructor(
    readonly temperature: tf.Tensor,
    readonly params: ProbsOrLogits,
    batchShape?: number[],
  ) {
    super();
    const t = "logits" in params ? params.logits : params.probs;
    this.numCategories = categoriesOf("RelaxedOneHotCategorical", t);
    this.argConstraints =
      "logits" in params ? { temperature: positive, logits: real } : { temperature: positive, probs: openSimplex };
    this.batchShape = broadcastShapes("RelaxedOneHotCategorical", temperature.shape, t.shape.slice(0, -1), batchShape ?? []);
    this.eventShape = [this.numCategories];
    this.categorical = new CategoricalDistribution(params);
  }

  /** The normalized log-probabilities of the Categorical being relaxed, shape `batchShape ++ [K]`. */
  get logits(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.categorical.logProbsRaw(), [...this.batchShape, this.numCategories]));
  }

  /** The probabilities of the Categorical being relaxed, shape `batchShape ++ [K]`. */
  get probs(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.categorical.probsRaw(), [...this.batchShape, this.numCategories]));
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    const noise = gumbelNoise(this.shape(sampleShape), streamOf(seed));
    try {
      return tf.tidy(() => {
        const tau = tf.expandDims(this.temperature, -1);
        return tf.softmax(tf.div(tf.add(this.categorical.logProbsRaw(), noise), tau));
      });
    } finally {
      noise.dispose();
    }
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const k = this.numCategories;
      if (value.rank < 1 || value.shape[value.rank - 1] !== k) {
        throw new ShapeError(
          "RelaxedOneHotCategorical.logProb",
          `value must end in the ${k} categories, got shape ${formatShape(value.shape)}`,
        );
      }
      const target = broadcastShapes("RelaxedOneHotCategorical.logProb", value.shape.slice(0, -1), this.batchShape);
      // Inside the open simplex: positive entries summing to 1 (to float32 rounding, 1e-5·K as `simplex`).
      const inside = branchMask(value, (v) =>
        tf.logicalAnd(tf.all(tf.greater(v, 0), -1), tf.lessEqual(tf.abs(tf.sub(tf.sum(v, -1), 1)), 1e-5 * k)),
      );
      const x = tf.where(tf.expandDims(inside, -1), value, tf.fill(value.shape, 1 / k));
      const logX = tf.log(x);
      const tau = this.temperature;
      const z = tf.sub(this.categorical.logProbsRaw(), tf.mul(tf.expandDims(tau, -1), logX));
      // log (K − 1)! + (K − 1) log τ + Σₖ (zₖ − log xₖ) − K logΣₖ exp zₖ,  zₖ = log pₖ − τ log xₖ
      const lp = tf.add(
        tf.add(lgamma(tf.scalar(k)), tf.mul(k - 1, tf.log(tau))),
        tf.sub(tf.sum(tf.sub(z, logX), -1), tf.mul(k, logSumExp(z, -1))),
      );
      return tf.where(tf.broadcastTo(inside, target), tf.broadcastTo(lp, target), tf.fill(target, -Infinity));
    });
  }

  /** Not available in closed form: throws (estimate it from samples). */
  get mean(): tf.Tensor {
    throw new Error("RelaxedOneHotCategorical: the mean has no closed form; estimate it from samples");
  }

  /** Not available in closed form: throws (estimate it from samples). */
  get variance(): tf.Tensor {
    throw new Error("RelaxedOneHotCategorical: the variance has no closed form; estimate it from samples");
  }

  override expand(batchShape: number[]): RelaxedOneHotCategoricalDistribution {
    return new RelaxedOneHotCategoricalDistribution(
      this.temperature,
      this.params,
      expandShape("RelaxedOneHotCategorical.expand", this.batchShape, batchShape),
    );
  }
}

/** Arguments of {@link RelaxedOneHotCategorical}: the temperature, and probabilities or logits. */
export type RelaxedOneHotCategoricalParams = {
  /** The temperature τ > 0; small τ gives draws near the vertices of the simplex. */
  temperature: TensorLike;
} & (
  | {
      /** Class probabilities, positive and summing to 1 along the last axis. */
      probs: TensorLike;
    }
  | {
      /** Unnormalized log-probabilities along the last axis. */
      logits: TensorLike;
    }
);

/**
 * Create a relaxed one-hot Categorical (Concrete / Gumbel-softmax) distribution from `temperature` τ > 0
 * and `probs` or `logits` (last axis: the K categories).
 *
 * ```
 * X = softmax((log p + G) / τ),   Gₖ = −log(−log Uₖ)
 * p(x) = (K − 1)! τ^(K−1) Πₖ [pₖ xₖ^(−τ−1)] / (Σₖ pₖ xₖ^(−τ))ᴷ
 * ```
 *
 * @example
 * ```ts
 * const y = RelaxedOneHotCategorical({ temperature: 0.67, logits: tf.zeros([128, 10]) });
 * y.rsample().shape; // [128, 10]
 * ```
 */
export function RelaxedOneHotCategorical(params: RelaxedOneHotCategoricalParams): RelaxedOneHotCategoricalDistribution {
  if (params === null || typeof params !== "object") {
    throw new TypeError(
      `RelaxedOneHotCategorical: expected { temperature, probs } or { temperature, logits }, got ${String(params)}`,
    );
  }
  const pl = probsOrLogits("RelaxedOneHotCategorical", params as { probs?: TensorLike; logits?: TensorLike }, openSimplex);
  const tau = param("RelaxedOneHotCategorical", "temperature", params.temperature, positive);
  return new RelaxedOneHotCategoricalDistribution(tau, pl);
}

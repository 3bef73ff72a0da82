/**
 * The Poisson distribution over counts.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { logPoissonPmf } from "../math/count-pmf.js";
import { branchMask } from "../math/piecewise.js";
import type { Seed } from "../math/rng.js";
import { broadcastShapes, expandShape } from "../math/shape.js";
import type { TensorLike } from "../math/tensor-like.js";
import { type Constraint, nonNegative, nonNegativeInteger } from "./constraints.js";
import { drawTensor, poissonDraw, streamOf, valuesAt } from "./count-samplers.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";

/**
 * Poisson(λ): mass P(X = k) = λᵏ e^(−λ) / k! on k ∈ {0, 1, 2, …}.
 *
 * - parameter: `rate` λ ≥ 0 (λ = 0 is the point mass at 0)
 * - support: the non-negative integers
 * - mean λ, variance λ; entropy has no closed form and is not implemented (`entropy()` throws)
 * - log-mass without cancellation for large counts (Loader's saddle-point form, accurate to a few
 *   float32 ulps of max(1, |log P|)·log(k + 2) also at λ = 10⁶)
 * - not reparameterized (`hasRsample` is false); `sample` is exact (inversion for λ < 10, Hörmann's PTRS
 *   transformed rejection otherwise)
 *
 * @example
 * ```ts
 * const d = new PoissonDistribution(tf.tensor([1, 100]));
 * d.logProb(tf.tensor([0, 100])); // [−1, −3.2224]
 * ```
 */
export class PoissonDistribution extends Distribution<"nonNegativeInteger"> {
  readonly name = "Poisson";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"nonNegativeInteger"> = nonNegativeInteger;
  readonly argConstraints = {
    /** The rate λ must be ≥ 0. */
    rate: nonNegative,
  };
  readonly hasRsample = false;

  /**
   * @param rate - the rate λ ≥ 0 (a float32 tensor)
   * @param batchShape - a batch shape the rate broadcasts to (default: its shape)
   */
  constructor(
    readonly rate: tf.Tensor,
    batchShape?: number[],
  ) {
    super();
    this.batchShape = broadcastShapes("Poisson", rate.shape, batchShape ?? []);
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    const rng = streamOf(seed);
    const rate = valuesAt(this.rate, this.batchShape);
    return drawTensor(sampleShape, this.batchShape, (b) => poissonDraw(rate[b]!, rng));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const target = broadcastShapes("Poisson.logProb", value.shape, this.batchShape);
      const valid = tf.broadcastTo(
        branchMask(value, (v) => tf.logicalAnd(tf.greaterEqual(v, 0), tf.equal(v, tf.round(v)))),
        target,
      );
      const k = tf.where(valid, tf.broadcastTo(value, target), tf.zeros(target));
      const lp = tf.broadcastTo(logPoissonPmf(k, this.rate), target);
      return tf.where(valid, lp, tf.fill(target, -Infinity));
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.rate, this.batchShape));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.rate, this.batchShape));
  }

  override expand(batchShape: number[]): PoissonDistribution {
    return new PoissonDistribution(this.rate, expandShape("Poisson.expand", this.batchShape, batchShape));
  }
}

/**
 * Create a Poisson distribution from its rate λ ≥ 0 (numbers, arrays or tensors).
 *
 * ```
 * P(X = k) = λᵏ e^(−λ) / k!,   k ∈ {0, 1, 2, …}
 * ```
 *
 * @param rate - the mean number of events; must be ≥ 0 (checked when validation is on)
 * @example
 * ```ts
 * const clicks = Poisson(tf.exp(logRate)); // a log-linear count model
 * Poisson(3).logProb(tf.scalar(2));        // log(9 e⁻³ / 2) ≈ −1.4959
 * ```
 */
export function Poisson(rate: TensorLike): PoissonDistribution {
  return new PoissonDistribution(param("Poisson", "rate", rate, nonNegative));
}

/**
 * The Exponential distribution.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { randomExponential } from "../math/gamma-sampler.js";
import type { Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, shapesEqual } from "../math/shape.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { type Constraint, positive } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";

/**
 * Exponential(rate): density p(x) = λ e^(−λx) for x > 0.
 *
 * - support: positive (the density is also defined at 0: `logProb(0)` is log λ); parameter: `rate` λ > 0
 * - mean 1/λ, variance 1/λ², entropy 1 − log λ
 * - reparameterized: x = E/λ with E = −log U, U ~ Uniform(0, 1) (53 random bits, so E reaches 37.4)
 *
 * @example
 * ```ts
 * const d = new ExponentialDistribution(tf.tensor([1, 2]));
 * d.logProb(tf.tensor([1, 1])); // [−1, log 2 − 2]
 * ```
 */
export class ExponentialDistribution extends Distribution<"positive"> {
  readonly name = "Exponential";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"positive"> = positive;
  readonly argConstraints = {
    /** The rate λ (inverse mean) must be > 0. */
    rate: positive,
  };
  readonly hasRsample = true;

  /**
   * @param rate - rate λ > 0 (a float32 tensor)
   * @param batchShape - a batch shape the rate broadcasts to (default: its shape)
   */
  constructor(
    readonly rate: tf.Tensor,
    batchShape?: number[],
  ) {
    super();
    this.batchShape = broadcastShapes("Exponential", rate.shape, batchShape ?? []);
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => tf.div(randomExponential(this.shape(sampleShape), seed), this.rate));
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const lp = tf.sub(tf.log(this.rate), tf.mul(this.rate, value));
      const target = broadcastShapes("Exponential.logProb", value.shape, this.batchShape);
      return shapesEqual(lp.shape, target) ? lp : tf.broadcastTo(lp, target);
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.reciprocal(this.rate), this.batchShape));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.reciprocal(tf.square(this.rate)), this.batchShape));
  }

  override entropy(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.sub(1, tf.log(this.rate)), this.batchShape));
  }

  override expand(batchShape: number[]): ExponentialDistribution {
    return new ExponentialDistribution(this.rate, expandShape("Exponential.expand", this.batchShape, batchShape));
  }
}

/**
 * Create an Exponential(rate) distribution from numbers, arrays or tensors.
 *
 * ```
 * p(x) = rate · e^(−rate·x),   x > 0
 * ```
 *
 * Mean 1/rate, variance 1/rate², entropy 1 − log rate. Has `rsample` (x = −log U / rate).
 *
 * @param rate - the rate λ; must be positive
 * @example
 * ```ts
 * const waiting = Exponential(0.5); // mean 2
 * waiting.sample([100]);
 * ```
 */
export function Exponential(rate: TensorLike): ExponentialDistribution {
  return new ExponentialDistribution(param("Exponential", "rate", rate, positive));
}

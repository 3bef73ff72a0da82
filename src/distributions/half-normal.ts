/**
 * The HalfNormal distribution: |X| for X ~ Normal(0, σ²).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { seedValue, type Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, shapesEqual } from "../math/shape.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { type Constraint, positive } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";
import { restrictToSupport } from "./support-mask.js";

const isNonNegative = (x: tf.Tensor): tf.Tensor => tf.greaterEqual(x, 0);
/** ½ log(2/π). */
const HALF_LOG_2_OVER_PI = 0.5 * Math.log(2 / Math.PI);

/**
 * HalfNormal(scale): the law of |X| for X ~ N(0, σ²), density
 * p(x) = √2 / (σ √π) · exp(−x² / (2σ²)) for x ≥ 0.
 *
 * - support: positive (x = 0 has the finite density √(2/π)/σ); parameter: `scale` σ (positive)
 * - mean σ √(2/π), variance σ² (1 − 2/π), entropy ½ log(π/2) + ½ + log σ
 * - reparameterized: x = σ |ε|, ε ~ N(0, 1)
 * - `logProb` is −∞ for x < 0 (with a zero gradient there)
 *
 * @example
 * ```ts
 * const d = new HalfNormalDistribution(tf.ones([2]));
 * d.logProb(tf.zeros([2])); // [−0.226, −0.226]
 * ```
 */
export class HalfNormalDistribution extends Distribution<"positive"> {
  readonly name = "HalfNormal";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"positive"> = positive;
  readonly argConstraints = {
    /** The scale σ (the standard deviation of the underlying Normal) must be > 0. */
    scale: positive,
  };
  readonly hasRsample = true;

  /**
   * @param scale - scale σ > 0 (a float32 tensor)
   * @param batchShape - a batch shape that scale broadcasts to (default: its shape)
   */
  constructor(
    readonly scale: tf.Tensor,
    batchShape?: number[],
  ) {
    super();
    this.batchShape = broadcastShapes("HalfNormal", scale.shape, batchShape ?? []);
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => {
      const eps = tf.randomNormal(this.shape(sampleShape), 0, 1, "float32", seedValue(seed));
      return tf.mul(this.scale, tf.abs(eps));
    });
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const z = tf.div(value, this.scale);
      const lp = tf.sub(tf.mul(-0.5, tf.square(z)), tf.sub(tf.log(this.scale), HALF_LOG_2_OVER_PI));
      return this.broadcastBatch(restrictToSupport(lp, value, isNonNegative), value);
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.mul(this.scale, Math.sqrt(2 / Math.PI)), this.batchShape));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.mul(tf.square(this.scale), 1 - 2 / Math.PI), this.batchShape));
  }

  override entropy(): tf.Tensor {
    return tf.tidy(() =>
      tf.broadcastTo(tf.add(tf.log(this.scale), 0.5 * Math.log(Math.PI / 2) + 0.5), this.batchShape),
    );
  }

  override expand(batchShape: number[]): HalfNormalDistribution {
    return new HalfNormalDistribution(this.scale, expandShape("HalfNormal.expand", this.batchShape, batchShape));
  }

  private broadcastBatch(lp: tf.Tensor, value: tf.Tensor): tf.Tensor {
    const target = broadcastShapes("HalfNormal.logProb", value.shape, this.batchShape);
    return shapesEqual(lp.shape, target) ? lp : tf.broadcastTo(lp, target);
  }
}

/**
 * Create a HalfNormal(scale) distribution from a number, array or tensor: the law of |X| for
 * X ~ Normal(0, scale²).
 *
 * ```
 * p(x) = √2 / (scale √π) · exp(−x² / (2 scale²)),   x ≥ 0
 * ```
 *
 * Mean scale·√(2/π), variance scale²·(1 − 2/π), entropy ½ log(π/2) + ½ + log scale;
 * reparameterized (`rsample`).
 *
 * @param scale - must be positive (checked when validation is on)
 * @example
 * ```ts
 * const prior = HalfNormal(1).expand([10]); // e.g. a prior on 10 standard deviations
 * ```
 */
export function HalfNormal(scale: TensorLike): HalfNormalDistribution {
  return new HalfNormalDistribution(param("HalfNormal", "scale", scale, positive));
}

/**
 * The Normal (Gaussian) distribution.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { normalLogDensity } from "../math/normal-density.js";
import { seedValue, type Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, shapesEqual } from "../math/shape.js";
import { LOG_2PI } from "../math/special.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { type Constraint, positive, real } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";

/**
 * Normal(loc, scale): density p(x) = exp(−(x − μ)² / (2σ²)) / (σ √(2π)).
 *
 * - support: real; parameters: `loc` μ (real), `scale` σ (positive)
 * - mean μ, variance σ², entropy ½ + ½ log(2π) + log σ
 * - reparameterized: x = μ + σ ε, ε ~ N(0, 1)
 *
 * Parameters broadcast lazily: `Normal(0, 1).expand([128, 20])` keeps scalar parameters and a
 * batch shape of [128, 20].
 *
 * @example
 * ```ts
 * const d = new NormalDistribution(tf.zeros([3]), tf.ones([3]));
 * d.logProb(tf.zeros([3])); // [−0.919, −0.919, −0.919]
 * ```
 */
export class NormalDistribution extends Distribution<"real"> {
  readonly name = "Normal";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"real"> = real;
  readonly argConstraints = {
    /** The mean μ is any real number. */
    loc: real,
    /** The standard deviation σ must be > 0. */
    scale: positive,
  };
  readonly hasRsample: boolean = true;

  /**
   * @param loc - mean μ (a float32 tensor)
   * @param scale - standard deviation σ > 0 (a float32 tensor)
   * @param batchShape - a batch shape that loc and scale broadcast to (default: their broadcast)
   */
  constructor(
    readonly loc: tf.Tensor,
    readonly scale: tf.Tensor,
    batchShape?: number[],
  ) {
    super();
    this.batchShape = batchShape === undefined ? broadcastShapes("Normal", loc.shape, scale.shape) : broadcastShapes("Normal", loc.shape, scale.shape, batchShape);
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => {
      const eps = tf.randomNormal(this.shape(sampleShape), 0, 1, "float32", seedValue(seed));
      return tf.add(this.loc, tf.mul(this.scale, eps));
    });
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      return this.broadcastBatch(normalLogDensity(value, this.loc, this.scale), value);
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.loc, this.batchShape));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.square(this.scale), this.batchShape));
  }

  override entropy(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.add(tf.log(this.scale), 0.5 + 0.5 * LOG_2PI), this.batchShape));
  }

  override expand(batchShape: number[]): NormalDistribution {
    return new NormalDistribution(this.loc, this.scale, expandShape("Normal.expand", this.batchShape, batchShape));
  }

  private broadcastBatch(lp: tf.Tensor, value: tf.Tensor): tf.Tensor {
    const target = broadcastShapes("Normal.logProb", value.shape, this.batchShape);
    return shapesEqual(lp.shape, target) ? lp : tf.broadcastTo(lp, target);
  }
}

/**
 * Create a Normal(loc, scale) distribution from numbers, arrays or tensors.
 *
 * ```
 * p(x) = exp(−(x − loc)² / (2 scale²)) / (scale √(2π))
 * ```
 *
 * @param loc - the mean
 * @param scale - the standard deviation; must be positive (checked when validation is on)
 * @example
 * ```ts
 * const prior = Normal(0, 1).expand([n, 20]).toEvent(1);
 * const q = Normal(loc, scale).toEvent(1);
 * ```
 */
export function Normal(loc: TensorLike, scale: TensorLike): NormalDistribution {
  return new NormalDistribution(param("Normal", "loc", loc, real), param("Normal", "scale", scale, positive));
}

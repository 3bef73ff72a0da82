/**
 * The Logistic distribution.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { log1p } from "../math/log1p.js";
import type { Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, shapesEqual } from "../math/shape.js";
import { softplus } from "../math/special.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { twoSidedUniform } from "../math/uniform-noise.js";
import { type Constraint, positive, real } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";

/**
 * Logistic(loc, scale): density p(x) = e^{−z} / (s (1 + e^{−z})²) with z = (x − μ)/s; CDF σ(z).
 *
 * - support: real; parameters: `loc` μ (real, mean and median), `scale` s (positive)
 * - mean μ, variance π²s²/3, entropy log s + 2
 * - log p = −z − 2 softplus(−z) − log s, exact in both tails
 * - reparameterized by the inverse CDF: x = μ + s logit(u), evaluated from w = min(u, 1 − u) as
 *   μ ± s (log1p(−w) − log w), so both tails keep full float32 resolution and no draw is infinite
 *
 * @example
 * ```ts
 * const d = new LogisticDistribution(tf.zeros([2]), tf.ones([2]));
 * d.logProb(tf.zeros([2])); // [−log 4, −log 4]
 * ```
 */
export class LogisticDistribution extends Distribution<"real"> {
  readonly name = "Logistic";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"real"> = real;
  readonly argConstraints = {
    /** The location μ (mean and median) is any real number. */
    loc: real,
    /** The scale s must be > 0. */
    scale: positive,
  };
  readonly hasRsample = true;

  /**
   * @param loc - location μ (a float32 tensor)
   * @param scale - scale s > 0 (a float32 tensor)
   * @param batchShape - a batch shape that loc and scale broadcast to (default: their broadcast)
   */
  constructor(
    readonly loc: tf.Tensor,
    readonly scale: tf.Tensor,
    batchShape?: number[],
  ) {
    super();
    this.batchShape = broadcastShapes("Logistic", loc.shape, scale.shape, batchShape ?? []);
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => {
      // logit(1 − w) = log1p(−w) − log w; logit(w) is its negative.
      const { w, upper } = twoSidedUniform(this.shape(sampleShape), seed);
      const l = tf.sub(log1p(tf.neg(w)), tf.log(w));
      const t = tf.where(upper, l, tf.neg(l));
      return tf.add(this.loc, tf.mul(this.scale, t));
    });
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const z = tf.div(tf.sub(value, this.loc), this.scale);
      const lp = tf.neg(tf.add(tf.add(z, tf.mul(2, softplus(tf.neg(z)))), tf.log(this.scale)));
      const target = broadcastShapes("Logistic.logProb", value.shape, this.batchShape);
      return shapesEqual(lp.shape, target) ? lp : tf.broadcastTo(lp, target);
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.loc, this.batchShape));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.mul(tf.square(this.scale), (Math.PI * Math.PI) / 3), this.batchShape));
  }

  override entropy(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.add(tf.log(this.scale), 2), this.batchShape));
  }

  override expand(batchShape: number[]): LogisticDistribution {
    return new LogisticDistribution(this.loc, this.scale, expandShape("Logistic.expand", this.batchShape, batchShape));
  }
}

/**
 * Create a Logistic(loc, scale) distribution from numbers, arrays or tensors.
 *
 * ```
 * p(x) = exp(−z) / (scale (1 + exp(−z))²),   z = (x − loc) / scale
 * ```
 *
 * Mean loc, variance π² scale² / 3, entropy log scale + 2; reparameterized (`rsample`).
 *
 * @param loc - mean and median; any real number
 * @param scale - must be positive (checked when validation is on)
 * @example
 * ```ts
 * const noise = Logistic(0, 1).sample([3]); // logit of a uniform draw
 * ```
 */
export function Logistic(loc: TensorLike, scale: TensorLike): LogisticDistribution {
  return new LogisticDistribution(param("Logistic", "loc", loc, real), param("Logistic", "scale", scale, positive));
}

/**
 * The Cauchy (Lorentz) distribution.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { log1pSquare } from "../math/log1p-square.js";
import type { Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, shapesEqual } from "../math/shape.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { cotPi, twoSidedUniform } from "../math/uniform-noise.js";
import { type Constraint, positive, real } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";

/**
 * Cauchy(loc, scale): density p(x) = 1 / (π γ (1 + ((x − x₀)/γ)²)).
 *
 * - support: real; parameters: `loc` x₀ (real, the median), `scale` γ (positive, the half-width
 *   at half-maximum)
 * - mean undefined (returned as NaN), variance infinite (+Infinity), entropy log(4πγ)
 * - reparameterized by the inverse CDF: x = x₀ + γ tan(π(u − ½)), evaluated as ±γ cot(πw) with
 *   w = min(u, 1 − u) resolved finely near 0, so both heavy tails keep full float32 resolution
 *   (draws reach ≈ ±5·10⁹ γ) and no draw is infinite
 * - log(1 + z²) is evaluated without overflow for huge |z|
 *
 * @example
 * ```ts
 * const d = new CauchyDistribution(tf.zeros([2]), tf.ones([2]));
 * d.logProb(tf.zeros([2])); // [−log π, −log π] ≈ [−1.145, −1.145]
 * ```
 */
export class CauchyDistribution extends Distribution<"real"> {
  readonly name = "Cauchy";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"real"> = real;
  readonly argConstraints = {
    /** The location x₀ (median) is any real number. */
    loc: real,
    /** The scale γ must be > 0. */
    scale: positive,
  };
  readonly hasRsample = true;

  /**
   * @param loc - location x₀ (a float32 tensor)
   * @param scale - scale γ > 0 (a float32 tensor)
   * @param batchShape - a batch shape that loc and scale broadcast to (default: their broadcast)
   */
  constructor(
    readonly loc: tf.Tensor,
    readonly scale: tf.Tensor,
    batchShape?: number[],
  ) {
    super();
    this.batchShape = broadcastShapes("Cauchy", loc.shape, scale.shape, batchShape ?? []);
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => {
      // u = 1 − w: tan(π(½ − w)) = cot(πw); u = w: tan(π(w − ½)) = −cot(πw).
      const { w, upper } = twoSidedUniform(this.shape(sampleShape), seed);
      const c = cotPi(w);
      const t = tf.where(upper, c, tf.neg(c));
      return tf.add(this.loc, tf.mul(this.scale, t));
    });
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const z = tf.div(tf.sub(value, this.loc), this.scale);
      const lp = tf.neg(tf.add(log1pSquare(z), tf.add(tf.log(this.scale), Math.log(Math.PI))));
      const target = broadcastShapes("Cauchy.logProb", value.shape, this.batchShape);
      return shapesEqual(lp.shape, target) ? lp : tf.broadcastTo(lp, target);
    });
  }

  /** NaN: a Cauchy distribution has no mean. Shape `batchShape`. */
  get mean(): tf.Tensor {
    return tf.fill(this.batchShape, NaN);
  }

  /** +Infinity: a Cauchy distribution has no finite variance. Shape `batchShape`. */
  get variance(): tf.Tensor {
    return tf.fill(this.batchShape, Infinity);
  }

  override entropy(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.add(tf.log(this.scale), Math.log(4 * Math.PI)), this.batchShape));
  }

  override expand(batchShape: number[]): CauchyDistribution {
    return new CauchyDistribution(this.loc, this.scale, expandShape("Cauchy.expand", this.batchShape, batchShape));
  }
}

/**
 * Create a Cauchy(loc, scale) distribution from numbers, arrays or tensors.
 *
 * ```
 * p(x) = 1 / (π scale (1 + ((x − loc) / scale)²))
 * ```
 *
 * No mean (NaN), infinite variance, entropy log(4π scale); reparameterized (`rsample`).
 *
 * @param loc - the median; any real number
 * @param scale - half-width at half-maximum; must be positive (checked when validation is on)
 * @example
 * ```ts
 * const robust = Cauchy(mu, 0.1); // a heavy-tailed likelihood
 * ```
 */
export function Cauchy(loc: TensorLike, scale: TensorLike): CauchyDistribution {
  return new CauchyDistribution(param("Cauchy", "loc", loc, real), param("Cauchy", "scale", scale, positive));
}

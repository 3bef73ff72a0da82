/**
 * The Gumbel (type-I extreme value) distribution.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { log1p } from "../math/log1p.js";
import type { Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, shapesEqual } from "../math/shape.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { twoSidedUniform } from "../math/uniform-noise.js";
import { type Constraint, positive, real } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";

/** The Euler–Mascheroni constant γ. */
export const EULER_GAMMA = 0.5772156649015329;

/**
 * Gumbel(loc, scale): density p(x) = exp(−(z + e^{−z})) / β with z = (x − μ)/β.
 *
 * - support: real; parameters: `loc` μ (real, the mode), `scale` β (positive)
 * - mean μ + γβ (γ ≈ 0.5772 the Euler–Mascheroni constant), variance π²β²/6, entropy log β + γ + 1
 * - reparameterized by the inverse CDF: x = μ − β log(−log u), u ~ U(0, 1), with −log u evaluated
 *   as −log w or −log1p(−w) from w = min(u, 1 − u), so the upper tail (u → 1) keeps full float32
 *   resolution and no draw is infinite
 * - for z < −88.7 the term e^{−z} overflows and logProb is −∞ (its true value is below −3.4·10³⁸, the
 *   float32 range)
 *
 * @example
 * ```ts
 * const d = new GumbelDistribution(tf.zeros([2]), tf.ones([2]));
 * d.logProb(tf.zeros([2])); // [−1, −1]
 * ```
 */
export class GumbelDistribution extends Distribution<"real"> {
  readonly name = "Gumbel";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"real"> = real;
  readonly argConstraints = {
    /** The location μ (the mode) is any real number. */
    loc: real,
    /** The scale β must be > 0. */
    scale: positive,
  };
  readonly hasRsample = true;

  /**
   * @param loc - location μ (a float32 tensor)
   * @param scale - scale β > 0 (a float32 tensor)
   * @param batchShape - a batch shape that loc and scale broadcast to (default: their broadcast)
   */
  constructor(
    readonly loc: tf.Tensor,
    readonly scale: tf.Tensor,
    batchShape?: number[],
  ) {
    super();
    this.batchShape = broadcastShapes("Gumbel", loc.shape, scale.shape, batchShape ?? []);
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => {
      // E = −log u ~ Exp(1): −log1p(−w) on the upper side (u = 1 − w, E small), −log w on the lower one.
      const { w, upper } = twoSidedUniform(this.shape(sampleShape), seed);
      const e = tf.where(upper, tf.neg(log1p(tf.neg(w))), tf.neg(tf.log(w)));
      return tf.sub(this.loc, tf.mul(this.scale, tf.log(e)));
    });
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const z = tf.div(tf.sub(value, this.loc), this.scale);
      const lp = tf.neg(tf.add(tf.add(z, tf.exp(tf.neg(z))), tf.log(this.scale)));
      const target = broadcastShapes("Gumbel.logProb", value.shape, this.batchShape);
      return shapesEqual(lp.shape, target) ? lp : tf.broadcastTo(lp, target);
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.add(this.loc, tf.mul(this.scale, EULER_GAMMA)), this.batchShape));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.mul(tf.square(this.scale), (Math.PI * Math.PI) / 6), this.batchShape));
  }

  override entropy(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.add(tf.log(this.scale), EULER_GAMMA + 1), this.batchShape));
  }

  override expand(batchShape: number[]): GumbelDistribution {
    return new GumbelDistribution(this.loc, this.scale, expandShape("Gumbel.expand", this.batchShape, batchShape));
  }
}

/**
 * Create a Gumbel(loc, scale) distribution from numbers, arrays or tensors: the law of the maximum
 * of many light-tailed draws, and the noise of the Gumbel-max trick.
 *
 * ```
 * p(x) = exp(−(z + exp(−z))) / scale,   z = (x − loc) / scale
 * ```
 *
 * Mean loc + γ scale, variance π² scale² / 6, entropy log scale + γ + 1; reparameterized (`rsample`).
 *
 * @param loc - the mode; any real number
 * @param scale - must be positive (checked when validation is on)
 * @example
 * ```ts
 * const g = Gumbel(0, 1).sample([5]); // Gumbel-max: argmax(logits + g) ~ Categorical(logits)
 * ```
 */
export function Gumbel(loc: TensorLike, scale: TensorLike): GumbelDistribution {
  return new GumbelDistribution(param("Gumbel", "loc", loc, real), param("Gumbel", "scale", scale, positive));
}

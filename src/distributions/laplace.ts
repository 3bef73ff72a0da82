/**
 * The Laplace (double exponential) distribution.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, shapesEqual } from "../math/shape.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { twoSidedUniform } from "../math/uniform-noise.js";
import { type Constraint, positive, real } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";

/**
 * Laplace(loc, scale): density p(x) = exp(−|x − μ| / b) / (2b).
 *
 * - support: real; parameters: `loc` μ (real, mean and median), `scale` b (positive)
 * - mean μ, variance 2b², entropy 1 + log(2b)
 * - reparameterized by the inverse CDF: x = μ − b·sign(u − ½)·log(1 − 2|u − ½|), evaluated from
 *   w = min(u, 1 − u) as μ ∓ b log(2w) (full resolution in both tails, never infinite)
 * - the gradient of logProb at x = μ exactly is a subgradient (tfjs's |·|′(0) = −1)
 *
 * @example
 * ```ts
 * const d = new LaplaceDistribution(tf.zeros([2]), tf.ones([2]));
 * d.logProb(tf.zeros([2])); // [−log 2, −log 2]
 * ```
 */
export class LaplaceDistribution extends Distribution<"real"> {
  readonly name = "Laplace";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"real"> = real;
  readonly argConstraints = {
    /** The location μ (mean and median) is any real number. */
    loc: real,
    /** The scale b must be > 0. */
    scale: positive,
  };
  readonly hasRsample = true;

  /**
   * @param loc - location μ (a float32 tensor)
   * @param scale - scale b > 0 (a float32 tensor)
   * @param batchShape - a batch shape that loc and scale broadcast to (default: their broadcast)
   */
  constructor(
    readonly loc: tf.Tensor,
    readonly scale: tf.Tensor,
    batchShape?: number[],
  ) {
    super();
    this.batchShape = broadcastShapes("Laplace", loc.shape, scale.shape, batchShape ?? []);
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => {
      // u = w: μ + b log(2w); u = 1 − w: μ − b log(2w). 2w ∈ (0, 1] is exact.
      const { w, upper } = twoSidedUniform(this.shape(sampleShape), seed);
      const e = tf.log(tf.mul(w, 2));
      const t = tf.where(upper, tf.neg(e), e);
      return tf.add(this.loc, tf.mul(this.scale, t));
    });
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const z = tf.div(tf.abs(tf.sub(value, this.loc)), this.scale);
      const lp = tf.neg(tf.add(z, tf.add(tf.log(this.scale), Math.LN2)));
      const target = broadcastShapes("Laplace.logProb", value.shape, this.batchShape);
      return shapesEqual(lp.shape, target) ? lp : tf.broadcastTo(lp, target);
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.loc, this.batchShape));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.mul(2, tf.square(this.scale)), this.batchShape));
  }

  override entropy(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.add(tf.log(this.scale), 1 + Math.LN2), this.batchShape));
  }

  override expand(batchShape: number[]): LaplaceDistribution {
    return new LaplaceDistribution(this.loc, this.scale, expandShape("Laplace.expand", this.batchShape, batchShape));
  }
}

/**
 * Create a Laplace(loc, scale) distribution from numbers, arrays or tensors.
 *
 * ```
 * p(x) = exp(−|x − loc| / scale) / (2 scale)
 * ```
 *
 * Mean loc, variance 2 scale², entropy 1 + log(2 scale); reparameterized (`rsample`).
 *
 * @param loc - mean and median; any real number
 * @param scale - must be positive (checked when validation is on)
 * @example
 * ```ts
 * const sparsePrior = Laplace(0, 0.1).expand([784]).toEvent(1); // an L1-style prior on weights
 * ```
 */
export function Laplace(loc: TensorLike, scale: TensorLike): LaplaceDistribution {
  return new LaplaceDistribution(param("Laplace", "loc", loc, real), param("Laplace", "scale", scale, positive));
}

/**
 * The LogNormal distribution: exp of a Normal.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { seedValue, type Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, shapesEqual } from "../math/shape.js";
import { LOG_2PI } from "../math/special.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { type Constraint, positive, real } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";
import { replaceOutside, restrictToSupport } from "./support-mask.js";

const isPositive = (x: tf.Tensor): tf.Tensor => tf.greater(x, 0);

/**
 * LogNormal(loc, scale): log x ~ Normal(μ, σ²), density
 * p(x) = exp(−(log x − μ)² / (2σ²)) / (x σ √(2π)) for x > 0.
 *
 * - support: positive; parameters: `loc` μ (real), `scale` σ (positive), the mean and standard
 *   deviation of log x
 * - mean exp(μ + σ²/2), variance exp(2μ + 2σ²)·(1 − exp(−σ²)) (written so that it neither
 *   overflows early nor cancels for small σ), entropy μ + ½ + ½ log(2π) + log σ
 * - reparameterized: x = exp(μ + σ ε), ε ~ N(0, 1)
 * - `logProb` is −∞ for x ≤ 0 (with a zero, not NaN, gradient there)
 *
 * @example
 * ```ts
 * const d = new LogNormalDistribution(tf.zeros([2]), tf.ones([2]));
 * d.logProb(tf.ones([2])); // [−0.919, −0.919]
 * ```
 */
export class LogNormalDistribution extends Distribution<"positive"> {
  readonly name = "LogNormal";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"positive"> = positive;
  readonly argConstraints = {
    /** The mean μ of log x is any real number. */
    loc: real,
    /** The standard deviation σ of log x must be > 0. */
    scale: positive,
  };
  readonly hasRsample = true;

  /**
   * @param loc - mean μ of log x (a float32 tensor)
   * @param scale - standard deviation σ > 0 of log x (a float32 tensor)
   * @param batchShape - a batch shape that loc and scale broadcast to (default: their broadcast)
   */
  constructor(
    readonly loc: tf.Tensor,
    readonly scale: tf.Tensor,
    batchShape?: number[],
  ) {
    super();
    this.batchShape = broadcastShapes("LogNormal", loc.shape, scale.shape, batchShape ?? []);
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => {
      const eps = tf.randomNormal(this.shape(sampleShape), 0, 1, "float32", seedValue(seed));
      return tf.exp(tf.add(this.loc, tf.mul(this.scale, eps)));
    });
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      // x ≤ 0 is replaced by 1 before the logs (so neither value nor gradient is NaN there), then −∞.
      const logX = tf.log(replaceOutside(value, isPositive, 1));
      const z = tf.div(tf.sub(logX, this.loc), this.scale);
      const lp = tf.sub(tf.mul(-0.5, tf.square(z)), tf.add(tf.add(tf.log(this.scale), 0.5 * LOG_2PI), logX));
      return this.broadcastBatch(restrictToSupport(lp, value, isPositive), value);
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.exp(tf.add(this.loc, tf.mul(0.5, tf.square(this.scale)))), this.batchShape));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => {
      const s2 = tf.square(this.scale);
      // (e^{σ²} − 1)·e^{2μ + σ²} = e^{2μ + 2σ²}·(−expm1(−σ²)): the second factor lies in (0, 1], so the
      // product is never ∞·0 and keeps relative accuracy for small σ.
      const v = tf.mul(tf.exp(tf.mul(2, tf.add(this.loc, s2))), tf.neg(tf.expm1(tf.neg(s2))));
      return tf.broadcastTo(v, this.batchShape);
    });
  }

  override entropy(): tf.Tensor {
    return tf.tidy(() =>
      tf.broadcastTo(tf.add(tf.add(this.loc, tf.log(this.scale)), 0.5 + 0.5 * LOG_2PI), this.batchShape),
    );
  }

  override expand(batchShape: number[]): LogNormalDistribution {
    return new LogNormalDistribution(this.loc, this.scale, expandShape("LogNormal.expand", this.batchShape, batchShape));
  }

  private broadcastBatch(lp: tf.Tensor, value: tf.Tensor): tf.Tensor {
    const target = broadcastShapes("LogNormal.logProb", value.shape, this.batchShape);
    return shapesEqual(lp.shape, target) ? lp : tf.broadcastTo(lp, target);
  }
}

/**
 * Create a LogNormal(loc, scale) distribution from numbers, arrays or tensors: the distribution of
 * exp(X) for X ~ Normal(loc, scale).
 *
 * ```
 * p(x) = exp(−(log x − loc)² / (2 scale²)) / (x scale √(2π)),   x > 0
 * ```
 *
 * Mean exp(loc + scale²/2), variance (exp(scale²) − 1)·exp(2 loc + scale²), entropy
 * loc + ½ + ½ log(2π) + log scale; reparameterized (`rsample`).
 *
 * @param loc - mean of log x; any real number
 * @param scale - standard deviation of log x; must be positive (checked when validation is on)
 * @example
 * ```ts
 * const prior = LogNormal(0, 0.5);            // a positive latent
 * prior.logProb(tf.scalar(1));                // −log(0.5√(2π)) ≈ −0.226
 * ```
 */
export function LogNormal(loc: TensorLike, scale: TensorLike): LogNormalDistribution {
  return new LogNormalDistribution(param("LogNormal", "loc", loc, real), param("LogNormal", "scale", scale, positive));
}

/**
 * Student's t distribution (location-scale).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { digammaDifference } from "../math/digamma-difference.js";
import { randomLogGamma } from "../math/gamma-sampler.js";
import { lbeta } from "../math/lbeta.js";
import { RandomStream, seedValue, type Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, shapesEqual } from "../math/shape.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { mulLog1p } from "../math/mul-log.js";
import { type Constraint, positive, real } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";

/**
 * StudentT(df, loc, scale): density
 * p(x) = Γ((ν+1)/2) / (Γ(ν/2) √(νπ) σ) · (1 + z²/ν)^(−(ν+1)/2), z = (x − μ)/σ.
 *
 * - support: real; parameters: `df` ν > 0, `loc` μ (real), `scale` σ > 0
 * - mean μ for ν > 1 (NaN otherwise: undefined); variance σ²ν/(ν − 2) for ν > 2, +∞ for 1 < ν ≤ 2,
 *   NaN for ν ≤ 1; entropy ((ν+1)/2)(ψ((ν+1)/2) − ψ(ν/2)) + log(√ν B(ν/2, ½)) + log σ
 * - reparameterized: x = μ + σ·Z·√(ν/G), Z ~ N(0, 1), G ~ χ²_ν = 2·Gamma(ν/2, 1) (log G drawn directly,
 *   with the Gamma's implicit gradient for ν)
 *
 * The normalizer is written −log B(ν/2, ½) − ½ log ν (no difference of two large log Γ), and the
 * entropy's digamma difference is computed without cancellation, so both stay accurate for large ν.
 *
 * @example
 * ```ts
 * const d = new StudentTDistribution(tf.scalar(1), tf.scalar(0), tf.scalar(1)); // Cauchy
 * d.logProb(tf.scalar(0)); // −log π
 * ```
 */
export class StudentTDistribution extends Distribution<"real"> {
  readonly name = "StudentT";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"real"> = real;
  readonly argConstraints = {
    /** The degrees of freedom ν must be > 0. */
    df: positive,
    /** The location μ is any real number. */
    loc: real,
    /** The scale σ must be > 0. */
    scale: positive,
  };
  readonly hasRsample = true;

  /**
   * @param df - degrees of freedom ν > 0 (a float32 tensor)
   * @param loc - location μ (a float32 tensor)
   * @param scale - scale σ > 0 (a float32 tensor)
   * @param batchShape - a batch shape all three broadcast to (default: their broadcast)
   */
  constructor(
    readonly df: tf.Tensor,
    readonly loc: tf.Tensor,
    readonly scale: tf.Tensor,
    batchShape?: number[],
  ) {
    super();
    this.batchShape = broadcastShapes("StudentT", df.shape, loc.shape, scale.shape, batchShape ?? []);
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => {
      const shape = this.shape(sampleShape);
      const stream = new RandomStream(seedValue(seed));
      const z = tf.randomNormal(shape, 0, 1, "float32", stream.nextSeed());
      const logG = tf.add(randomLogGamma(tf.mul(this.df, 0.5), shape, stream), Math.LN2); // G ~ χ²_ν
      const t = tf.mul(z, tf.exp(tf.mul(0.5, tf.sub(tf.log(this.df), logG))));
      return tf.add(this.loc, tf.mul(this.scale, t));
    });
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const nu = this.df;
      const z = tf.div(tf.sub(value, this.loc), this.scale);
      const c = tf.mul(tf.add(nu, 1), 0.5);
      // ((ν + 1)/2)·log1p(z²/ν): for |z| ≥ √ν as (ν + 1)/2·(2 log|z| − log ν + log1p(ν/z²)), so that z² never
      // overflows (|z| > 1.8e19); "double where" inputs keep the unused branch finite.
      const far = tf.greaterEqual(tf.abs(z), tf.sqrt(nu)); // GreaterEqual has a (zero) gradient
      const zNear = tf.where(far, tf.zerosLike(z), z);
      const zFar = tf.where(far, z, tf.onesLike(z));
      const near = mulLog1p(c, tf.div(tf.square(zNear), nu));
      const r = tf.reciprocal(zFar);
      const farValue = tf.add(
        tf.mul(c, tf.sub(tf.mul(2, tf.log(tf.abs(zFar))), tf.log(nu))),
        mulLog1p(c, tf.mul(nu, tf.square(r))),
      );
      // −log B(ν/2, ½) − ½ log ν − log σ − ((ν + 1)/2)·log1p(z²/ν)
      const lp = tf.sub(
        tf.neg(tf.add(lbeta(tf.mul(nu, 0.5), tf.scalar(0.5)), tf.mul(0.5, tf.log(nu)))),
        tf.add(tf.log(this.scale), tf.where(far, farValue, near)),
      );
      const target = broadcastShapes("StudentT.logProb", value.shape, this.batchShape);
      return shapesEqual(lp.shape, target) ? lp : tf.broadcastTo(lp, target);
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => {
      const undefinedMean = tf.greaterEqual(1, this.df); // ν ≤ 1 (GreaterEqual has a zero gradient)
      return tf.broadcastTo(tf.where(undefinedMean, tf.scalar(NaN), this.loc), this.batchShape);
    });
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => {
      const nu = this.df;
      const diverges = tf.greaterEqual(2, nu); // ν ≤ 2 (GreaterEqual has a zero gradient; no logicalNot, which has none)
      const safe = tf.where(diverges, tf.fill(nu.shape, 3), nu);
      const v = tf.mul(tf.square(this.scale), tf.div(safe, tf.sub(safe, 2)));
      const special = tf.where(tf.greaterEqual(1, nu), tf.scalar(NaN), tf.scalar(Infinity));
      return tf.broadcastTo(tf.where(diverges, special, v), this.batchShape);
    });
  }

  override entropy(): tf.Tensor {
    return tf.tidy(() => {
      const nu = this.df;
      const half = tf.mul(nu, 0.5);
      const h = tf.add(
        tf.add(tf.mul(tf.add(half, 0.5), digammaDifference(half, tf.scalar(0.5))), lbeta(half, tf.scalar(0.5))),
        tf.add(tf.mul(0.5, tf.log(nu)), tf.log(this.scale)),
      );
      return tf.broadcastTo(h, this.batchShape);
    });
  }

  override expand(batchShape: number[]): StudentTDistribution {
    return new StudentTDistribution(this.df, this.loc, this.scale, expandShape("StudentT.expand", this.batchShape, batchShape));
  }
}

/**
 * Create a Student-t distribution with `df` degrees of freedom, location `loc` and scale `scale` from
 * numbers, arrays or tensors.
 *
 * ```
 * p(x) = Γ((ν + 1)/2) / (Γ(ν/2) √(νπ) σ) · (1 + ((x − μ)/σ)²/ν)^(−(ν + 1)/2)
 * ```
 *
 * Heavy-tailed: ν = 1 is the Cauchy, ν → ∞ the Normal. Has `rsample`.
 *
 * @param df - the degrees of freedom ν; must be positive
 * @param loc - the location μ (the mean when ν > 1)
 * @param scale - the scale σ; must be positive
 * @example
 * ```ts
 * const robust = StudentT(4, 0, 1).expand([100]);
 * robust.logProb(residuals);
 * ```
 */
export function StudentT(df: TensorLike, loc: TensorLike, scale: TensorLike): StudentTDistribution {
  return new StudentTDistribution(
    param("StudentT", "df", df, positive),
    param("StudentT", "loc", loc, real),
    param("StudentT", "scale", scale, positive),
  );
}

/**
 * The inverse-Gamma distribution: the law of 1/X for X ~ Gamma(concentration, rate).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { randomLogGamma } from "../math/gamma-sampler.js";
import { lgamma } from "../math/lgamma.js";
import type { Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, shapesEqual } from "../math/shape.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { type Constraint, positive } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { gammaEntropyCore } from "./gamma.js";
import { param } from "./params.js";

/**
 * InverseGamma(concentration, rate): density p(x) = βᵅ x^(−α−1) e^(−β/x) / Γ(α) for x > 0.
 *
 * - support: positive; parameters: `concentration` α > 0, `rate` β > 0 (the rate of the Gamma being
 *   inverted, hence the scale of this distribution)
 * - mean β/(α − 1) for α > 1 (+∞ otherwise); variance β²/((α − 1)²(α − 2)) for α > 2 (+∞ otherwise);
 *   entropy α + log β + log Γ(α) − (1 + α)ψ(α)
 * - reparameterized: x = exp(log β − log g), g ~ Gamma(α, 1) with its implicit gradient (log g is drawn
 *   directly, so tiny α does not underflow; x overflows to +∞ only where the draw exceeds the float32 range)
 *
 * @example
 * ```ts
 * const d = new InverseGammaDistribution(tf.scalar(3), tf.scalar(2));
 * d.mean; // 1
 * ```
 */
export class InverseGammaDistribution extends Distribution<"positive"> {
  readonly name = "InverseGamma";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"positive"> = positive;
  readonly argConstraints = {
    /** The shape α must be > 0. */
    concentration: positive,
    /** The scale β (the rate of the inverted Gamma) must be > 0. */
    rate: positive,
  };
  readonly hasRsample = true;

  /**
   * @param concentration - shape α > 0 (a float32 tensor)
   * @param rate - β > 0, the rate of the inverted Gamma (a float32 tensor)
   * @param batchShape - a batch shape both broadcast to (default: their broadcast)
   */
  constructor(
    readonly concentration: tf.Tensor,
    readonly rate: tf.Tensor,
    batchShape?: number[],
  ) {
    super();
    this.batchShape = broadcastShapes("InverseGamma", concentration.shape, rate.shape, batchShape ?? []);
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() =>
      tf.exp(tf.sub(tf.log(this.rate), randomLogGamma(this.concentration, this.shape(sampleShape), seed))),
    );
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const a = this.concentration;
      const b = this.rate;
      // α log β − log Γ(α) − (α + 1) log x − β/x
      const lp = tf.sub(
        tf.sub(tf.mul(a, tf.log(b)), lgamma(a)),
        tf.add(tf.mul(tf.add(a, 1), tf.log(value)), tf.div(b, value)),
      );
      const target = broadcastShapes("InverseGamma.logProb", value.shape, this.batchShape);
      return shapesEqual(lp.shape, target) ? lp : tf.broadcastTo(lp, target);
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => {
      const a = this.concentration;
      const undefinedMean = tf.greaterEqual(1, a); // α ≤ 1: the mean diverges
      const safe = tf.where(undefinedMean, tf.fill(a.shape, 2), a);
      const m = tf.where(undefinedMean, tf.fill(a.shape, Infinity), tf.div(this.rate, tf.sub(safe, 1)));
      return tf.broadcastTo(m, this.batchShape);
    });
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => {
      const a = this.concentration;
      const infinite = tf.greaterEqual(2, a); // α ≤ 2: the variance diverges
      const safe = tf.where(infinite, tf.fill(a.shape, 3), a);
      const am1 = tf.sub(safe, 1);
      const v = tf.div(tf.square(tf.div(this.rate, am1)), tf.sub(safe, 2));
      return tf.broadcastTo(tf.where(infinite, tf.fill(v.shape, Infinity), v), this.batchShape);
    });
  }

  override entropy(): tf.Tensor {
    return tf.tidy(() =>
      tf.broadcastTo(tf.add(gammaEntropyCore(this.concentration, -1), tf.log(this.rate)), this.batchShape),
    );
  }

  override expand(batchShape: number[]): InverseGammaDistribution {
    return new InverseGammaDistribution(
      this.concentration,
      this.rate,
      expandShape("InverseGamma.expand", this.batchShape, batchShape),
    );
  }
}

/**
 * Create an InverseGamma(concentration, rate) distribution from numbers, arrays or tensors: the law of
 * 1/X for X ~ Gamma(concentration, rate).
 *
 * ```
 * p(x) = rate^concentration x^(−concentration − 1) e^(−rate/x) / Γ(concentration),   x > 0
 * ```
 *
 * Mean rate/(concentration − 1) when concentration > 1. Has `rsample`.
 *
 * @param concentration - the shape α; must be positive
 * @param rate - β, the rate of the inverted Gamma (a scale here); must be positive
 * @example
 * ```ts
 * const varPrior = InverseGamma(3, 2); // a prior on a variance, mean 1
 * ```
 */
export function InverseGamma(concentration: TensorLike, rate: TensorLike): InverseGammaDistribution {
  return new InverseGammaDistribution(
    param("InverseGamma", "concentration", concentration, positive),
    param("InverseGamma", "rate", rate, positive),
  );
}

/**
 * The chi-square distribution, a Gamma(df/2, 1/2).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { expandShape } from "../math/shape.js";
import type { TensorLike } from "../math/tensor-like.js";
import { positive } from "./constraints.js";
import { GammaDistribution } from "./gamma.js";
import { param } from "./params.js";

/**
 * Chi2(df): density p(x) = x^(ν/2 − 1) e^(−x/2) / (2^(ν/2) Γ(ν/2)) for x > 0, i.e. Gamma(ν/2, 1/2).
 *
 * - support: positive; parameter: `df` ν > 0 (degrees of freedom, not necessarily an integer)
 * - mean ν, variance 2ν, entropy ν/2 + log 2 + log Γ(ν/2) + (1 − ν/2)ψ(ν/2)
 * - reparameterized through Gamma's implicit gradient (d/dν = ½ d/dα)
 *
 * A subclass of {@link GammaDistribution} (`concentration` = ν/2, `rate` = ½), so every Gamma KL rule
 * applies to it.
 *
 * @example
 * ```ts
 * const d = new Chi2Distribution(tf.scalar(3));
 * d.mean; // 3
 * ```
 */
export class Chi2Distribution extends GammaDistribution {
  override readonly name = "Chi2";
  override readonly argConstraints = {
    /** The degrees of freedom ν must be > 0. */
    df: positive,
  };

  /**
   * @param df - degrees of freedom ν > 0 (a float32 tensor)
   * @param batchShape - a batch shape df broadcasts to (default: its shape)
   */
  constructor(
    readonly df: tf.Tensor,
    batchShape?: number[],
  ) {
    super(tf.mul(df, 0.5), tf.scalar(0.5), batchShape);
  }

  override expand(batchShape: number[]): Chi2Distribution {
    return new Chi2Distribution(this.df, expandShape("Chi2.expand", this.batchShape, batchShape));
  }
}

/**
 * Create a chi-square distribution with `df` degrees of freedom from numbers, arrays or tensors.
 *
 * ```
 * p(x) = x^(df/2 − 1) e^(−x/2) / (2^(df/2) Γ(df/2)),   x > 0        (= Gamma(df/2, 1/2))
 * ```
 *
 * Mean df, variance 2·df. Has `rsample` (implicit reparameterization of the Gamma).
 *
 * @param df - the degrees of freedom ν; must be positive
 * @example
 * ```ts
 * Chi2(4).logProb(tf.scalar(2)); // log(e^{−1}/2) ≈ −1.693
 * ```
 */
export function Chi2(df: TensorLike): Chi2Distribution {
  return new Chi2Distribution(param("Chi2", "df", df, positive));
}

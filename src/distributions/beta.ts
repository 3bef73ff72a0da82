/**
 * The Beta distribution, with implicit reparameterization gradients.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { digammaDifference } from "../math/digamma-difference.js";
import { randomBeta } from "../math/gamma-sampler.js";
import { lbeta } from "../math/lbeta.js";
import type { Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, shapesEqual } from "../math/shape.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { mulLog, mulLog1p } from "../math/mul-log.js";
import { type Constraint, positive, unitInterval } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";

/**
 * Beta(concentration1, concentration0): density p(x) = x^(a−1) (1 − x)^(b−1) / B(a, b) for 0 < x < 1.
 *
 * - support: the unit interval; parameters: `concentration1` a > 0 (exponent of x), `concentration0`
 *   b > 0 (exponent of 1 − x)
 * - mean a/(a + b), variance ab/((a + b)²(a + b + 1)),
 *   entropy log B(a, b) − (a − 1)ψ(a) − (b − 1)ψ(b) + (a + b − 2)ψ(a + b)
 * - reparameterized: x = g₁/(g₁ + g₀) with g₁ ~ Gamma(a), g₀ ~ Gamma(b), formed from log g₁ − log g₀ in
 *   float64; the gradient is the implicit one of the Beta CDF, dx/da = −(∂I_x/∂a)/p(x) (the conditional mean,
 *   given x, of the path derivative through the two Gammas: same expectation, lower variance). Draws are
 *   kept inside [2⁻¹²⁶, 1 − 2⁻²⁴], so small concentrations (a = b = 0.01 puts about half the mass next to
 *   each end) never give 0, 1 or NaN.
 *
 * @example
 * ```ts
 * const d = new BetaDistribution(tf.scalar(2), tf.scalar(3));
 * d.logProb(tf.scalar(0.5)); // log(12·0.5·0.25) = log 1.5
 * ```
 */
export class BetaDistribution extends Distribution<"unitInterval"> {
  readonly name = "Beta";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"unitInterval"> = unitInterval;
  readonly argConstraints = {
    /** The exponent a of x (the "successes" concentration) must be > 0. */
    concentration1: positive,
    /** The exponent b of 1 − x (the "failures" concentration) must be > 0. */
    concentration0: positive,
  };
  readonly hasRsample = true;

  /**
   * @param concentration1 - a > 0, the exponent of x (a float32 tensor)
   * @param concentration0 - b > 0, the exponent of 1 − x (a float32 tensor)
   * @param batchShape - a batch shape both broadcast to (default: their broadcast)
   */
  constructor(
    readonly concentration1: tf.Tensor,
    readonly concentration0: tf.Tensor,
    batchShape?: number[],
  ) {
    super();
    this.batchShape = broadcastShapes("Beta", concentration1.shape, concentration0.shape, batchShape ?? []);
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => randomBeta(this.concentration1, this.concentration0, this.shape(sampleShape), seed));
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const a = this.concentration1;
      const b = this.concentration0;
      // (a − 1) log x + (b − 1) log1p(−x) − log B(a, b), with 0·log 0 = 0 at the ends
      const lp = tf.sub(tf.add(mulLog(tf.sub(a, 1), value), mulLog1p(tf.sub(b, 1), tf.neg(value))), lbeta(a, b));
      const target = broadcastShapes("Beta.logProb", value.shape, this.batchShape);
      return shapesEqual(lp.shape, target) ? lp : tf.broadcastTo(lp, target);
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => {
      const a = this.concentration1;
      return tf.broadcastTo(tf.div(a, tf.add(a, this.concentration0)), this.batchShape);
    });
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => {
      const a = this.concentration1;
      const b = this.concentration0;
      const s = tf.add(a, b);
      const v = tf.div(tf.mul(tf.div(a, s), tf.div(b, s)), tf.add(s, 1));
      return tf.broadcastTo(v, this.batchShape);
    });
  }

  override entropy(): tf.Tensor {
    return tf.tidy(() => {
      const a = this.concentration1;
      const b = this.concentration0;
      // log B(a, b) + (a − 1)(ψ(a + b) − ψ(a)) + (b − 1)(ψ(a + b) − ψ(b))
      const h = tf.add(
        lbeta(a, b),
        tf.add(tf.mul(tf.sub(a, 1), digammaDifference(a, b)), tf.mul(tf.sub(b, 1), digammaDifference(b, a))),
      );
      return tf.broadcastTo(h, this.batchShape);
    });
  }

  override expand(batchShape: number[]): BetaDistribution {
    return new BetaDistribution(
      this.concentration1,
      this.concentration0,
      expandShape("Beta.expand", this.batchShape, batchShape),
    );
  }
}

/**
 * Create a Beta(concentration1, concentration0) distribution from numbers, arrays or tensors.
 *
 * ```
 * p(x) = x^(a − 1) (1 − x)^(b − 1) / B(a, b),   0 < x < 1,   a = concentration1, b = concentration0
 * ```
 *
 * Mean a/(a + b). Has `rsample` (implicit reparameterization of the Beta CDF).
 *
 * @param concentration1 - a, the exponent of x; must be positive
 * @param concentration0 - b, the exponent of 1 − x; must be positive
 * @example
 * ```ts
 * const prior = Beta(1, 1);             // uniform on (0, 1)
 * const q = Beta(softplus(u), softplus(v));
 * q.rsample([8]);                       // gradients reach u and v
 * ```
 */
export function Beta(concentration1: TensorLike, concentration0: TensorLike): BetaDistribution {
  return new BetaDistribution(
    param("Beta", "concentration1", concentration1, positive),
    param("Beta", "concentration0", concentration0, positive),
  );
}

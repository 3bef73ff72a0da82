/**
 * The Kumaraswamy distribution: a Beta-like law on (0, 1) with a closed-form CDF.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { clampValue } from "../math/clamp-value.js";
import { digammaDifference } from "../math/digamma-difference.js";
import { ONE_MINUS_EPS32, randomLogExponential, TINY32 } from "../math/gamma-sampler.js";
import { lbeta } from "../math/lbeta.js";
import { log1mexp } from "../math/log1mexp.js";
import type { Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, shapesEqual } from "../math/shape.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { mulLog, mulLog1p } from "../math/mul-log.js";
import { type Constraint, positive, unitInterval } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";

/**
 * Kumaraswamy(concentration1, concentration0): density p(x) = ab x^(a−1) (1 − x^a)^(b−1) for 0 < x < 1,
 * CDF F(x) = 1 − (1 − x^a)^b.
 *
 * - support: the unit interval; parameters: `concentration1` a > 0, `concentration0` b > 0
 * - mean b·B(1 + 1/a, b), variance b·B(1 + 2/a, b) − mean², entropy (1 − 1/b) + (1 − 1/a)H_b − log(ab)
 *   with H_b = ψ(b + 1) + γ the harmonic number
 * - reparameterized by the inverse CDF: x = (1 − e^(−E/b))^(1/a), E ~ Exponential(1), computed as
 *   exp(log1mexp(−E/b)/a) (accurate at both ends); draws that round to 0 or 1 in float32 are returned as
 *   2⁻¹²⁶ or 1 − 2⁻²⁴, with the gradient of the exact draw
 *
 * log(1 − x^a) in the density is log1mexp(a log x), so it keeps its accuracy for x next to 1.
 *
 * @example
 * ```ts
 * const d = new KumaraswamyDistribution(tf.scalar(2), tf.scalar(3));
 * d.logProb(tf.scalar(0.5)); // log(6·0.5·0.75²) ≈ 0.5232
 * ```
 */
export class KumaraswamyDistribution extends Distribution<"unitInterval"> {
  readonly name = "Kumaraswamy";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"unitInterval"> = unitInterval;
  readonly argConstraints = {
    /** The exponent a of x must be > 0. */
    concentration1: positive,
    /** The exponent b of 1 − x^a must be > 0. */
    concentration0: positive,
  };
  readonly hasRsample = true;

  /**
   * @param concentration1 - a > 0 (a float32 tensor)
   * @param concentration0 - b > 0 (a float32 tensor)
   * @param batchShape - a batch shape both broadcast to (default: their broadcast)
   */
  constructor(
    readonly concentration1: tf.Tensor,
    readonly concentration0: tf.Tensor,
    batchShape?: number[],
  ) {
    super();
    this.batchShape = broadcastShapes("Kumaraswamy", concentration1.shape, concentration0.shape, batchShape ?? []);
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => {
      const logE = randomLogExponential(this.shape(sampleShape), seed);
      const s = tf.exp(tf.sub(logE, tf.log(this.concentration0))); // E/b
      const x = tf.exp(tf.div(log1mexp(tf.neg(s)), this.concentration1));
      return clampValue(x, TINY32, ONE_MINUS_EPS32);
    });
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const a = this.concentration1;
      const b = this.concentration0;
      const bm1 = tf.sub(b, 1);
      // (b − 1) log(1 − e^t), t = a log x: log(−expm1 t) near 0, log1p(−e^t) below −log 2, each through
      // mulLog/mulLog1p so that b = 1 gives exactly 0 even at x = 1 ("double where" keeps both finite).
      const t = tf.mul(a, tf.log(value));
      const near = tf.greaterEqual(t, -Math.LN2); // GreaterEqual has a (zero) gradient
      const tNear = tf.where(near, t, tf.scalar(-1));
      const tFar = tf.where(near, tf.scalar(-1), t);
      const tail = tf.where(near, mulLog(bm1, tf.neg(tf.expm1(tNear))), mulLog1p(bm1, tf.neg(tf.exp(tFar))));
      const lp = tf.add(tf.add(tf.add(tf.log(a), tf.log(b)), mulLog(tf.sub(a, 1), value)), tail);
      const target = broadcastShapes("Kumaraswamy.logProb", value.shape, this.batchShape);
      return shapesEqual(lp.shape, target) ? lp : tf.broadcastTo(lp, target);
    });
  }

  /** log E[x^n] = log b + log B(1 + n/a, b). */
  private logMoment(n: number): tf.Tensor {
    return tf.add(tf.log(this.concentration0), lbeta(tf.add(1, tf.div(n, this.concentration1)), this.concentration0));
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.exp(this.logMoment(1)), this.batchShape));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => {
      // m₂ − m₁² = −m₂·expm1(2 log m₁ − log m₂)
      const l1 = this.logMoment(1);
      const l2 = this.logMoment(2);
      return tf.broadcastTo(tf.neg(tf.mul(tf.exp(l2), tf.expm1(tf.sub(tf.mul(2, l1), l2)))), this.batchShape);
    });
  }

  override entropy(): tf.Tensor {
    return tf.tidy(() => {
      const a = this.concentration1;
      const b = this.concentration0;
      const harmonic = digammaDifference(tf.onesLike(b), b); // ψ(1 + b) − ψ(1)
      const h = tf.add(
        tf.add(tf.sub(1, tf.reciprocal(b)), tf.mul(tf.sub(1, tf.reciprocal(a)), harmonic)),
        tf.neg(tf.add(tf.log(a), tf.log(b))),
      );
      return tf.broadcastTo(h, this.batchShape);
    });
  }

  override expand(batchShape: number[]): KumaraswamyDistribution {
    return new KumaraswamyDistribution(
      this.concentration1,
      this.concentration0,
      expandShape("Kumaraswamy.expand", this.batchShape, batchShape),
    );
  }
}

/**
 * Create a Kumaraswamy(concentration1, concentration0) distribution from numbers, arrays or tensors.
 *
 * ```
 * p(x) = a b x^(a − 1) (1 − x^a)^(b − 1),   0 < x < 1,   a = concentration1, b = concentration0
 * ```
 *
 * A reparameterizable stand-in for a Beta (closed-form inverse CDF); `kl(Kumaraswamy, Beta)` has a
 * closed form (Nalisnick & Smyth 2017).
 *
 * @param concentration1 - a, the exponent of x; must be positive
 * @param concentration0 - b, the exponent of 1 − x^a; must be positive
 * @example
 * ```ts
 * const q = Kumaraswamy(softplus(u), softplus(v)); // stick-breaking guide
 * kl(q, Beta(1, alpha));
 * ```
 */
export function Kumaraswamy(concentration1: TensorLike, concentration0: TensorLike): KumaraswamyDistribution {
  return new KumaraswamyDistribution(
    param("Kumaraswamy", "concentration1", concentration1, positive),
    param("Kumaraswamy", "concentration0", concentration0, positive),
  );
}

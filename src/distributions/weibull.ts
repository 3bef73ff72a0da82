/**
 * The Weibull distribution.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { clampValue } from "../math/clamp-value.js";
import { randomLogExponential, TINY32 } from "../math/gamma-sampler.js";
import { lgamma } from "../math/lgamma.js";
import type { Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, shapesEqual } from "../math/shape.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { mulLog } from "../math/mul-log.js";
import { type Constraint, positive } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";

/** Euler–Mascheroni constant γ. */
const EULER_GAMMA = 0.5772156649015329;
/** From this concentration on the variance uses the series in 1/k. */
const SERIES_K = 8;

/** ζ(n) for n ≥ 2 in float64: Σₖ₌₁¹⁰⁰⁰ k⁻ⁿ plus the Euler–Maclaurin tail (error < 1e−16). */
function zeta(n: number): number {
  const N = 1000;
  let s = 0;
  for (let k = N; k >= 1; k--) s += k ** -n;
  return s + N ** (1 - n) / (n - 1) - 0.5 * N ** -n + (n * N ** (-n - 1)) / 12;
}

/**
 * Coefficients cₙ (n = 2 … 21) of 2 log Γ(1 + ε) − log Γ(1 + 2ε) = Σ cₙ εⁿ, cₙ = (−1)ⁿ⁺¹ ζ(n)(2ⁿ − 2)/n,
 * from log Γ(1 + z) = −γz + Σₙ≥₂ (−1)ⁿ ζ(n) zⁿ/n. For ε ≤ 1/8 the omitted terms are below 1e−13 relative.
 */
const LOG_GAMMA_RATIO = Array.from({ length: 20 }, (_, i) => {
  const n = i + 2;
  return ((n % 2 === 0 ? -1 : 1) * zeta(n) * (2 ** n - 2)) / n;
});

/**
 * Weibull(scale, concentration): density p(x) = (k/λ)(x/λ)^(k−1) e^(−(x/λ)^k) for x > 0.
 *
 * - support: positive; parameters: `scale` λ > 0, `concentration` k > 0
 * - mean λΓ(1 + 1/k), variance λ²[Γ(1 + 2/k) − Γ(1 + 1/k)²], entropy γ(1 − 1/k) + log(λ/k) + 1
 * - reparameterized by the inverse CDF: x = λ·E^(1/k) with E ~ Exponential(1) (log E drawn directly);
 *   draws below 2⁻¹²⁶ (k ≲ 0.3 makes them common) are returned as 2⁻¹²⁶ with the gradient of the exact draw
 *
 * The variance is computed as −λ² e^A expm1(B − A), A = log Γ(1 + 2/k), B = 2 log Γ(1 + 1/k), with B − A
 * from its power series in 1/k for k ≥ 8, so it keeps its relative accuracy for large k (≈ π²λ²/(6k²)).
 *
 * @example
 * ```ts
 * const d = new WeibullDistribution(tf.scalar(1), tf.scalar(1)); // Exponential(1)
 * d.logProb(tf.scalar(2)); // −2
 * ```
 */
export class WeibullDistribution extends Distribution<"positive"> {
  readonly name = "Weibull";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"positive"> = positive;
  readonly argConstraints = {
    /** The scale λ must be > 0. */
    scale: positive,
    /** The shape k must be > 0. */
    concentration: positive,
  };
  readonly hasRsample = true;

  /**
   * @param scale - scale λ > 0 (a float32 tensor)
   * @param concentration - shape k > 0 (a float32 tensor)
   * @param batchShape - a batch shape both broadcast to (default: their broadcast)
   */
  constructor(
    readonly scale: tf.Tensor,
    readonly concentration: tf.Tensor,
    batchShape?: number[],
  ) {
    super();
    this.batchShape = broadcastShapes("Weibull", scale.shape, concentration.shape, batchShape ?? []);
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => {
      const logE = randomLogExponential(this.shape(sampleShape), seed);
      const x = tf.mul(this.scale, tf.exp(tf.div(logE, this.concentration)));
      return clampValue(x, TINY32, Infinity);
    });
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const k = this.concentration;
      const km1 = tf.sub(k, 1);
      const logScale = tf.log(this.scale);
      // log k − log λ + (k − 1)(log x − log λ) − (x/λ)^k. (k − 1) log x is formed from x, not from z = x/λ:
      // its gradient (k − 1)/x stays finite where z is subnormal and (k − 1)/z would overflow.
      const lp = tf.sub(
        tf.add(tf.sub(tf.log(k), logScale), tf.sub(mulLog(km1, value), tf.mul(km1, logScale))),
        tf.pow(tf.div(value, this.scale), k),
      );
      const target = broadcastShapes("Weibull.logProb", value.shape, this.batchShape);
      return shapesEqual(lp.shape, target) ? lp : tf.broadcastTo(lp, target);
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() =>
      tf.broadcastTo(tf.mul(this.scale, tf.exp(lgamma(tf.add(1, tf.reciprocal(this.concentration))))), this.batchShape),
    );
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => {
      const k = this.concentration;
      const large = tf.greaterEqual(k, SERIES_K); // GreaterEqual has a (zero) gradient
      const eps = tf.reciprocal(k);
      const a = lgamma(tf.add(1, tf.mul(2, eps)));
      const direct = tf.sub(tf.mul(2, lgamma(tf.add(1, eps))), a);
      const e = tf.reciprocal(tf.where(large, k, tf.fill(k.shape, SERIES_K)));
      let poly: tf.Tensor = tf.scalar(LOG_GAMMA_RATIO[LOG_GAMMA_RATIO.length - 1]!);
      for (let i = LOG_GAMMA_RATIO.length - 2; i >= 0; i--) poly = tf.add(tf.mul(poly, e), LOG_GAMMA_RATIO[i]!);
      const series = tf.mul(tf.square(e), poly); // Σₙ≥₂ cₙ εⁿ
      const bMinusA = tf.where(large, series, direct);
      const v = tf.mul(tf.square(this.scale), tf.neg(tf.mul(tf.exp(a), tf.expm1(bMinusA))));
      return tf.broadcastTo(v, this.batchShape);
    });
  }

  override entropy(): tf.Tensor {
    return tf.tidy(() => {
      const k = this.concentration;
      const h = tf.add(
        tf.mul(EULER_GAMMA, tf.sub(1, tf.reciprocal(k))),
        tf.add(tf.sub(tf.log(this.scale), tf.log(k)), 1),
      );
      return tf.broadcastTo(h, this.batchShape);
    });
  }

  override expand(batchShape: number[]): WeibullDistribution {
    return new WeibullDistribution(this.scale, this.concentration, expandShape("Weibull.expand", this.batchShape, batchShape));
  }
}

/**
 * Create a Weibull(scale, concentration) distribution from numbers, arrays or tensors.
 *
 * ```
 * p(x) = (k/λ) (x/λ)^(k − 1) exp(−(x/λ)^k),   x > 0,   λ = scale, k = concentration
 * ```
 *
 * Mean λΓ(1 + 1/k). Has `rsample` (inverse CDF x = λ(−log U)^(1/k)).
 *
 * @param scale - the scale λ; must be positive
 * @param concentration - the shape k; must be positive
 * @example
 * ```ts
 * const lifetime = Weibull(10, 1.5);
 * lifetime.rsample([32]);
 * ```
 */
export function Weibull(scale: TensorLike, concentration: TensorLike): WeibullDistribution {
  return new WeibullDistribution(param("Weibull", "scale", scale, positive), param("Weibull", "concentration", concentration, positive));
}

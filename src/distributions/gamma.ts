/**
 * The Gamma distribution, with implicit reparameterization gradients.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { digamma } from "../math/digamma.js";
import { randomGamma } from "../math/gamma-sampler.js";
import { lgamma, stirlingCorrection } from "../math/lgamma.js";
import type { Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, shapesEqual } from "../math/shape.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { mulLog } from "../math/mul-log.js";
import { type Constraint, positive } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";

/** From here on {@link gammaEntropyCore} uses Stirling's series. */
const STIRLING = 8;
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * E_k(α) = α + log Γ(α) + (k − α)·ψ(α), the parameter-dependent part of the Gamma (k = 1) and
 * inverse-Gamma (k = −1) entropies, without the O(α log α) cancellation of that formula for large α.
 *
 * For α ≥ 8, with log Γ(α) = (α − ½) log α − α + ½ log 2π + c(α) (c the Stirling correction) and
 * ψ(α) = log α − 1/(2α) − d(α), d(α) = Σₖ B₂ₖ/(2k α²ᵏ):
 *   E_k(α) = (k − ½) log α + ½ log 2π + ½ − k/(2α) + c(α) − (k − α)·d(α),
 * whose terms are all O(log α) or smaller.
 *
 * @internal
 */
export function gammaEntropyCore(alpha: tf.Tensor, k: number): tf.Tensor {
  return tf.tidy(() => {
    const large = tf.greaterEqual(alpha, STIRLING); // GreaterEqual has a (zero) gradient
    const small = tf.where(large, tf.onesLike(alpha), alpha);
    const direct = tf.add(tf.add(small, lgamma(small)), tf.mul(tf.sub(k, small), digamma(small)));
    const a = tf.where(large, alpha, tf.fill(alpha.shape, STIRLING));
    const r2 = tf.reciprocal(tf.square(a));
    // d(α) = r²(1/12 − r²(1/120 − r²(1/252 − r²(1/240 − r²/132))))
    let poly: tf.Tensor = tf.scalar(1 / 132);
    for (const c of [1 / 240, 1 / 252, 1 / 120]) poly = tf.sub(c, tf.mul(r2, poly));
    const d = tf.mul(r2, tf.sub(1 / 12, tf.mul(r2, poly)));
    const stirling = tf.add(
      tf.add(tf.mul(k - 0.5, tf.log(a)), HALF_LOG_2PI + 0.5),
      tf.sub(tf.sub(stirlingCorrection(a), tf.div(k / 2, a)), tf.mul(tf.sub(k, a), d)),
    );
    return tf.where(large, stirling, direct);
  });
}

/**
 * Gamma(concentration, rate): density p(x) = βᵅ x^(α−1) e^(−βx) / Γ(α) for x > 0.
 *
 * - support: positive; parameters: `concentration` α > 0, `rate` β > 0
 * - mean α/β, variance α/β², entropy α − log β + log Γ(α) + (1 − α)ψ(α)
 * - reparameterized (`rsample`): x = g/β with g ~ Gamma(α, 1) drawn by Marsaglia & Tsang and
 *   differentiated implicitly, dg/dα = −(∂F/∂α)(g; α)/f(g; α) (Figurnov et al. 2018); dx/dβ = −x/β.
 *   Draws below 2⁻¹²⁶ (common for α ≲ 0.05) are returned as 2⁻¹²⁶, with the gradient at that value.
 *
 * @example
 * ```ts
 * const d = new GammaDistribution(tf.tensor([2, 0.5]), tf.scalar(1));
 * d.logProb(tf.tensor([1, 1])); // [−1, −1.5724]
 * ```
 */
export class GammaDistribution extends Distribution<"positive"> {
  readonly name: string = "Gamma";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"positive"> = positive;
  readonly argConstraints: Readonly<Record<string, Constraint>> = {
    /** The shape α must be > 0. */
    concentration: positive,
    /** The inverse scale β must be > 0. */
    rate: positive,
  };
  readonly hasRsample = true;

  /**
   * @param concentration - shape α > 0 (a float32 tensor)
   * @param rate - inverse scale β > 0 (a float32 tensor)
   * @param batchShape - a batch shape both broadcast to (default: their broadcast)
   */
  constructor(
    readonly concentration: tf.Tensor,
    readonly rate: tf.Tensor,
    batchShape?: number[],
  ) {
    super();
    this.batchShape = broadcastShapes("Gamma", concentration.shape, rate.shape, batchShape ?? []);
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => tf.div(randomGamma(this.concentration, this.shape(sampleShape), seed), this.rate));
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const a = this.concentration;
      const b = this.rate;
      // α log β + (α − 1) log x − βx − log Γ(α); mulLog makes (α − 1) log x = 0 at α = 1, x = 0 and keeps
      // its α-derivative log x there (xlogy would give 0).
      const lp = tf.sub(
        tf.add(tf.mul(a, tf.log(b)), mulLog(tf.sub(a, 1), value)),
        tf.add(tf.mul(b, value), lgamma(a)),
      );
      return this.broadcastBatch(lp, value);
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.div(this.concentration, this.rate), this.batchShape));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.div(this.concentration, tf.square(this.rate)), this.batchShape));
  }

  override entropy(): tf.Tensor {
    return tf.tidy(() =>
      tf.broadcastTo(tf.sub(gammaEntropyCore(this.concentration, 1), tf.log(this.rate)), this.batchShape),
    );
  }

  override expand(batchShape: number[]): GammaDistribution {
    return new GammaDistribution(
      this.concentration,
      this.rate,
      expandShape(`${this.name}.expand`, this.batchShape, batchShape),
    );
  }

  /** Broadcast a log-density to `value.shape` ⊕ the batch shape. */
  protected broadcastBatch(lp: tf.Tensor, value: tf.Tensor): tf.Tensor {
    const target = broadcastShapes(`${this.name}.logProb`, value.shape, this.batchShape);
    return shapesEqual(lp.shape, target) ? lp : tf.broadcastTo(lp, target);
  }
}

/**
 * Create a Gamma(concentration, rate) distribution from numbers, arrays or tensors.
 *
 * ```
 * p(x) = rate^concentration x^(concentration − 1) e^(−rate·x) / Γ(concentration),   x > 0
 * ```
 *
 * Mean concentration/rate, variance concentration/rate². Has `rsample` (implicit reparameterization).
 *
 * @param concentration - the shape α; must be positive
 * @param rate - the inverse scale β; must be positive
 * @example
 * ```ts
 * const prior = Gamma(2, 1).expand([10]);
 * const q = Gamma(softplus(a), softplus(b)); // a reparameterized guide
 * q.rsample([16]);                           // gradients reach a and b
 * ```
 */
export function Gamma(concentration: TensorLike, rate: TensorLike): GammaDistribution {
  return new GammaDistribution(param("Gamma", "concentration", concentration, positive), param("Gamma", "rate", rate, positive));
}

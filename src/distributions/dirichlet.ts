/**
 * The Dirichlet distribution on the probability simplex.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../errors.js";
import { digammaDifference } from "../math/digamma-difference.js";
import { randomDirichlet } from "../math/gamma-sampler.js";
import { lgamma } from "../math/lgamma.js";
import type { Seed } from "../math/rng.js";
import { broadcastShapes, expandShape, formatShape, shapesEqual } from "../math/shape.js";
import { stopGradient } from "../math/stop-gradient.js";
import type { TensorLike } from "../math/tensor-like.js";
import { mulLog } from "../math/mul-log.js";
import { type Constraint, positive, simplex } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";

/**
 * log B(α) = Σₖ log Γ(αₖ) − log Γ(Σₖ αₖ) over the last axis.
 *
 * @internal
 */
export function logMultivariateBeta(alpha: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.sum(lgamma(alpha), -1), lgamma(tf.sum(alpha, -1))));
}

/**
 * Dirichlet(concentration): density p(x) = Πₖ xₖ^(αₖ−1) / B(α) on the simplex {x : xₖ > 0, Σₖ xₖ = 1},
 * B(α) = Πₖ Γ(αₖ) / Γ(α₀), α₀ = Σₖ αₖ.
 *
 * - event shape [K] (the last axis of `concentration`), batch shape the leading axes
 * - support: the simplex; parameter: `concentration` α, every αₖ > 0
 * - mean α/α₀, variance αₖ(α₀ − αₖ)/(α₀²(α₀ + 1)),
 *   entropy log B(α) + (α₀ − K)ψ(α₀) − Σₖ (αₖ − 1)ψ(αₖ)
 * - reparameterized: x = g/Σg with gₖ ~ Gamma(αₖ) (log-draws normalized in float64, so tiny
 *   concentrations never give 0/0), the gradient flowing through each gₖ's implicit gradient; components
 *   below 2⁻¹²⁶ are returned as 2⁻¹²⁶
 *
 * @example
 * ```ts
 * const d = new DirichletDistribution(tf.tensor([1, 1, 1]));
 * d.logProb(tf.tensor([0.2, 0.3, 0.5])); // log 2 (uniform on the 2-simplex)
 * ```
 */
export class DirichletDistribution extends Distribution<"simplex"> {
  readonly name = "Dirichlet";
  readonly batchShape: number[];
  readonly eventShape: number[];
  readonly support: Constraint<"simplex"> = simplex;
  readonly argConstraints = {
    /** Every concentration αₖ must be > 0. */
    concentration: positive,
  };
  readonly hasRsample = true;

  /**
   * @param concentration - α with shape batch ++ [K], every entry > 0 (a float32 tensor)
   * @param batchShape - a batch shape the leading axes broadcast to (default: their shape)
   */
  constructor(
    readonly concentration: tf.Tensor,
    batchShape?: number[],
  ) {
    super();
    if (concentration.rank < 1) {
      throw new ShapeError("Dirichlet", `'concentration' must have at least one axis (the event), got shape ${formatShape(concentration.shape)}`);
    }
    this.eventShape = [concentration.shape[concentration.rank - 1]!];
    this.batchShape = broadcastShapes("Dirichlet", concentration.shape.slice(0, -1), batchShape ?? []);
  }

  override rsample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => randomDirichlet(this.concentration, this.shape(sampleShape), seed));
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(sampleShape, seed)));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const a = this.concentration;
      const lp = tf.sub(tf.sum(mulLog(tf.sub(a, 1), value), -1), logMultivariateBeta(a));
      const target = broadcastShapes("Dirichlet.logProb", value.shape.slice(0, -1), this.batchShape);
      return shapesEqual(lp.shape, target) ? lp : tf.broadcastTo(lp, target);
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => {
      const a = this.concentration;
      return tf.broadcastTo(tf.div(a, tf.sum(a, -1, true)), this.shape());
    });
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => {
      const a = this.concentration;
      const a0 = tf.sum(a, -1, true);
      // (α₀ − αₖ) as the sum of the other entries' share: α₀ − αₖ formed once, then divided
      const v = tf.div(tf.mul(tf.div(a, a0), tf.div(tf.sub(a0, a), a0)), tf.add(a0, 1));
      return tf.broadcastTo(v, this.shape());
    });
  }

  override entropy(): tf.Tensor {
    return tf.tidy(() => {
      const a = this.concentration;
      const a0 = tf.sum(a, -1, true);
      // log B(α) + Σₖ (αₖ − 1)(ψ(α₀) − ψ(αₖ))
      const h = tf.add(logMultivariateBeta(a), tf.sum(tf.mul(tf.sub(a, 1), digammaDifference(a, tf.sub(a0, a))), -1));
      return tf.broadcastTo(h, this.batchShape);
    });
  }

  override expand(batchShape: number[]): DirichletDistribution {
    return new DirichletDistribution(this.concentration, expandShape("Dirichlet.expand", this.batchShape, batchShape));
  }
}

/**
 * Create a Dirichlet(concentration) distribution from numbers, arrays or tensors; the last axis of
 * `concentration` is the event (the K categories).
 *
 * ```
 * p(x) = Γ(Σₖ αₖ) / Πₖ Γ(αₖ) · Πₖ xₖ^(αₖ − 1),   x on the simplex
 * ```
 *
 * Mean α/Σα. Has `rsample` (normalized Gammas with implicit gradients).
 *
 * @param concentration - α, shape batch ++ [K]; every entry must be positive
 * @example
 * ```ts
 * const topics = Dirichlet(tf.fill([10], 0.1)); // sparse weights over 10 topics
 * topics.sample([5]).shape;                     // [5, 10]
 * ```
 */
export function Dirichlet(concentration: TensorLike): DirichletDistribution {
  return new DirichletDistribution(param("Dirichlet", "concentration", concentration, positive));
}

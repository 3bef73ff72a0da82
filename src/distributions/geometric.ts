/**
 * The Geometric distribution: the number of failures before the first success.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { branchMask, log1pRatio } from "../math/piecewise.js";
import type { Seed } from "../math/rng.js";
import { broadcastShapes, expandShape } from "../math/shape.js";
import { softplus } from "../math/special.js";
import type { TensorLike } from "../math/tensor-like.js";
import { xlog1py } from "../math/xlogy.js";
import { type Constraint, nonNegativeInteger, real } from "./constraints.js";
import { drawTensor, geometricDraw, streamOf, valuesAt } from "./count-samplers.js";
import { Distribution } from "./distribution.js";
import { leftOpenUnitInterval, logProbPair, type ProbsOrLogits, probsOrLogits } from "./probs-logits.js";

/**
 * Geometric(p): mass P(X = k) = p (1 − p)ᵏ on k ∈ {0, 1, 2, …}, the number of failures before the
 * first success (PyTorch's and Pyro's convention; the number of trials is X + 1).
 *
 * - parameters: `probs` p ∈ (0, 1] (success probability), or `logits` ℓ = log(p/(1 − p)) ∈ ℝ
 * - support: the non-negative integers
 * - mean (1 − p)/p = e^(−ℓ), variance (1 − p)/p² = e^(−ℓ)(1 + e^(−ℓ)),
 *   entropy [−p log p − (1 − p) log(1 − p)]/p = softplus(−ℓ) + e^(−ℓ) softplus(ℓ)
 * - not reparameterized (`hasRsample` is false); `sample` is exact inversion, ⌊log U / log(1 − p)⌋
 *
 * @example
 * ```ts
 * const d = new GeometricDistribution({ probs: tf.scalar(0.25) });
 * d.logProb(tf.scalar(2)); // log(0.25 · 0.75²) ≈ −1.9617
 * d.mean;                  // 3
 * ```
 */
export class GeometricDistribution extends Distribution<"nonNegativeInteger"> {
  readonly name = "Geometric";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"nonNegativeInteger"> = nonNegativeInteger;
  readonly argConstraints: Readonly<Record<string, Constraint>>;
  readonly hasRsample = false;

  /**
   * @param params - exactly one of `probs` ∈ (0, 1] or `logits` (float32)
   * @param batchShape - a batch shape the parameter broadcasts to (default: its shape)
   */
  constructor(
    readonly params: ProbsOrLogits,
    batchShape?: number[],
  ) {
    super();
    const t = "logits" in params ? params.logits : params.probs;
    this.argConstraints = "logits" in params ? { logits: real } : { probs: leftOpenUnitInterval };
    this.batchShape = broadcastShapes("Geometric", t.shape, batchShape ?? []);
  }

  /** The logits ℓ = log p − log(1 − p), broadcast to the batch shape (+Infinity where p = 1). */
  get logits(): tf.Tensor {
    return tf.tidy(() => {
      if ("logits" in this.params) return tf.broadcastTo(this.params.logits, this.batchShape);
      const [lp, lq] = logProbPair(this.params);
      return tf.broadcastTo(tf.sub(lp, lq), this.batchShape);
    });
  }

  /** The success probabilities p, broadcast to the batch shape. */
  get probs(): tf.Tensor {
    return tf.tidy(() =>
      tf.broadcastTo("logits" in this.params ? tf.sigmoid(this.params.logits) : this.params.probs, this.batchShape),
    );
  }

  sample(sampleShape: number[] = [], seed?: Seed): tf.Tensor {
    const rng = streamOf(seed);
    const log1mP =
      "logits" in this.params
        ? valuesAt(this.params.logits, this.batchShape).map((l) => -(Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l)))))
        : valuesAt(this.params.probs, this.batchShape).map((p) => Math.log1p(-p));
    return drawTensor(sampleShape, this.batchShape, (b) => geometricDraw(log1mP[b]!, rng));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const target = broadcastShapes("Geometric.logProb", value.shape, this.batchShape);
      const valid = tf.broadcastTo(
        branchMask(value, (v) => tf.logicalAnd(tf.greaterEqual(v, 0), tf.equal(v, tf.round(v)))),
        target,
      );
      const k = tf.where(valid, tf.broadcastTo(value, target), tf.zeros(target));
      let lp: tf.Tensor;
      if ("logits" in this.params) {
        // log p + k log(1 − p) = −softplus(−ℓ) − k softplus(ℓ): no cancellation, exact tails.
        const l = this.params.logits;
        lp = tf.neg(tf.add(softplus(tf.neg(l)), tf.mul(k, softplus(l))));
      } else {
        // log p + k log1p(−p), with 0·log 0 = 0 at p = 1.
        const p = this.params.probs;
        lp = tf.add(tf.log(p), xlog1py(k, tf.neg(p)));
      }
      return tf.where(valid, tf.broadcastTo(lp, target), tf.fill(target, -Infinity));
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => {
      if ("logits" in this.params) return tf.broadcastTo(tf.exp(tf.neg(this.params.logits)), this.batchShape);
      const p = this.params.probs;
      return tf.broadcastTo(tf.div(tf.sub(1, p), p), this.batchShape);
    });
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => {
      if ("logits" in this.params) {
        const e = tf.exp(tf.neg(this.params.logits));
        return tf.broadcastTo(tf.mul(e, tf.add(1, e)), this.batchShape);
      }
      const p = this.params.probs;
      return tf.broadcastTo(tf.div(tf.sub(1, p), tf.square(p)), this.batchShape);
    });
  }

  override entropy(): tf.Tensor {
    return tf.tidy(() => {
      if ("logits" in this.params) {
        // softplus(−ℓ) + e^(−ℓ)·softplus(ℓ); the second term is log1p(t)/t with t = e^ℓ for ℓ ≤ 0
        // (no overflow of e^(−ℓ), no 0·∞).
        const l = this.params.logits;
        const neg = branchMask(l, (v) => tf.lessEqual(v, 0));
        const ln = tf.where(neg, l, tf.zerosLike(l));
        const lpos = tf.where(neg, tf.zerosLike(l), l);
        const second = tf.where(neg, log1pRatio(tf.exp(ln)), tf.mul(tf.exp(tf.neg(lpos)), softplus(lpos)));
        return tf.broadcastTo(tf.add(softplus(tf.neg(l)), second), this.batchShape);
      }
      // −log p − ((1 − p)/p)·log(1 − p), with 0·log 0 = 0 at p = 1.
      const p = this.params.probs;
      return tf.broadcastTo(tf.neg(tf.add(tf.log(p), xlog1py(tf.div(tf.sub(1, p), p), tf.neg(p)))), this.batchShape);
    });
  }

  override expand(batchShape: number[]): GeometricDistribution {
    return new GeometricDistribution(this.params, expandShape("Geometric.expand", this.batchShape, batchShape));
  }
}

/** Arguments of {@link Geometric}: the success probability, or its logits. */
export type GeometricParams =
  | {
      /** Success probability p ∈ (0, 1]. */
      probs: TensorLike;
    }
  | {
      /** Log-odds of a success, ℓ = log(p/(1 − p)) ∈ ℝ. */
      logits: TensorLike;
    };

/**
 * Create a Geometric distribution (failures before the first success) from `probs` p ∈ (0, 1] or
 * `logits` ℓ.
 *
 * ```
 * P(X = k) = p (1 − p)ᵏ,   k ∈ {0, 1, 2, …},   p = sigmoid(ℓ)
 * ```
 *
 * @example
 * ```ts
 * Geometric({ probs: 0.5 }).logProb(tf.scalar(0)); // log 0.5
 * Geometric({ logits: 0 }).mean;                   // 1
 * ```
 */
export function Geometric(params: GeometricParams): GeometricDistribution {
  return new GeometricDistribution(probsOrLogits("Geometric", params, leftOpenUnitInterval));
}

/**
 * The Binomial distribution: successes in `totalCount` independent trials.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { logBinomialPmf } from "../math/count-pmf.js";
import { branchMask } from "../math/piecewise.js";
import type { Seed } from "../math/rng.js";
import { broadcastShapes, expandShape } from "../math/shape.js";
import type { TensorLike } from "../math/tensor-like.js";
import { type Constraint, nonNegativeInteger, real, unitInterval } from "./constraints.js";
import { binomialDraw, drawTensor, streamOf, valuesAt } from "./count-samplers.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";
import { logProbPair, probPair, probPairValues, type ProbsOrLogits, probsOrLogits } from "./probs-logits.js";

/** The support {0, 1, …, n} of one Binomial, checked against the (broadcast) total counts. */
function countsUpTo(totalCount: tf.Tensor): Constraint<"nonNegativeInteger"> {
  return {
    tag: "nonNegativeInteger",
    description: "an integer in [0, totalCount]",
    eventRank: 0,
    check: (x) =>
      tf.tidy(() =>
        tf.logicalAnd(tf.logicalAnd(tf.greaterEqual(x, 0), tf.lessEqual(x, totalCount)), tf.equal(x, tf.round(x))),
      ),
  };
}

/**
 * Binomial(n, p): mass P(X = k) = C(n, k) pᵏ (1 − p)ⁿ⁻ᵏ on k ∈ {0, 1, …, n}.
 *
 * - parameters: `totalCount` n (a non-negative integer), and `probs` p ∈ [0, 1] or `logits`
 *   ℓ = log(p/(1 − p)) ∈ ℝ
 * - support: the integers 0 … n (checked per element against n)
 * - mean n p, variance n p (1 − p); entropy −Σₖ P(k) log P(k), summed over k = 0 … max n (cost grows
 *   with the largest total count)
 * - log-mass without cancellation for large n (Loader's saddle-point form): |error| ≤ 16·2⁻²⁴·(1 + |log P| +
 *   log(n + 2) + |k − np|) for min(k, n − k) ≥ 7 (the textbook form's n·H(p)·2⁻²⁴ would be ≈ 0.04 at n = 10⁶);
 *   with logits, log p and log(1 − p) are −softplus(∓ℓ), exact in the tails
 * - not reparameterized (`hasRsample` is false); `sample` is exact (inversion for n·min(p, 1 − p) < 10,
 *   Hörmann's BTRS transformed rejection otherwise)
 *
 * @example
 * ```ts
 * const d = new BinomialDistribution(tf.scalar(10), { probs: tf.scalar(0.3) });
 * d.logProb(tf.scalar(3)); // log 0.26683
 * d.mean;                  // 3
 * ```
 */
export class BinomialDistribution extends Distribution<"nonNegativeInteger"> {
  readonly name = "Binomial";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"nonNegativeInteger">;
  readonly argConstraints: Readonly<Record<string, Constraint>>;
  readonly hasRsample = false;

  /**
   * @param totalCount - the number of trials n, non-negative integers (float32)
   * @param params - exactly one of `probs` or `logits` (float32)
   * @param batchShape - a batch shape the parameters broadcast to (default: their broadcast)
   */
  constructor(
    readonly totalCount: tf.Tensor,
    readonly params: ProbsOrLogits,
    batchShape?: number[],
  ) {
    super();
    const t = "logits" in params ? params.logits : params.probs;
    this.argConstraints =
      "logits" in params ? { totalCount: nonNegativeInteger, logits: real } : { totalCount: nonNegativeInteger, probs: unitInterval };
    this.batchShape = broadcastShapes("Binomial", totalCount.shape, t.shape, batchShape ?? []);
    this.support = countsUpTo(totalCount);
  }

  /** The logits ℓ = log p − log(1 − p), broadcast to the batch shape. */
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
    const n = valuesAt(this.totalCount, this.batchShape);
    const [p, q] = probPairValues(this.params, this.batchShape);
    return drawTensor(sampleShape, this.batchShape, (b) => binomialDraw(n[b]!, p[b]!, q[b]!, rng));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const target = broadcastShapes("Binomial.logProb", value.shape, this.batchShape);
      const n = this.totalCount;
      const valid = tf.broadcastTo(
        branchMask(value, (v) =>
          tf.logicalAnd(tf.logicalAnd(tf.greaterEqual(v, 0), tf.lessEqual(v, n)), tf.equal(v, tf.round(v))),
        ),
        target,
      );
      const k = tf.where(valid, tf.broadcastTo(value, target), tf.zeros(target));
      const rest = tf.where(valid, tf.sub(n, k), tf.broadcastTo(n, target));
      const [logP, logQ] = logProbPair(this.params);
      const lp = tf.broadcastTo(logBinomialPmf(k, rest, logP, logQ, ...probPair(this.params)), target);
      return tf.where(valid, lp, tf.fill(target, -Infinity));
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.mul(this.totalCount, this.probs), this.batchShape));
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => {
      const [lp, lq] = logProbPair(this.params);
      return tf.broadcastTo(tf.mul(this.totalCount, tf.exp(tf.add(lp, lq))), this.batchShape);
    });
  }

  /** Entropy −Σₖ P(k) log P(k), summed over k = 0 … max n (so it reads the total counts back). */
  override entropy(): tf.Tensor {
    return tf.tidy(() => {
      const n = tf.broadcastTo(this.totalCount, this.batchShape);
      const nMax = valuesAt(n, this.batchShape).reduce((a, v) => Math.max(a, v), 0);
      const ks = tf.reshape(tf.range(0, nMax + 1, 1, "float32"), [nMax + 1, ...this.batchShape.map(() => 1)]);
      const shape = [nMax + 1, ...this.batchShape];
      const inside = tf.broadcastTo(branchMask(ks, (k) => tf.lessEqual(k, n)), shape);
      const k = tf.where(inside, tf.broadcastTo(ks, shape), tf.zeros(shape));
      const rest = tf.where(inside, tf.sub(n, k), tf.broadcastTo(n, shape));
      const [logP, logQ] = logProbPair(this.params);
      const lp = logBinomialPmf(k, rest, logP, logQ, ...probPair(this.params));
      const terms = tf.where(inside, tf.mul(tf.exp(lp), lp), tf.zeros(shape));
      return tf.neg(tf.sum(terms, 0));
    });
  }

  override expand(batchShape: number[]): BinomialDistribution {
    return new BinomialDistribution(this.totalCount, this.params, expandShape("Binomial.expand", this.batchShape, batchShape));
  }
}

/** Arguments of {@link Binomial}: the number of trials, and probabilities or logits. */
export type BinomialParams = {
  /** The number of trials n, a non-negative integer (default 1). */
  totalCount?: TensorLike;
} & (
  | {
      /** Success probability p ∈ [0, 1]. */
      probs: TensorLike;
    }
  | {
      /** Log-odds of a success, ℓ = log(p/(1 − p)) ∈ ℝ. */
      logits: TensorLike;
    }
);

/**
 * Create a Binomial distribution from `totalCount` n (default 1) and `probs` p or `logits` ℓ.
 *
 * ```
 * P(X = k) = C(n, k) pᵏ (1 − p)ⁿ⁻ᵏ,   k ∈ {0, …, n},   p = sigmoid(ℓ)
 * ```
 *
 * @example
 * ```ts
 * const heads = Binomial({ totalCount: 10, probs: 0.5 });
 * const counts = Binomial({ totalCount: [5, 20], logits: tf.zeros([2]) }); // batch [2]
 * ```
 */
export function Binomial(params: BinomialParams): BinomialDistribution {
  const pl = probsOrLogits("Binomial", params as { probs?: TensorLike; logits?: TensorLike }, unitInterval);
  const n = param("Binomial", "totalCount", params.totalCount ?? 1, nonNegativeInteger);
  return new BinomialDistribution(n, pl);
}

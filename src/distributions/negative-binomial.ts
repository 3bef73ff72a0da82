/**
 * The Negative Binomial distribution: successes before `totalCount` failures.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { logBinomialPmf } from "../math/count-pmf.js";
import { branchMask, log1pDiff } from "../math/piecewise.js";
import type { Seed } from "../math/rng.js";
import { broadcastShapes, expandShape } from "../math/shape.js";
import type { TensorLike } from "../math/tensor-like.js";
import { type Constraint, nonNegativeInteger, positive, real } from "./constraints.js";
import { drawTensor, gammaDraw, poissonDraw, streamOf, valuesAt } from "./count-samplers.js";
import { Distribution } from "./distribution.js";
import { param } from "./params.js";
import { logProbPair, probPair, probPairValues, type ProbsOrLogits, probsOrLogits } from "./probs-logits.js";

/** Probabilities in [0, 1) (tag "unitInterval"): p = 1 would make every count infinite. */
const successProbs: Constraint<"unitInterval"> = {
  tag: "unitInterval",
  description: "in [0, 1)",
  eventRank: 0,
  check: (x) => tf.tidy(() => tf.logicalAnd(tf.greaterEqual(x, 0), tf.less(x, 1))),
};

/**
 * NegativeBinomial(r, p): mass P(X = k) = Γ(k + r) / (Γ(r) k!) · pᵏ (1 − p)ʳ on k ∈ {0, 1, 2, …}: the
 * number of successes, each of probability p, before the r-th failure (PyTorch's and Pyro's convention;
 * note that scipy's and Wikipedia's `p` is this 1 − p).
 *
 * - parameters: `totalCount` r > 0 (real: the Gamma–Poisson mixture with Gamma shape r), and `probs`
 *   p ∈ [0, 1) or `logits` ℓ = log(p/(1 − p)) ∈ ℝ
 * - support: the non-negative integers
 * - mean r p/(1 − p) = r e^ℓ, variance r p/(1 − p)² = r e^ℓ (1 + e^ℓ); entropy has no closed form and is
 *   not implemented (`entropy()` throws)
 * - log-mass as (r/(r + k))·Binomial(r; r + k, 1 − p), without cancellation for large counts (Loader's
 *   form); differentiable in p (or ℓ) and in r
 * - not reparameterized (`hasRsample` is false); `sample` is exact: Poisson(λ) with λ ~ Gamma(r, p/(1 − p))
 *
 * @example
 * ```ts
 * const d = new NegativeBinomialDistribution(tf.scalar(2), { probs: tf.scalar(0.5) });
 * d.logProb(tf.scalar(1)); // log(2 · 0.5 · 0.25) = log 0.25
 * d.mean;                  // 2
 * ```
 */
export class NegativeBinomialDistribution extends Distribution<"nonNegativeInteger"> {
  readonly name = "NegativeBinomial";
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  readonly support: Constraint<"nonNegativeInteger"> = nonNegativeInteger;
  readonly argConstraints: Readonly<Record<string, Constraint>>;
  readonly hasRsample = false;

  /**
   * @param totalCount - the number of failures r > 0 (float32, need not be an integer)
   * @param params - exactly one of `probs` ∈ [0, 1) or `logits` (float32)
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
      "logits" in params ? { totalCount: positive, logits: real } : { totalCount: positive, probs: successProbs };
    this.batchShape = broadcastShapes("NegativeBinomial", totalCount.shape, t.shape, batchShape ?? []);
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
    const r = valuesAt(this.totalCount, this.batchShape);
    const [p, q] = probPairValues(this.params, this.batchShape);
    return drawTensor(sampleShape, this.batchShape, (b) =>
      p[b] === 0 ? 0 : poissonDraw(gammaDraw(r[b]!, rng) * (p[b]! / q[b]!), rng),
    );
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const target = broadcastShapes("NegativeBinomial.logProb", value.shape, this.batchShape);
      const valid = tf.broadcastTo(
        branchMask(value, (v) => tf.logicalAnd(tf.greaterEqual(v, 0), tf.equal(v, tf.round(v)))),
        target,
      );
      const k = tf.where(valid, tf.broadcastTo(value, target), tf.zeros(target));
      const r = this.totalCount;
      const [logP, logQ] = logProbPair(this.params);
      // P(k) = r/(r + k) · C(r + k, r) (1 − p)ʳ pᵏ: a binomial mass with r "successes" of probability 1 − p.
      const [p, q] = probPair(this.params);
      const lp = tf.sub(logBinomialPmf(r, k, logQ, logP, q, p), log1pDiff(tf.div(k, r)));
      return tf.where(valid, tf.broadcastTo(lp, target), tf.fill(target, -Infinity));
    });
  }

  get mean(): tf.Tensor {
    return tf.tidy(() => {
      const [lp, lq] = logProbPair(this.params);
      return tf.broadcastTo(tf.mul(this.totalCount, tf.exp(tf.sub(lp, lq))), this.batchShape);
    });
  }

  get variance(): tf.Tensor {
    return tf.tidy(() => {
      const [lp, lq] = logProbPair(this.params);
      return tf.broadcastTo(tf.mul(this.totalCount, tf.exp(tf.sub(lp, tf.mul(2, lq)))), this.batchShape);
    });
  }

  override expand(batchShape: number[]): NegativeBinomialDistribution {
    return new NegativeBinomialDistribution(
      this.totalCount,
      this.params,
      expandShape("NegativeBinomial.expand", this.batchShape, batchShape),
    );
  }
}

/** Arguments of {@link NegativeBinomial}: the number of failures, and probabilities or logits. */
export type NegativeBinomialParams = {
  /** The number of failures r > 0 at which counting stops (need not be an integer). */
  totalCount: TensorLike;
} & (
  | {
      /** Success probability p ∈ [0, 1). */
      probs: TensorLike;
    }
  | {
      /** Log-odds of a success, ℓ = log(p/(1 − p)) ∈ ℝ. */
      logits: TensorLike;
    }
);

/**
 * Create a NegativeBinomial distribution (successes before `totalCount` failures) from `totalCount`
 * r > 0 and `probs` p ∈ [0, 1) or `logits` ℓ.
 *
 * ```
 * P(X = k) = Γ(k + r) / (Γ(r) k!) · pᵏ (1 − p)ʳ,   k ∈ {0, 1, 2, …},   p = sigmoid(ℓ)
 * ```
 *
 * Over-dispersed counts: mean μ = r e^ℓ, variance μ + μ²/r. To give the mean μ and the dispersion r,
 * pass `logits: log μ − log r`.
 *
 * @example
 * ```ts
 * const reads = NegativeBinomial({ totalCount: 5, logits: tf.sub(tf.log(mu), Math.log(5)) });
 * NegativeBinomial({ totalCount: 2, probs: 0.5 }).mean; // 2
 * ```
 */
export function NegativeBinomial(params: NegativeBinomialParams): NegativeBinomialDistribution {
  if (params === null || typeof params !== "object") {
    throw new TypeError(`NegativeBinomial: expected { totalCount, probs } or { totalCount, logits }, got ${String(params)}`);
  }
  const pl = probsOrLogits("NegativeBinomial", params as { probs?: TensorLike; logits?: TensorLike }, successProbs);
  const r = param("NegativeBinomial", "totalCount", params.totalCount, positive);
  return new NegativeBinomialDistribution(r, pl);
}
